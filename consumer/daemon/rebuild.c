/*
 * Window state after a restart or a rebalance (docs/stream-rules.md, "State across restarts"):
 * before a partition resumes at its committed offset C, a short-lived consumer re-reads the
 * records from the first one at or after (time of record C-1) - (the rules' horizon) up to
 * C-1 and feeds them to the rules in rebuild mode: windows and cooldown marks fill, no alert
 * is raised, no offset is stored.
 */
#include <stdlib.h>

#include "daemon/daemon_int.h"
#include "newsalert/event.h"
#include "newsalert/log.h"
#include "newsalert/clock.h"

#define REBUILD_MAX_MS 60000 /* a rebuild that takes longer gives up (windows start emptier) */
#define LOOKUP_MS 10000

struct range {
    int32_t p;
    int64_t last; /* C-1, the last record to re-read */
    int64_t t;    /* its timestamp */
    int done;
    unsigned long records;
};

static struct range *find(struct range *r, size_t n, int32_t p)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].p == p)
            return &r[i];
    return NULL;
}

static int all_done(const struct range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!r[i].done)
            return 0;
    return 1;
}

/* Assigns rk the not-done ranges at their offsets (C-1, or starts); 0 or -1. */
static int assign(rd_kafka_t *rk, const char *topic, struct range *r, size_t n,
                  const int64_t *offsets)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        if (!r[i].done)
            rd_kafka_topic_partition_list_add(l, topic, r[i].p)->offset = offsets[i];
    rd_kafka_resp_err_t err = rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (err)
        na_warn("daemon", "rebuild: assign: %s", rd_kafka_err2str(err));
    return err ? -1 : 0;
}

/* Reads record C-1 of every range for its timestamp; ranges without one are done. */
static void read_last(rd_kafka_t *rk, struct range *r, size_t n, int64_t deadline)
{
    while (!all_done(r, n) && na_clock_mono_ms() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m)
            continue;
        struct range *g = find(r, n, m->partition);
        if (g && !g->done && !m->err && m->offset == g->last) {
            rd_kafka_timestamp_type_t type;
            g->t = rd_kafka_message_timestamp(m, &type);
            g->done = 1;
        } else if (g && !g->done &&
                   (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || m->offset > g->last)) {
            g->done = 1; /* C-1 is gone (retention): nothing to re-read */
            g->t = -1;
        }
        rd_kafka_message_destroy(m);
    }
    for (size_t i = 0; i < n; i++)
        r[i].done = !r[i].done || r[i].t < 0;
}

/* The first offset of each range: by time, or C-1 itself when the look-up finds nothing. */
static int starts(rd_kafka_t *rk, const char *topic, struct range *r, size_t n, int64_t horizon,
                  int64_t *out)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++) {
        out[i] = r[i].last;
        if (!r[i].done)
            rd_kafka_topic_partition_list_add(l, topic, r[i].p)->offset = r[i].t - horizon;
    }
    rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk, l, LOOKUP_MS);
    for (int i = 0; !err && i < l->cnt; i++) {
        size_t k = (size_t)(find(r, n, l->elems[i].partition) - r);
        int64_t o = l->elems[i].offset;
        if (!l->elems[i].err && o >= 0 && o < r[k].last)
            out[k] = o;
    }
    rd_kafka_topic_partition_list_destroy(l);
    if (err)
        na_warn("daemon", "rebuild: offsets for times: %s", rd_kafka_err2str(err));
    return err ? -1 : 0;
}

static void feed(na_daemon *d, struct range *g, const rd_kafka_message_t *m)
{
    const na_article *a = NULL;
    char err[256];
    g->records++;
    /* records that cannot be decoded were dead letters: skipped */
    if (m->payload && m->len &&
        !na_event_decoder_decode(d->dec, d->parts, m->payload, m->len, &a, err, sizeof err) &&
        d->o->rebuild(d->eval_ctx, a))
        na_warn("daemon", "rebuild: partition %d @%lld: rules failed", (int)m->partition,
                (long long)m->offset);
}

