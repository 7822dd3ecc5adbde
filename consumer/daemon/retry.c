/*
 * The retry topic (news.alerts.retry): an alert whose destination already has a full queue in
 * memory is parked there, so its record's offset can move on; a consumer in its own group
 * takes parked alerts back when their destination has room again. Keyed DESTINATION/ALERT_ID
 * and compacted: a delivered alert leaves a tombstone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon_int.h"
#include "newsalert/clock.h"
#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/json_util.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"

#define TAKE_BATCH 256  /* parked alerts read per pass */
#define IDLE_MS 1000    /* when none could be taken back, read again after this */
#define CREATE_MS 10000 /* how long creating the topic may take */

static void key_of(char *buf, size_t n, const char *destination, const char *alert_id)
{
    snprintf(buf, n, "%s/%s", destination, alert_id);
}

void na_daemon_retry_store(na_daemon *d, int32_t p, int64_t next_offset)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, d->retry_topic, p)->offset = next_offset;
    rd_kafka_resp_err_t err = rd_kafka_offsets_store(d->rrk, l);
    if (err)
        na_debug("retry", "partition %d: offset %lld not stored: %s", (int)p,
                 (long long)next_offset, rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(l);
}

/* A parked alert (or a re-parked one) is in the topic: the record it came from may settle. */
static void on_parked(void *opaque, void *ud)
{
    if (opaque) /* NULL: a tombstone */
        na_daemon_release(ud, opaque);
}

/* Eager or cooperative (the group's conf says which): rassigned follows either way. */
void na_daemon_retry_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t *parts, void *opaque)
{
    na_daemon *d = opaque;
    int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    rd_kafka_error_t *e = NULL;
    if (!coop && d->rassigned) {
        rd_kafka_topic_partition_list_destroy(d->rassigned);
        d->rassigned = NULL;
    }
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (!d->rassigned)
            d->rassigned = rd_kafka_topic_partition_list_new(parts->cnt);
        for (int i = 0; i < parts->cnt; i++) {
            int32_t p = parts->elems[i].partition;
            while ((size_t)p >= d->n_rat_end) {
                size_t old = d->n_rat_end;
                if (na_grow((void **)&d->rat_end, &d->n_rat_end, old, sizeof *d->rat_end, 16))
                    break;
                for (size_t k = old; k < d->n_rat_end; k++)
                    d->rat_end[k] = -1;
            }
            if ((size_t)p < d->n_rat_end)
                d->rat_end[p] = -1;
            rd_kafka_topic_partition_list_add(d->rassigned, d->retry_topic, p);
        }
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            rd_kafka_assign(rk, parts);
    } else {
        if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
            rd_kafka_commit(rk, NULL, 0);
        for (int i = 0; i < parts->cnt; i++) {
            na_offsets_revoke(d->roffsets, parts->elems[i].partition);
            if (d->rassigned)
                rd_kafka_topic_partition_list_del(d->rassigned, d->retry_topic,
                                                  parts->elems[i].partition);
        }
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            rd_kafka_assign(rk, NULL);
    }
    if (e) {
        na_err("retry", "%s: %s", d->retry_topic, rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
    }
}

/* Creates the topic compacted, with the broker's default partitions and replication. */
static void create_topic(na_daemon *d)
{
    char kerr[512];
    int rc =
        na_kafka_create_compacted(d->rrk, d->retry_topic, NULL, 0, CREATE_MS, kerr, sizeof kerr);
    if (rc == 0)
        na_info("retry", "created the retry topic %s (compacted)", d->retry_topic);
    else if (rc < 0)
        na_warn("retry", "cannot create the retry topic %s: create it compacted by hand", kerr);
}

int na_daemon_retry_setup(na_daemon *d, char *errstr, size_t errlen)
{
    const struct na_daemon_opts *o = d->o;
    snprintf(d->retry_group, sizeof d->retry_group, "%s.retry", o->group);
    snprintf(d->retry_topic, sizeof d->retry_topic, "%s", d->cfg->retry_topic);
    if (!(d->roffsets = na_offsets_new()))
        return -1;
    d->park = na_dlq_new(o->brokers, d->retry_topic, o->kafka_props, o->n_kafka_props, on_parked, d,
                         errstr, errlen);
    if (!d->park || !(d->rrk = na_daemon_retry_consumer_new(d, errstr, errlen)))
        return -1;
    create_topic(d);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, d->retry_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(d->rrk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err) {
        snprintf(errstr, errlen, "subscribe to %s: %s", d->retry_topic, rd_kafka_err2str(err));
        return -1;
    }
    return 0;
}

