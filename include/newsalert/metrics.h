/*
 * Process metrics in the Prometheus text exposition format 0.0.4: one table of families
 * (common/metrics.c, documented in docs/operations.md), counters, gauges and histograms with up
 * to two labels. Recording is a no-op until na_metrics_enable(); thread-safe (one mutex).
 */
#ifndef NEWSALERT_METRICS_H
#define NEWSALERT_METRICS_H

#include <stddef.h>

/* One row each in common/metrics.c; the order is the table's. */
enum na_metric {
    NA_M_BUILD_INFO,
    NA_M_LOG_SUPPRESSED,
    NA_M_P_READ,
    NA_M_P_PRODUCED,
    NA_M_P_DELIVERED,
    NA_M_P_FAILED,
    NA_M_P_REJECTED,
    NA_M_P_FEED_POLLS,
    NA_M_C_RECORDS,
    NA_M_C_REJECTED,
    NA_M_C_RULE_MATCHES,
    NA_M_C_ALERTS,
    NA_M_C_STORY_ALERTS,
    NA_M_C_DELIVERIES,
    NA_M_C_RETRIES,
    NA_M_C_DEAD_LETTERS,
    NA_M_C_SILENCED,
    NA_M_C_DELIVERY_LATENCY,
    NA_M_C_E2E_LAG,
    NA_M_C_PARTITION_LAG,
    NA_M_C_ASSIGNED,
    NA_M_C_RULESET_GENERATION,
    NA_M_C_RULESET_RULES,
    NA_M_C_RELOADS,
    NA_M_C_WINDOW_MATCHES,
    NA_M_C_WINDOW_HELD,
    NA_M_C_WINDOW_BYTES,
    NA_M_C_ROUTED,
    NA_M_C_DIGESTS,
    NA_M_C_LOOP_TURNS,
    NA_M__COUNT
};

enum na_metric_side { NA_METRICS_PRODUCER = 1, NA_METRICS_CONSUMER = 2 };

/* Starts recording the families of side (NA_METRICS_*); build_info is set to 1. */
void na_metrics_enable(int side);
/* 1 once na_metrics_enable ran. */
int na_metrics_enabled(void);
/* Drops every series and disables recording (tests). */
void na_metrics_reset(void);

/* Counter: adds v (>= 0) to the series of the label values (NULL where the family has fewer). */
void na_metrics_add(enum na_metric m, const char *l1, const char *l2, double v);
#define na_metrics_inc(m, l1, l2) na_metrics_add((m), (l1), (l2), 1)
/* Gauge: sets the series to v. */
void na_metrics_set(enum na_metric m, const char *l1, const char *l2, double v);
/* Histogram: counts v in the family's buckets, its _sum and _count. */
void na_metrics_observe(enum na_metric m, const char *l1, double v);
/* Gauge: drops every series of m (before setting again what is still there). */
void na_metrics_clear(enum na_metric m);
/* The value of a counter or gauge series (0 when absent), a histogram's count (tests). */
double na_metrics_get(enum na_metric m, const char *l1, const char *l2);

/* The exposition of the enabled side: a new string (free it), NULL when out of memory. */
char *na_metrics_render(size_t *len);
/* The name of family m ("newsalert_consumer_records_total"). */
const char *na_metrics_name(enum na_metric m);

#endif
