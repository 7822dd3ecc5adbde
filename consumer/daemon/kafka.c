/*
 * The daemon's Kafka side: consumer configuration for at-least-once (offsets stored by hand,
 * committed in the background and at close), rebalances, --from, end-of-partition tracking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon_int.h"
#include "newsalert/grow.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"

/* Grows a zero-filled per-partition flag array to hold index p; 0 or -1 when out of memory. */
static int grow(unsigned char **a, size_t *n, int32_t p)
{
    size_t old = *n;
    if (na_grow((void **)a, n, (size_t)p, 1, 16))
        return -1;
    memset(*a + old, 0, *n - old);
    return 0;
}

void na_daemon_set_at_end(na_daemon *d, int32_t p, int at_end)
{
    /* A partition past --until (2) stays done whatever arrives after. */
    if (p >= 0 && !grow(&d->at_end, &d->n_at_end, p) && d->at_end[p] != NA_PAST_UNTIL)
        d->at_end[p] = (unsigned char)at_end;
}

int na_daemon_past_until(na_daemon *d, const rd_kafka_message_t *m)
{
    if (d->o->until_ms <= 0)
        return 0;
    int32_t p = m->partition;
    if ((size_t)p < d->n_at_end && d->at_end[p] == NA_PAST_UNTIL)
        return 1;
    rd_kafka_timestamp_type_t type;
    if (rd_kafka_message_timestamp(m, &type) < d->o->until_ms)
        return 0;
    na_daemon_set_at_end(d, p, NA_PAST_UNTIL);
    na_info("daemon", "partition %d: passed --until at offset %lld", (int)p, (long long)m->offset);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, d->o->topic, p);
    rd_kafka_pause_partitions(d->rk, l); /* nothing more is needed from it */
    rd_kafka_topic_partition_list_destroy(l);
    return 1;
}

int na_daemon_all_at_end(const na_daemon *d)
{
    if (!d->assigned || !d->assigned->cnt)
        return 0;
    for (int i = 0; i < d->assigned->cnt; i++) {
        int32_t p = d->assigned->elems[i].partition;
        if ((size_t)p >= d->n_at_end || !d->at_end[p])
            return 0;
    }
    return 1;
}

void na_daemon_store(na_daemon *d, int32_t p, int64_t next_offset)
{
    if (d->o->dry_run)
        return;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, d->o->topic, p)->offset = next_offset;
    rd_kafka_resp_err_t err = rd_kafka_offsets_store(d->rk, l);
    if (err)
        na_debug("daemon", "partition %d: offset %lld not stored: %s", (int)p,
                 (long long)next_offset, rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(l);
}

void na_daemon_pause(na_daemon *d, int pause)
{
    if (!d->assigned || d->paused == pause)
        return;
    if (pause)
        rd_kafka_pause_partitions(d->rk, d->assigned);
    else
        rd_kafka_resume_partitions(d->rk, d->assigned);
    d->paused = pause;
}

/* --from applies to the first assignment of each partition in this process only. */
static void position(na_daemon *d, rd_kafka_topic_partition_list_t *parts)
{
    int by_time = 0;
    for (int i = 0; i < parts->cnt; i++) {
        int32_t p = parts->elems[i].partition;
        na_daemon_set_at_end(d, p, 0);
        if (d->from.kind == NA_FROM_STORED || grow(&d->positioned, &d->n_positioned, p) ||
            d->positioned[p])
            continue;
        d->positioned[p] = 1;
        int64_t v = d->from.value;
        switch (d->from.kind) {
        case NA_FROM_BEGINNING:
            parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
            break;
        case NA_FROM_END:
            parts->elems[i].offset = RD_KAFKA_OFFSET_END;
            break;
        case NA_FROM_OFFSET:
            parts->elems[i].offset = v;
            break;
        case NA_FROM_TAIL:
            parts->elems[i].offset = RD_KAFKA_OFFSET_TAIL(v);
            break;
        default:
            parts->elems[i].offset = v;
            by_time = 1;
            break;
        }
    }
    if (by_time) { /* replaces each time with the first offset at or after it */
        rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(d->rk, parts, 10000);
        if (err)
            na_err("daemon", "--from: offsets for time: %s", rd_kafka_err2str(err));
    }
}

/* Grows the per-partition replay bounds to hold index p; 0 or -1. */
static int grow_replay(na_daemon *d, int32_t p)
{
    if ((size_t)p < d->n_replay_to)
        return 0;
    size_t m = (size_t)p + 16;
    int64_t *b = realloc(d->replay_to, m * sizeof *b);
    if (!b)
        return -1;
    for (size_t i = d->n_replay_to; i < m; i++)
        b[i] = 0;
    d->replay_to = b;
    d->n_replay_to = m;
    return 0;
}

