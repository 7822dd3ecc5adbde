/*
 * Event-time windows for stream-aware rules (frequency, spike, cooldown). One na_window holds,
 * per group key, the times of the matching events still inside the horizon; times are the
 * articles' published times, so replays give the same answers as live runs.
 */
#ifndef NEWSALERT_CONSUMER_WINDOW_H
#define NEWSALERT_CONSUMER_WINDOW_H

#include <stddef.h>
#include <stdint.h>

typedef struct na_window na_window;

/*
 * horizon_ms: how far back counts may look (the window, or twice it for spike rules);
 * lateness_ms: how late an event may arrive after the newest one seen and still count.
 */
na_window *na_window_new(int64_t horizon_ms, int64_t lateness_ms);
void na_window_destroy(na_window *w);

/*
 * Records a matching event for key at time t, in O(log n) when t is not older than the key's
 * newest event. Returns 1 if it was recorded, 0 if it was a repeat (the same event id at the
 * same time) already held for that key, or too late (older than the newest time
 * seen minus lateness), or a negative error code.
 */
int na_window_add(na_window *w, const char *key, int64_t t, const char *event_id);
/* Like na_window_add, and keeps label (e.g. the headline; copied, may be NULL) for evidence. */
int na_window_add_labelled(na_window *w, const char *key, int64_t t, const char *event_id,
                           const char *label);

/* One event held for a key. The strings belong to the window. */
typedef struct na_window_event {
    int64_t t;
    const char *event_id, *label; /* NULL when not given */
} na_window_event;

/*
 * The newest (at most max) events held for key with from < time <= to, oldest first in out;
 * returns how many were written.
 */
size_t na_window_recent(const na_window *w, const char *key, int64_t from, int64_t to,
                        na_window_event *out, size_t max);

/* Events held for key with from < time <= to. */
size_t na_window_count(const na_window *w, const char *key, int64_t from, int64_t to);

/* Cooldown: 1 if an alert for key was marked within (t - period, t], else 0. */
int na_window_cooling(const na_window *w, const char *key, int64_t t, int64_t period_ms);
int na_window_mark_alert(na_window *w, const char *key, int64_t t);

/* Drops what no count can reach any more; call now and then with the newest event time. */
void na_window_expire(na_window *w, int64_t newest);

/* The newest event time seen (-1 before any). */
int64_t na_window_newest(const na_window *w);

/* Number of keys held (for metrics and tests). */
size_t na_window_keys(const na_window *w);
/* ordered 1: the caller hands events over in time order per key and drops late ones itself
 * (the window stage), so add does not compare with the newest time of every key. */
void na_window_set_ordered(na_window *w, int ordered);

/* Forgets every key starting with prefix (its events and its cooldown mark). */
void na_window_forget(na_window *w, const char *prefix);

/* Number of events held, and the bytes the window uses (for metrics: memory is bounded by the
 * events inside the horizon). */
size_t na_window_events(const na_window *w);
size_t na_window_bytes(const na_window *w);

/* 1 when key holds event_id at time t (a repeat, which na_window_add would ignore), else 0. */
int na_window_holds(const na_window *w, const char *key, int64_t t, const char *event_id);
/* The same for an event added with a value: a repeat has the same id, time and value. */
int na_window_holds_value(const na_window *w, const char *key, int64_t t, const char *event_id,
                          const char *value);

/* Like na_window_add_labelled, with the value (copied, may be NULL) that na_window_distinct
 * counts (cardinality windows: an outlet, a place). One event id may carry several values. */
int na_window_add_valued(na_window *w, const char *key, int64_t t, const char *event_id,
                         const char *label, const char *value);
/* Distinct values among key's events with from < time <= to (O(k log k) for the k events in
 * the range), or NA_ENOMEM. */
long na_window_distinct(const na_window *w, const char *key, int64_t from, int64_t to);

/*
 * Calls fn for every key starting with prefix (NULL: every key) with the times of its oldest
 * and newest event held (-1: none) and a mark the caller keeps per key (-1 until set: the
 * flatline windows checked so far). fn's nonzero result stops and is returned. fn must not
 * add or forget keys.
 */
int na_window_each_key(na_window *w, const char *prefix,
                       int (*fn)(const char *key, int64_t oldest, int64_t newest, int64_t *mark,
                                 void *ud),
                       void *ud);

#endif
