/*
 * The window stage's ordering (docs/stream-rules.md, "Watermarks"): matches read from one
 * partition of the matches topic wait until every source partition's watermark has passed
 * their event time plus their rule's lateness, then leave in event-time order. A match that
 * would leave behind one already gone is late: refused, for the caller to count and log.
 */
#ifndef NEWSALERT_CONSUMER_ORDER_H
#define NEWSALERT_CONSUMER_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "rules/rules.h"

typedef struct na_order na_order;

na_order *na_order_new(void);
void na_order_destroy(na_order *o);

/*
 * Holds a copy of m until the low watermark reaches release_ms (its time plus its rule's
 * lateness). Returns 1 when held, 0 when late (release_ms is below a match already released),
 * or NA_ENOMEM.
 */
int na_order_add(na_order *o, const na_match *m, int64_t release_ms);

/*
 * Source partition p of n reports its watermark wm: the event time of the latest record it
 * read (so what is still to come from it is, in time order, not older); idle 1 when it has
 * nothing more for now. 0, NA_EINVAL for a partition outside 0..n-1, or NA_ENOMEM.
 */
int na_order_watermark(na_order *o, int32_t p, int32_t n, int64_t wm, int idle);

/*
 * The low watermark: the least watermark of the source partitions that are not idle;
 * INT64_MIN until all n have reported, INT64_MAX when every one is idle.
 */
int64_t na_order_low(const na_order *o);

/* The greatest watermark heard from any source (INT64_MIN: none): with every source idle,
 * the event time all of them reached. */
int64_t na_order_high(const na_order *o);

/*
 * Passes every held match whose release_ms is at or below the low watermark to fn, in order of
 * (release_ms, time, rule, group, article), then forgets it. Returns how many, or fn's first
 * negative result (the match stays released).
 */
long na_order_release(na_order *o, int (*fn)(const na_match *m, void *ud), void *ud);

/* Matches held; the highest release_ms released so far (INT64_MIN: none); bytes held. */
size_t na_order_pending(const na_order *o);
int64_t na_order_frontier(const na_order *o);
size_t na_order_bytes(const na_order *o);

#endif