/*
 * Replay: each partition resumes at its start; records before the committed offset C (none:
 * 0) rebuild the state (emit 0), the next ones run normally. The partition's state is reset
 * first, so a partition that comes back does not count its records twice.
 */
static void replay_from_start(na_daemon *d, rd_kafka_topic_partition_list_t *parts)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_copy(parts);
    rd_kafka_resp_err_t err = rd_kafka_committed(d->rk, l, 10000);
    if (err)
        na_warn("daemon", "%s: committed offsets: %s (re-reading without emitting nothing)",
                d->o->topic, rd_kafka_err2str(err));
    for (int i = 0; i < parts->cnt; i++) {
        int32_t p = parts->elems[i].partition;
        int64_t c = !err && !l->elems[i].err && l->elems[i].offset > 0 ? l->elems[i].offset : 0;
        if (grow_replay(d, p))
            continue;
        d->replay_to[p] = c;
        if (d->o->reset)
            d->o->reset(d->o->reset_ctx, p);
        parts->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_topic_partition_list_destroy(l);
}

void na_daemon_replay_to(na_daemon *d, const rd_kafka_topic_partition_list_t *next)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_copy(next);
    for (int i = 0; i < l->cnt; i++) {
        int32_t p = l->elems[i].partition;
        if (grow_replay(d, p))
            continue;
        /* Up to where the old set went on from, or further if its own re-read was not done. */
        if (l->elems[i].offset > d->replay_to[p])
            d->replay_to[p] = l->elems[i].offset;
        if (d->o->reset)
            d->o->reset(d->o->reset_ctx, p);
        na_daemon_set_at_end(d, p, 0);
        l->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_error_t *e = l->cnt ? rd_kafka_seek_partitions(d->rk, l, 10000) : NULL;
    if (e) {
        na_err("daemon", "%s: re-read after a reload: %s", d->o->topic, rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
    }
    for (int i = 0; i < l->cnt; i++)
        if (l->elems[i].err)
            na_err("daemon", "%s [%d]: re-read after a reload: %s", d->o->topic,
                   (int)l->elems[i].partition, rd_kafka_err2str(l->elems[i].err));
    rd_kafka_topic_partition_list_destroy(l);
}

int na_daemon_replaying(na_daemon *d, const rd_kafka_message_t *m)
{
    int32_t p = m->partition;
    if (!d->o->replay || (size_t)p >= d->n_replay_to || m->offset >= d->replay_to[p])
        return 0;
    if (m->payload &&
        d->o->record(d->o->record_ctx, m->payload, m->len, p, m->offset, 0, NULL, NULL))
        na_debug("daemon", "%s [%d] @%lld: not a stage record (skipped)", d->o->topic, (int)p,
                 (long long)m->offset);
    if (m->offset + 1 == d->replay_to[p])
        na_info("daemon", "partition %d of %s: window state rebuilt from %lld records", (int)p,
                d->o->topic, (long long)d->replay_to[p]);
    return 1;
}

/* The assignment after a rebalance: the new set (eager) or the old one plus or minus parts. */
static void track(na_daemon *d, const rd_kafka_topic_partition_list_t *parts, int add, int coop)
{
    rd_kafka_topic_partition_list_t *n = rd_kafka_topic_partition_list_new(8);
    for (int i = 0; coop && d->assigned && i < d->assigned->cnt; i++)
        if (add || !rd_kafka_topic_partition_list_find(parts, d->o->topic,
                                                       d->assigned->elems[i].partition))
            rd_kafka_topic_partition_list_add(n, d->o->topic, d->assigned->elems[i].partition);
    for (int i = 0; add && i < parts->cnt; i++)
        if (!rd_kafka_topic_partition_list_find(n, d->o->topic, parts->elems[i].partition))
            rd_kafka_topic_partition_list_add(n, d->o->topic, parts->elems[i].partition);
    if (d->assigned)
        rd_kafka_topic_partition_list_destroy(d->assigned);
    d->assigned = n;
}

/*
 * Cooperative-sticky (the default, docs/stream-rules.md) hands over only the partitions that
 * move: incremental assign and unassign; an eager strategy set with -X replaces the whole set.
 */
static void rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                      rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    na_daemon *d = opaque;
    int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    d->rebalances++;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        position(d, parts);
        if (d->o->replay)
            replay_from_start(d, parts);
        else
            na_daemon_rebuild(d, parts);
        na_info("daemon", "assigned %d partition(s) of %s", parts->cnt, d->o->topic);
        rd_kafka_error_t *e = coop ? rd_kafka_incremental_assign(rk, parts) : NULL;
        if (e) {
            na_err("daemon", "incremental assign: %s", rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
        }
        if (!coop)
            rd_kafka_assign(rk, parts);
        if (!coop || !d->paused)
            d->paused = 0;
        else
            rd_kafka_pause_partitions(rk, parts);
        track(d, parts, 1, coop);
        return;
    }
    /* Revoked: commit what is settled; the rest is redelivered by the next owner. */
    if (!d->o->dry_run && err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
        rd_kafka_commit(rk, NULL, 0);
    for (int i = 0; i < parts->cnt; i++) {
        int32_t p = parts->elems[i].partition;
        if (p >= 0 && !grow(&d->revoked, &d->n_revoked, p)) /* the batch's records: left */
            d->revoked[p] = 1;
        na_offsets_revoke(d->offsets, parts->elems[i].partition);
        if (d->o->reset)
            d->o->reset(d->o->reset_ctx, parts->elems[i].partition);
    }
    na_info("daemon", "revoked %d partition(s) of %s", parts->cnt, d->o->topic);
    rd_kafka_error_t *e = coop ? rd_kafka_incremental_unassign(rk, parts) : NULL;
    if (e) {
        na_err("daemon", "incremental unassign: %s", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
    }
    if (!coop) {
        rd_kafka_assign(rk, NULL);
        d->paused = 0;
    }
    track(d, parts, 0, coop);
}

enum kind { GROUP, READER, RETRY };

/* The configuration of the group consumer, of a consumer that only re-reads, or of the retry
 * topic's consumer (its own group, from the earliest parked alert). */
static rd_kafka_t *consumer_new(na_daemon *d, enum kind kind, char *errstr, size_t errlen)
{
    static const char *const ids[] = {"newsalert-consumer", "newsalert-consumer-rebuild",
                                      "newsalert-consumer-retry"};
    const struct na_daemon_opts *o = d->o;
    int reader = kind == READER;
    int end = kind == GROUP && (d->from.kind == NA_FROM_END || d->from.kind == NA_FROM_TAIL);
    int eof = kind != GROUP || o->exit_at_end || o->until_ms > 0 || o->tick || o->replay;
    const na_kafka_prop fixed[] = {
        {"bootstrap.servers", o->brokers},
        /* a reader never subscribes nor commits: it does not join */
        {"group.id", kind == RETRY ? d->retry_group : o->group},
        {"client.id", ids[kind]},
        {"enable.auto.offset.store", "false"}, /* stored by hand once settled */
        {"enable.auto.commit", o->dry_run || reader ? "false" : "true"},
        {"auto.commit.interval.ms", "1000"},
        {"auto.offset.reset", end && !reader ? "latest" : "earliest"},
        {"enable.partition.eof", eof ? "true" : "false"},
        {"queued.max.messages.kbytes", "16384"}, /* prefetch bound: memory stays small */
        /* Only moved partitions pause on a rebalance; a member that vanishes is noticed in
         * 10 s instead of 45 (heartbeats every 3 s). docs/stream-rules.md, "Group". */
        {"partition.assignment.strategy", "cooperative-sticky"},
        {"session.timeout.ms", "10000"},
        {"heartbeat.interval.ms", "3000"},
        /* A subscribed topic created after the start (the producer's first write) is found
         * within 10 s, not after librdkafka's 5-minute refresh. */
        {"topic.metadata.refresh.interval.ms", "10000"},
        {"statistics.interval.ms", "5000"}, /* last, metrics only: lag, broker state */
    };
    int stats = kind == GROUP && na_metrics_enabled();
    size_t n_fixed = sizeof fixed / sizeof fixed[0] - (stats ? 0 : 1);
    rd_kafka_conf_t *conf =
        na_kafka_conf_new(fixed, n_fixed, o->kafka_props, o->n_kafka_props, errstr, errlen);
    if (!conf)
        return NULL;
    rd_kafka_conf_set_opaque(conf, d);
    if (!reader)
        rd_kafka_conf_set_rebalance_cb(conf, kind == RETRY ? na_daemon_retry_rebalance : rebalance);
    if (stats)
        rd_kafka_conf_set_stats_cb(conf, na_daemon_on_stats);
    char kerr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, kerr, sizeof kerr); /* owns conf */
    if (!rk) {
        snprintf(errstr, errlen, "%s", kerr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

rd_kafka_t *na_daemon_reader_new(na_daemon *d, char *errstr, size_t errlen)
{
    return consumer_new(d, READER, errstr, errlen);
}

rd_kafka_t *na_daemon_retry_consumer_new(na_daemon *d, char *errstr, size_t errlen)
{
    return consumer_new(d, RETRY, errstr, errlen);
}

rd_kafka_t *na_daemon_consumer_new(na_daemon *d, char *errstr, size_t errlen)
{
    const struct na_daemon_opts *o = d->o;
    rd_kafka_t *rk = consumer_new(d, GROUP, errstr, errlen);
    if (!rk)
        return NULL;
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, o->topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err) {
        snprintf(errstr, errlen, "subscribe to %s: %s", o->topic, rd_kafka_err2str(err));
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}