/* The parked record: which group parked it, where to, since when, the alert itself (stolen). */
static char *parked_record(const char *group, json_t *alert, const char *destination,
                           const char *alert_id, int64_t since_ms)
{
    json_t *j = alert ? json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "kind", "parked", "group",
                                  group, "destination", destination, "alert_id", alert_id,
                                  "since_ms", (json_int_t)since_ms, "alert", alert)
                      : NULL;
    char *s = j ? na_json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return s;
}

/* Writes the parked record; r (held by the caller) gains a reference until it is written. */
static int park(na_daemon *d, na_offsets_rec *r, json_t *alert, const char *alert_id,
                const char *destination, int64_t since_ms)
{
    char key[512];
    char *rec = parked_record(d->o->group, alert, destination, alert_id, since_ms);
    key_of(key, sizeof key, destination, alert_id);
    na_offsets_ref(r);
    int rc = rec ? na_dlq_send(d->park, key, rec, r) : NA_ENOMEM;
    free(rec);
    if (rc) {
        int32_t p;
        int64_t next;
        na_offsets_release(na_offsets_rec_owner(r), r, &p, &next); /* still held by the caller */
        return rc;
    }
    d->parked++;
    return NA_OK;
}

int na_daemon_park(na_daemon *d, const na_alert *al, const char *destination, int64_t since_ms)
{
    return park(d, d->cur, na_alert_to_json(al), al->id, destination, since_ms);
}

int na_daemon_park_evicted(na_daemon *d, const na_delivery_result *res)
{
    na_offsets_rec *r = (na_offsets_rec *)(uintptr_t)res->tag;
    json_t *alert = res->alert_json ? json_loads(res->alert_json, 0, NULL) : NULL;
    int rc = park(d, r, alert, res->alert_id, res->destination, res->since_ms);
    if (rc) { /* keep it in memory then */
        char err[256];
        json_t *j = res->alert_json ? json_loads(res->alert_json, 0, NULL) : NULL;
        na_alert *al = j ? na_delivery_alert_parse(j, err, sizeof err) : NULL;
        json_decref(j);
        na_offsets_ref(r);
        rc = al ? na_delivery_submit_since(d->dl, al, res->destination, res->tag, res->since_ms)
                : NA_EINVAL;
        if (rc)
            na_daemon_release(d, r);
        na_alert_destroy(al);
    }
    if (!rc)
        d->evicted++;
    return rc;
}

/* A record of the retry topic that cannot be taken back (not JSON, or for a destination the
 * config no longer has) goes to the dead-letter topic rather than being dropped. */
static void dead_letter(na_daemon *d, const rd_kafka_message_t *m, na_offsets_rec *r,
                        const char *why, const json_t *j)
{
    na_dlq_source src = {d->retry_topic, m->partition, m->offset};
    char *rec = NULL, key[320];
    snprintf(key, sizeof key, "%s/%d/%lld", src.topic, (int)m->partition, (long long)m->offset);
    const char *dest = json_string_value(json_object_get(j, "destination"));
    const char *id = json_string_value(json_object_get(j, "alert_id"));
    if (dest && id) {
        char *aj = na_json_dumps(json_object_get(j, "alert"), JSON_COMPACT);
        na_delivery_result res = {.alert_id = id,
                                  .destination = dest,
                                  .reason = why,
                                  .outcome = NA_OUTCOME_DEAD,
                                  .alert_json = aj};
        rec = na_dlq_delivery_record(&res, &src);
        free(aj);
    } else {
        rec = na_dlq_poison_record(why, &src, m->payload, m->len);
    }
    na_warn("retry", "%s [%d] @%lld: dead letter: %s", src.topic, (int)m->partition,
            (long long)m->offset, why);
    na_offsets_ref(r);
    if (!rec || na_dlq_send(d->dlq, key, rec, r)) {
        na_err("retry", "cannot queue a dead letter: stopping without storing past it");
        d->failed = 1;
    }
    free(rec);
}

/* Parks m again under the same key: its offset may move on once that is written. */
static void park_again(na_daemon *d, const rd_kafka_message_t *m, na_offsets_rec *r)
{
    char *key = m->key ? strndup(m->key, m->key_len) : NULL;
    char *rec = strndup(m->payload, m->len);
    na_offsets_ref(r);
    if (!rec || na_dlq_send(d->park, key, rec, r)) {
        na_err("retry", "cannot park an alert again: stopping without storing past it");
        d->failed = 1;
    }
    free(key);
    free(rec);
}

