/*
 * Routing: the one decision of what happens to an alert at a destination — sent alone, held
 * for a digest, or not sent (below the destination's min_severity, inhibited) — and the
 * inhibition state it needs (recent source alerts, by event time).
 */
#ifndef NEWSALERT_CONSUMER_ROUTE_H
#define NEWSALERT_CONSUMER_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "config/destinations.h"
#include "rules/alert.h"

typedef enum na_route_verdict {
    NA_ROUTE_SEND,      /* alone, now */
    NA_ROUTE_DIGEST,    /* held for its group's digest message */
    NA_ROUTE_BELOW_MIN, /* below the destination's min_severity: not for it */
    NA_ROUTE_INHIBITED  /* muted by an inhibit rule: counted, kept in reports, not sent */
} na_route_verdict;

typedef struct na_router na_router;

/* cfg (borrowed) must outlive the router. NULL when out of memory. */
na_router *na_router_new(const na_destinations *cfg);
void na_router_destroy(na_router *r);

/*
 * Once per alert, before na_route: remembers al as a source of the inhibit rules it matches and
 * decides whether an earlier source inhibits it. Returns 1 when inhibited (*rule: the rule's
 * index in cfg->inhibit), else 0.
 */
int na_router_observe(na_router *r, const na_alert *al, size_t *rule);
/* Whether a source remembered so far inhibits al now (a digest re-checks when it sends): 1 with
 * the inhibit rule's index in *rule (when not NULL), else 0. */
int na_router_inhibited(const na_router *r, const na_alert *al, size_t *rule);
/* The verdict for al at dest; inhibited is what na_router_observe returned for al. */
na_route_verdict na_route(const na_destination *dest, const na_alert *al, int inhibited);
/* "send", "digest", "below_min_severity", "inhibited". */
const char *na_route_verdict_name(na_route_verdict v);

/* The value of an alert field (na_destinations_alert_fields) or NULL when al has none. */
const char *na_alert_field(const na_alert *al, const char *field);
/* The event time inhibition and digests count by: al->time_ms, or now_ms when unknown. */
int64_t na_route_time(const na_alert *al, int64_t now_ms);

#endif
