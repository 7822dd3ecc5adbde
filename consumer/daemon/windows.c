/*
 * The window stage (docs/stream-rules.md, "Two stages"): reads the matches topic; per
 * partition, matches wait in event-time order until every source partition's watermark has
 * passed them plus their rule's lateness, then count in their rule's window. Its state is
 * rebuilt by re-reading each assigned partition from its start (replay in daemon/kafka.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "daemon/daemon_int.h"
#include "daemon/matches.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"
#include "stream/order.h"

#define EXPIRE_EVERY 256
#define LATE_LOGGED 20       /* late matches logged one by one; then every 100th */
#define STATS_EVERY_MS 60000 /* counts and memory at info */
#define END_CHECK_MS 500
#define GAUGES_EVERY_MS 1000

struct na_windows {
    na_rules *r;
    na_order **q; /* by partition of the matches topic */
    size_t n_q;
    const volatile int *upstream_done;
    unsigned long matches, late, repeats, released, unknown;
    unsigned long reread; /* matches re-read to rebuild a partition's state: not counted again */
    size_t since_expire;
    int64_t stats_at, gauges_at, end_at;
    /* the record being handled */
    int emit;
    int (*cb)(na_alert *al, void *ud);
    void *ud;
    char scope[16];
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static na_order *order(na_windows *w, int32_t p)
{
    if (p < 0)
        return NULL;
    if ((size_t)p >= w->n_q) {
        size_t m = (size_t)p + 16;
        na_order **q = realloc(w->q, m * sizeof *q);
        if (!q)
            return NULL;
        memset(q + w->n_q, 0, (m - w->n_q) * sizeof *q);
        w->q = q;
        w->n_q = m;
    }
    if (!w->q[p])
        w->q[p] = na_order_new();
    return w->q[p];
}

static int apply(const na_match *m, void *ud)
{
    na_windows *w = ud;
    if (w->emit) {
        w->released++;
        na_metrics_inc(NA_M_C_WINDOW_MATCHES, "counted", NULL);
    }
    int rc = na_rules_window_apply(w->r, m, w->scope, w->cb, w->ud, w->emit);
    return rc == NA_ENOTFOUND ? 0 : rc;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int on_match(na_windows *w, na_order *q, json_t *j, int32_t p, int64_t offset, int emit)
{
    na_match m = {str(j, "rule"),     str(j, "group"), str(j, "article"), -1,
                  str(j, "headline"), str(j, "url"),   str(j, "outlet"),  str(j, "value")};
    json_t *t = json_object_get(j, "time");
    if (!m.rule_id || !m.group || !m.article_id || !json_is_integer(t))
        return NA_EINVAL;
    m.time_ms = json_integer_value(t);
    int64_t lateness = na_rules_window_lateness(w->r, m.rule_id);
    if (lateness < 0) { /* a rule this process does not have (another rule set wrote it) */
        if (w->unknown++ == 0)
            na_warn("daemon",
                    "matches [%d] @%lld: rule \"%s\" is not a window rule here: "
                    "ignored",
                    (int)p, (long long)offset, m.rule_id);
        return 0;
    }
    /* A re-read (emit 0) rebuilds what this partition's records did when first read: its
     * repeats and late matches were counted and logged then, by whichever process read them. */
    *(emit ? &w->matches : &w->reread) += 1;
    int rc = na_order_add(q, &m, m.time_ms + lateness);
    if (rc != 0 || !emit)
        return rc < 0 ? rc : 0;
    if (na_rules_window_holds(w->r, &m, w->scope)) {
        w->repeats++; /* written again by a match stage that restarted: already counted */
        na_metrics_inc(NA_M_C_WINDOW_MATCHES, "repeat", NULL);
        return 0;
    }
    w->late++;
    na_metrics_inc(NA_M_C_WINDOW_MATCHES, "late", NULL);
    char when[40];
    na_time_format(m.time_ms, when, sizeof when);
    na_log(w->late <= LATE_LOGGED || w->late % 100 == 0 ? NA_LOG_WARN : NA_LOG_DEBUG, "daemon",
           "late match (%lu so far): rule %s, group \"%s\", article %s at %s arrived after its "
           "window was evaluated (lateness %" PRId64 " s): not counted",
           w->late, m.rule_id, m.group, m.article_id, when, lateness / 1000);
    return 0;
}

/* The lowest event time any partition of this process may still release (expiry bound). */
static int64_t low_frontier(const na_windows *w)
{
    int64_t low = INT64_MAX;
    for (size_t i = 0; i < w->n_q; i++)
        if (w->q[i] && na_order_frontier(w->q[i]) < low)
            low = na_order_frontier(w->q[i]);
    return low;
}

static int record(void *ctx, const char *payload, size_t len, int32_t p, int64_t offset, int emit,
                  int (*cb)(na_alert *al, void *ud), void *ud)
{
    na_windows *w = ctx;
    na_order *q = order(w, p);
    json_error_t je;
    json_t *j = json_loadb(payload, len, 0, &je);
    const char *kind = str(j, "kind");
    int rc = !q ? NA_ENOMEM : !kind ? NA_EINVAL : 0;
    w->emit = emit;
    w->cb = cb;
    w->ud = ud;
    snprintf(w->scope, sizeof w->scope, "%d|", (int)p);
    if (!rc && !strcmp(kind, "match")) {
        rc = on_match(w, q, j, p, offset, emit);
    } else if (!rc && !strcmp(kind, "watermark")) {
        json_t *pp = json_object_get(j, "partition"), *n = json_object_get(j, "partitions");
        json_t *t = json_object_get(j, "time");
        rc = !json_is_integer(pp) || !json_is_integer(n) || !json_is_integer(t)
                 ? NA_EINVAL
                 : na_order_watermark(q, (int32_t)json_integer_value(pp),
                                      (int32_t)json_integer_value(n), json_integer_value(t),
                                      json_is_true(json_object_get(j, "idle")));
        long n_out = rc ? 0 : na_order_release(q, apply, w);
        rc = n_out < 0 ? (int)n_out : rc;
        /* Flatline windows close as event time passes them: the low watermark, or with every
         * source idle the time they all reached (never "the end of time"). */
        int64_t clock = na_order_low(q);
        if (clock == INT64_MAX)
            clock = na_order_high(q);
        if (!rc && clock != INT64_MIN)
            rc = na_rules_window_advance(w->r, w->scope, clock, cb, ud, emit);
        if (n_out > 0 && (w->since_expire += (size_t)n_out) >= EXPIRE_EVERY) {
            w->since_expire = 0;
            int64_t low = low_frontier(w);
            if (low != INT64_MIN && low != INT64_MAX)
                na_rules_window_expire(w->r, low);
        }
    } else if (!rc) {
        rc = NA_EINVAL;
    }
    json_decref(j);
    return rc;
}

static void reset(void *ctx, int32_t p)
{
    na_windows *w = ctx;
    char scope[16];
    snprintf(scope, sizeof scope, "%d|", (int)p);
    na_rules_window_forget(w->r, scope);
    if ((size_t)p < w->n_q) {
        na_order_destroy(w->q[p]);
        w->q[p] = NULL;
    }
}

static void stats(na_windows *w, int level)
{
    size_t events, bytes = na_rules_window_memory(w->r, &events), pending = 0, obytes = 0;
    for (size_t i = 0; i < w->n_q; i++)
        if (w->q[i]) {
            pending += na_order_pending(w->q[i]);
            obytes += na_order_bytes(w->q[i]);
        }
    na_metrics_set(NA_M_C_WINDOW_HELD, "window", NULL, (double)events);
    na_metrics_set(NA_M_C_WINDOW_HELD, "waiting", NULL, (double)pending);
    na_metrics_set(NA_M_C_WINDOW_BYTES, NULL, NULL, (double)(bytes + obytes));
    if (level < 0) /* the gauges only */
        return;
    na_log(level, "daemon",
           "window stage: %lu matches, %lu released, %lu late, %lu repeats, %lu re-read; "
           "holding %zu matches in windows (%zu bytes) and %zu waiting for watermarks (%zu "
           "bytes)",
           w->matches, w->released, w->late, w->repeats, w->reread, events, bytes, pending, obytes);
}

/* With exit_at_end in one process with the match stage: done once it is and all is read. */
static void end_check(na_windows *w, na_daemon *d)
{
    for (int i = 0; d->assigned && i < d->assigned->cnt; i++) {
        int32_t p = d->assigned->elems[i].partition;
        int64_t lo = 0, hi = 0;
        rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(l, d->o->topic, p);
        int done = *w->upstream_done && !rd_kafka_position(d->rk, l) &&
                   !rd_kafka_query_watermark_offsets(d->rk, d->o->topic, p, &lo, &hi, 2000) &&
                   (l->elems[0].offset >= hi || hi == 0 || (l->elems[0].offset < 0 && hi == lo));
        rd_kafka_topic_partition_list_destroy(l);
        na_daemon_set_at_end(d, p, done);
    }
}

static void tick(void *ctx, na_daemon *d)
{
    na_windows *w = ctx;
    int64_t now = mono_ms();
    if (now - w->stats_at >= STATS_EVERY_MS) {
        w->stats_at = now;
        stats(w, NA_LOG_INFO);
    } else if (now - w->gauges_at >= GAUGES_EVERY_MS && na_metrics_enabled()) {
        w->gauges_at = now;
        stats(w, -1);
    }
    if (w->upstream_done && (!*w->upstream_done || now - w->end_at >= END_CHECK_MS)) {
        w->end_at = now;
        end_check(w, d);
    }
}

na_windows *na_windows_new(struct na_daemon_opts *o, na_rules *r)
{
    na_windows *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->r = r;
    w->stats_at = mono_ms();
    o->record = record;
    o->record_ctx = w;
    o->replay = 1;
    o->reset = reset;
    o->reset_ctx = w;
    o->tick = tick;
    o->tick_ctx = w;
    o->eval = NULL;
    o->eval_ctx = w; /* what a reload hands back (stages.c): not a rule set to free */
    o->rebuild = NULL;
    o->rules_horizon = NULL;
    o->event_parts = NULL; /* it reads matches, not articles */
    return w;
}

void na_windows_set_rules(na_windows *w, na_rules *r)
{
    w->r = r;
}

void na_windows_wait_for(na_windows *w, const volatile int *upstream_done)
{
    w->upstream_done = upstream_done;
}

void na_windows_destroy(na_windows *w)
{
    if (!w)
        return;
    stats(w, NA_LOG_INFO);
    for (size_t i = 0; i < w->n_q; i++)
        na_order_destroy(w->q[i]);
    free(w->q);
    free(w);
}