/* One parked alert: into the engine when its destination has room, else parked again. */
static void take(na_daemon *d, const rd_kafka_message_t *m, na_offsets_rec *r)
{
    if (!m->payload) /* a tombstone */
        return;
    json_t *j = json_loadb(m->payload, m->len, 0, NULL);
    const char *dest = json_string_value(json_object_get(j, "destination"));
    char err[256] = "", why[400];
    na_alert *al =
        dest ? na_delivery_alert_parse(json_object_get(j, "alert"), err, sizeof err) : NULL;
    const char *group = json_string_value(json_object_get(j, "group"));
    if (group && strcmp(group, d->o->group)) {
        /* parked by another consumer group sharing the topic: theirs to take */
    } else if (!al) {
        snprintf(why, sizeof why, "not a parked alert%s%s", *err ? ": " : "", err);
        dead_letter(d, m, r, why, j);
    } else if (!na_destinations_find(d->cfg, dest)) {
        dead_letter(d, m, r, "parked for a destination that is no longer in the config", j);
    } else if (na_daemon_silenced(d, al, dest)) {
        char key[512]; /* muted since it was parked: settled, its key cleared */
        key_of(key, sizeof key, dest, al->id);
        na_dlq_send(d->park, key, NULL, NULL);
    } else if (na_delivery_queued(d->dl, dest) >= (size_t)d->cfg->queue_per_destination) {
        park_again(d, m, r);
    } else {
        na_offsets_ref(r);
        int64_t since = (int64_t)json_integer_value(json_object_get(j, "since_ms"));
        int rc = na_delivery_submit_since(d->dl, al, dest, (uint64_t)(uintptr_t)r, since);
        if (rc) {
            int32_t p;
            int64_t next;
            na_offsets_release(d->roffsets, r, &p, &next); /* still held by the caller */
            dead_letter(d, m, r, na_strerror(rc), j);
        } else {
            d->unparked++;
            d->retry_idle_until = 0;
        }
    }
    na_alert_destroy(al);
    json_decref(j);
}

void na_daemon_retry_pass(na_daemon *d)
{
    na_dlq_poll(d->park);
    int64_t now = na_clock_wall_ms();
    if (now < d->retry_idle_until)
        return;
    d->retry_idle_until = now + IDLE_MS; /* cleared by any alert taken back */
    for (int got = 0; got < TAKE_BATCH && !d->failed; got++) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(d->rrk, 0);
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if ((size_t)m->partition < d->n_rat_end)
                d->rat_end[m->partition] = m->offset; /* the end offset */
        } else if (m->err) {
            na_debug("retry", "consumer: %s", rd_kafka_message_errstr(m));
        } else {
            if ((size_t)m->partition < d->n_rat_end)
                d->rat_end[m->partition] = -1;
            na_offsets_rec *r = na_offsets_begin(d->roffsets, m->partition, m->offset);
            if (!r) {
                d->failed = 1;
            } else {
                int32_t p;
                int64_t next;
                take(d, m, r);
                if (na_offsets_release(d->roffsets, r, &p, &next))
                    na_daemon_retry_store(d, p, next);
            }
        }
        rd_kafka_message_destroy(m);
    }
}

void na_daemon_retry_settled(na_daemon *d, const na_delivery_result *r)
{
    char key[512];
    key_of(key, sizeof key, r->destination, r->alert_id);
    na_dlq_send(d->park, key, NULL, NULL); /* best effort: compaction only */
}

int na_daemon_retry_idle(na_daemon *d)
{
    if (na_offsets_open(d->roffsets) || na_dlq_outstanding(d->park) || !d->rassigned ||
        !d->rassigned->cnt)
        return 0;
    for (int i = 0; i < d->rassigned->cnt; i++) {
        int32_t p = d->rassigned->elems[i].partition;
        if ((size_t)p >= d->n_rat_end || d->rat_end[p] < 0)
            return 0;
    }
    /* An end seen before the last parked write was acknowledged is stale: ask the broker. */
    int64_t now = na_clock_wall_ms();
    if (now - d->retry_checked_ms < IDLE_MS)
        return 0;
    d->retry_checked_ms = now;
    for (int i = 0; i < d->rassigned->cnt; i++) {
        int32_t p = d->rassigned->elems[i].partition;
        int64_t lo, hi;
        if (rd_kafka_query_watermark_offsets(d->rrk, d->retry_topic, p, &lo, &hi, 5000) ||
            d->rat_end[p] < hi)
            return 0;
    }
    return 1;
}

void na_daemon_retry_close(na_daemon *d)
{
    if (d->rrk) {
        rd_kafka_resp_err_t err = rd_kafka_commit(d->rrk, NULL, 0);
        if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
            na_warn("retry", "final commit: %s", rd_kafka_err2str(err));
        na_kafka_consumer_close(d->rrk, 10000);
        rd_kafka_destroy(d->rrk);
    }
    if (d->rassigned)
        rd_kafka_topic_partition_list_destroy(d->rassigned);
    na_dlq_destroy(d->park);
    na_offsets_destroy(d->roffsets);
    free(d->rat_end);
    d->rrk = NULL;
    d->rassigned = NULL;
    d->park = NULL;
    d->roffsets = NULL;
    d->rat_end = NULL;
    d->n_rat_end = 0;
}