/* Re-reads every range from its start to C-1 through the rules in rebuild mode. */
static void reread(na_daemon *d, rd_kafka_t *rk, struct range *r, size_t n, int64_t deadline)
{
    while (!all_done(r, n) && na_clock_mono_ms() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m)
            continue;
        struct range *g = find(r, n, m->partition);
        if (g && !g->done) {
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || (!m->err && m->offset > g->last))
                g->done = 1;
            else if (!m->err) {
                feed(d, g, m);
                g->done = m->offset == g->last;
            }
        }
        rd_kafka_message_destroy(m);
    }
}

/* The ranges to rebuild: partitions resuming at a committed offset C > 0. */
static size_t ranges(na_daemon *d, const rd_kafka_topic_partition_list_t *parts, struct range *r)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(parts->cnt);
    for (int i = 0; i < parts->cnt; i++)
        if (parts->elems[i].offset == RD_KAFKA_OFFSET_INVALID) /* not placed by --from */
            rd_kafka_topic_partition_list_add(l, d->o->topic, parts->elems[i].partition);
    size_t n = 0;
    rd_kafka_resp_err_t err = l->cnt ? rd_kafka_committed(d->rk, l, LOOKUP_MS) : 0;
    if (err)
        na_warn("daemon", "rebuild: committed offsets: %s", rd_kafka_err2str(err));
    for (int i = 0; !err && i < l->cnt; i++)
        if (!l->elems[i].err && l->elems[i].offset > 0)
            r[n++] = (struct range){l->elems[i].partition, l->elems[i].offset - 1, -1, 0, 0};
    rd_kafka_topic_partition_list_destroy(l);
    return n;
}

/* The ranges up to given next offsets (a reload: where each partition goes on from). */
static size_t ranges_to(const rd_kafka_topic_partition_list_t *next, struct range *r)
{
    size_t n = 0;
    for (int i = 0; i < next->cnt; i++)
        if (next->elems[i].offset > 0)
            r[n++] = (struct range){next->elems[i].partition, next->elems[i].offset - 1, -1, 0, 0};
    return n;
}

static void rebuild(na_daemon *d, const rd_kafka_topic_partition_list_t *parts, int at_next)
{
    const struct na_daemon_opts *o = d->o;
    if (!o->rebuild || d->horizon_ms <= 0 || !parts->cnt)
        return;
    int64_t t0 = na_clock_mono_ms(), deadline = t0 + REBUILD_MAX_MS;
    struct range *r = calloc((size_t)parts->cnt, sizeof *r);
    int64_t *at = calloc((size_t)parts->cnt, sizeof *at);
    rd_kafka_t *rk = NULL;
    char err[512];
    size_t n = r && at ? (at_next ? ranges_to(parts, r) : ranges(d, parts, r)) : 0;
    if (!n)
        goto out;
    if (!(rk = na_daemon_reader_new(d, err, sizeof err))) {
        na_warn("daemon", "rebuild: %s", err);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        at[i] = r[i].last;
    if (assign(rk, o->topic, r, n, at))
        goto out;
    read_last(rk, r, n, deadline);
    if (all_done(r, n) || starts(rk, o->topic, r, n, d->horizon_ms, at) ||
        assign(rk, o->topic, r, n, at))
        goto out;
    reread(d, rk, r, n, deadline);
    int64_t ms = na_clock_mono_ms() - t0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].records)
            na_info("daemon",
                    "partition %d: window state rebuilt from %lu records (offsets %lld to "
                    "%lld) in %lld ms",
                    (int)r[i].p, r[i].records, (long long)at[i], (long long)r[i].last,
                    (long long)ms);
        if (!r[i].done)
            na_warn("daemon",
                    "partition %d: window rebuild stopped after %d s: windows may "
                    "undercount",
                    (int)r[i].p, REBUILD_MAX_MS / 1000);
    }
out:
    if (rk) {
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
    free(at);
    free(r);
}

void na_daemon_rebuild(na_daemon *d, const rd_kafka_topic_partition_list_t *parts)
{
    rebuild(d, parts, 0);
}

void na_daemon_rebuild_to(na_daemon *d, const rd_kafka_topic_partition_list_t *next)
{
    if (d->o->replay) /* the window stage: its matches topic from the start, as on assignment */
        na_daemon_replay_to(d, next);
    else
        rebuild(d, next, 1);
}
