/* The silences topic, assigned whole from the beginning, applied record by record. */
#include "silence/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsalert/clock.h"
#include "newsalert/error.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"

#define BATCH 256       /* records applied per poll */
#define CREATE_MS 10000 /* how long creating the topic may take */

struct na_silence_reader {
    rd_kafka_t *rk;
    char *topic;
    na_silences *set;
    int n_parts;
    unsigned char *at_end; /* by partition */
};

void na_silence_reader_destroy(na_silence_reader *r)
{
    if (!r)
        return;
    if (r->rk) {
        rd_kafka_consumer_close(r->rk);
        rd_kafka_destroy(r->rk);
    }
    free(r->topic);
    free(r->at_end);
    free(r);
}

/* The topic's partition count from the brokers' metadata; 0 when it does not exist. */
static int partitions(na_silence_reader *r, int timeout_ms, char *errstr, size_t errlen)
{
    rd_kafka_topic_t *t = rd_kafka_topic_new(r->rk, r->topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err =
        t ? rd_kafka_metadata(r->rk, 0, t, &md, timeout_ms) : RD_KAFKA_RESP_ERR__FAIL;
    int n = -1;
    if (err)
        snprintf(errstr, errlen, "%s: metadata: %s", r->topic, rd_kafka_err2str(err));
    else
        n = md->topic_cnt == 1 && !md->topics[0].err ? md->topics[0].partition_cnt : 0;
    if (md)
        rd_kafka_metadata_destroy(md);
    if (t)
        rd_kafka_topic_destroy(t);
    return n;
}

/* Waits for the topic to exist, creating it once when missing; its partition count or -1. */
static int find_or_create(na_silence_reader *r, int timeout_ms, char *errstr, size_t errlen)
{
    int64_t end = na_clock_mono_ms() + timeout_ms;
    int created = 0;
    for (;;) {
        int left = (int)(end - na_clock_mono_ms());
        int n = partitions(r, left > 0 ? left : 1, errstr, errlen);
        if (n > 0 || n < 0 || left <= 0) {
            if (!n)
                snprintf(errstr, errlen, "%s: the topic does not exist", r->topic);
            return n > 0 ? n : -1;
        }
        if (!created) {
            created = 1;
            int rc = na_kafka_create_compacted(r->rk, r->topic, NULL, 0, CREATE_MS, errstr, errlen);
            if (rc < 0)
                return -1;
            if (!rc)
                na_info("silence", "created the silences topic %s (compacted)", r->topic);
        }
        nanosleep(&(struct timespec){0, 100000000}, NULL); /* its metadata takes a moment */
    }
}

static int assign_all(na_silence_reader *r, char *errstr, size_t errlen)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(r->n_parts);
    for (int p = 0; p < r->n_parts; p++)
        rd_kafka_topic_partition_list_add(l, r->topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_resp_err_t err = rd_kafka_assign(r->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (err)
        snprintf(errstr, errlen, "%s: assign: %s", r->topic, rd_kafka_err2str(err));
    return err ? NA_EKAFKA : NA_OK;
}

na_silence_reader *na_silence_reader_new(const char *brokers, const char *topic,
                                         const char *const *props, size_t n_props, na_silences *set,
                                         int timeout_ms, char *errstr, size_t errlen)
{
    const na_kafka_prop fixed[] = {
        {"bootstrap.servers", brokers},
        /* assign() only, no subscribe and no commit: the group is never joined */
        {"group.id", "newsalert-silences"},
        {"client.id", "newsalert-consumer-silences"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"enable.partition.eof", "true"},
        {"fetch.wait.max.ms", "100"}, /* a new silence is in force within a second */
    };
    char kerr[512];
    na_silence_reader *r = calloc(1, sizeof *r);
    rd_kafka_conf_t *conf =
        r ? na_kafka_conf_new(fixed, sizeof fixed / sizeof fixed[0], props, n_props, errstr, errlen)
          : NULL;
    if (!conf || !(r->topic = strdup(topic))) {
        if (conf)
            rd_kafka_conf_destroy(conf);
        if (r && conf)
            snprintf(errstr, errlen, "out of memory");
        na_silence_reader_destroy(r);
        return NULL;
    }
    r->set = set;
    if (!(r->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, kerr, sizeof kerr))) {
        snprintf(errstr, errlen, "silences reader: %s", kerr);
        rd_kafka_conf_destroy(conf);
        na_silence_reader_destroy(r);
        return NULL;
    }
    rd_kafka_poll_set_consumer(r->rk);
    if ((r->n_parts = find_or_create(r, timeout_ms, errstr, errlen)) < 0 ||
        !(r->at_end = calloc((size_t)r->n_parts, 1)) || assign_all(r, errstr, errlen)) {
        na_silence_reader_destroy(r);
        return NULL;
    }
    return r;
}

/* Applies one record; 1 when the set changed. */
static int apply(na_silence_reader *r, const rd_kafka_message_t *m)
{
    char key[256] = "", where[300], err[512];
    if (m->key_len && m->key_len < sizeof key)
        memcpy(key, m->key, m->key_len);
    key[m->key_len < sizeof key ? m->key_len : 0] = '\0';
    snprintf(where, sizeof where, "%s [%d] @%lld", r->topic, (int)m->partition,
             (long long)m->offset);
    if (!m->payload && !*key)
        return 0;
    if (na_silences_apply(r->set, *key ? key : NULL, m->payload, m->len, where, err, sizeof err)) {
        na_warn("silence", "%s (skipped)", err);
        return 0;
    }
    return 1;
}

/* Applies what arrives, waiting up to wait_ms for the first message only. */
static size_t take(na_silence_reader *r, int wait_ms)
{
    size_t changed = 0;
    for (int i = 0; i < BATCH; i++) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(r->rk, i ? 0 : wait_ms);
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (m->partition >= 0 && m->partition < r->n_parts)
                r->at_end[m->partition] = 1;
        } else if (m->err) {
            na_warn("silence", "%s: %s", r->topic, rd_kafka_message_errstr(m));
        } else {
            if (m->partition >= 0 && m->partition < r->n_parts)
                r->at_end[m->partition] = 0;
            changed += (size_t)apply(r, m);
        }
        rd_kafka_message_destroy(m);
    }
    return changed;
}

size_t na_silence_reader_poll(na_silence_reader *r)
{
    return take(r, 0);
}

static int all_at_end(const na_silence_reader *r)
{
    for (int p = 0; p < r->n_parts; p++)
        if (!r->at_end[p])
            return 0;
    return 1;
}

int na_silence_reader_catch_up(na_silence_reader *r, int timeout_ms, char *errstr, size_t errlen)
{
    int64_t end = na_clock_mono_ms() + timeout_ms;
    while (!all_at_end(r)) {
        if (na_clock_mono_ms() >= end) {
            snprintf(errstr, errlen, "%s: not read to its end within %d ms", r->topic, timeout_ms);
            return NA_EKAFKA;
        }
        take(r, 20);
    }
    return NA_OK;
}
