/* Private to the report (report.c) and its routing part (report_routing.c). */
#ifndef NEWSALERT_CONSUMER_REPORT_INT_H
#define NEWSALERT_CONSUMER_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "modes/report.h"

/* Writes s with & < > " ' as HTML entities. */
void na_report_html_escape(FILE *f, const char *s);
/* Writes a table row: <td> cells of the n texts v, escaped. */
void na_report_html_cells(FILE *f, const char *const *v, size_t n);
/* Unix ms t as an ISO 8601 time into buf, or "-" when t < 0. */
void na_report_time(int64_t t, char *buf, size_t n);

/* The routing part of a report: per destination, alerts sent alone, held for digests, below
 * min_severity; the digests and the inhibited alerts (the first ones listed). */
typedef struct na_report_routing na_report_routing;
na_report_routing *na_report_routing_new(void);
void na_report_routing_destroy(na_report_routing *x);
/* The routing state of r (created with it). */
na_report_routing *na_report_routing_of(na_report *r);
/* {"destinations": {NAME: {...}}, "digests": {...}, "inhibited": {...}}; a new reference. */
json_t *na_report_routing_json(const na_report_routing *x);
/* The "Routing" section of the page (nothing when no routing was recorded). */
void na_report_routing_html(FILE *f, const na_report_routing *x);

#endif
