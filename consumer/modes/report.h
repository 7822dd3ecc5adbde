/*
 * Backtest reports: what a run over a stream raised, per rule — counts, first and last match,
 * top evidence and a timeline — written as JSON and as a self-contained HTML page with inline
 * SVG charts (no scripts, no network).
 */
#ifndef NEWSALERT_CONSUMER_REPORT_H
#define NEWSALERT_CONSUMER_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "rules/alert.h"

typedef struct na_report na_report;

/* title: shown at the top of the page (e.g. the input name); copied. */
na_report *na_report_new(const char *title);
void na_report_destroy(na_report *r);

/* Counts one event read (time_ms < 0: unknown) so the report knows the span and the totals. */
void na_report_add_event(na_report *r, int64_t time_ms);
/* Records one alert (a window alert too: counted apart as well); nothing of al is kept by
 * reference. This and na_report_add_event may be called from two threads (the stages). */
int na_report_add_alert(na_report *r, const na_alert *al);

/* Records that a silence (silence_id) muted al for destination ("" or NULL: a dry run): the
 * report counts it and lists the first ones. Nothing of al is kept by reference. */
int na_report_add_silenced(na_report *r, const na_alert *al, const char *destination,
                           const char *silence_id);

/* Routing (docs/delivery.md "Routing"), recorded by the daemon and by --input -c CONFIG: one
 * routing decision of al for destination (verdict: na_route_verdict_name); */
void na_report_count_route(na_report *r, const char *destination, const char *verdict);
/* an alert muted by inhibit_rules[rule] (for every destination); */
int na_report_add_inhibited(na_report *r, const na_alert *al, size_t rule);
/* a digest message of n alerts for destination (id: its webhook-id, time_ms: when sent). */
int na_report_add_digest(na_report *r, const char *destination, const char *id, const char *group,
                         size_t n, int64_t time_ms);

/* Timeline bucket width chosen for the span seen: an hour up to 3 days, else a day. */
int64_t na_report_bucket_ms(const na_report *r);

int na_report_write_json(const na_report *r, const char *path, char *errstr, size_t errlen);
int na_report_write_html(const na_report *r, const char *path, char *errstr, size_t errlen);

#endif
