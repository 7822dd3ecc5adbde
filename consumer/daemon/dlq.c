/*
 * The dead-letter producer: idempotent with acks=all, and a write that fails is written again
 * after a backoff that grows while writes keep failing, so a dead letter is only reported done
 * once it is in the topic; repeated failures log one line per reason per interval.
 */
#include "daemon/dlq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/ratelog.h"
#include "newsalert/error.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "newsalert/clock.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 30000
#define LOG_INTERVAL_MS 10000

typedef struct retry {
    struct retry *next;
    char *key, *record; /* record NULL: a tombstone */
    void *opaque;
} retry;

struct na_dlq {
    rd_kafka_t *rk;
    rd_kafka_topic_t *topic;
    char *topic_name;
    na_dlq_done_cb cb;
    void *ud;
    retry *retries;
    size_t outstanding;
    int64_t backoff_ms, retry_at_ms; /* while writes fail: the next try waits this long */
    na_ratelog *logs;
};

static void on_report(rd_kafka_t *rk, const rd_kafka_message_t *m, void *ud)
{
    na_dlq *q = ud;
    if (!m->err) {
        q->outstanding--;
        q->backoff_ms = 0;
        if (q->cb)
            q->cb(m->_private, q->ud);
        return;
    }
    int64_t now = na_clock_mono_ms();
    if (now >= q->retry_at_ms) { /* the first failure of a round of writes: one step more */
        q->backoff_ms = q->backoff_ms ? q->backoff_ms * 2 : BACKOFF_MIN_MS;
        if (q->backoff_ms > BACKOFF_MAX_MS)
            q->backoff_ms = BACKOFF_MAX_MS;
        q->retry_at_ms = now + q->backoff_ms;
    }
    na_ratelog_write(q->logs, NA_LOG_ERROR, "dlq", "write to %s failed (%s); writing it again",
                     q->topic_name, rd_kafka_err2str(m->err));
    retry *r = calloc(1, sizeof *r);
    if (r) {
        r->key = m->key ? strndup(m->key, m->key_len) : NULL;
        r->record = m->payload ? strndup(m->payload, m->len) : NULL;
        r->opaque = m->_private;
        r->next = q->retries;
        q->retries = r;
    }
}

static void free_dlq(na_dlq *q)
{
    na_ratelog_destroy(q->logs);
    free(q->topic_name);
    free(q);
}

na_dlq *na_dlq_new(const char *brokers, const char *topic, const char *const *props, size_t n_props,
                   na_dlq_done_cb cb, void *ud, char *errstr, size_t errlen)
{
    const na_kafka_prop fixed[] = {{"bootstrap.servers", brokers},
                                   {"enable.idempotence", "true"},
                                   {"acks", "all"},
                                   {"linger.ms", "5"},
                                   {"client.id", "newsalert-consumer-dlq"}};
    char kerr[512];
    na_dlq *q = calloc(1, sizeof *q);
    int ok = q && (q->logs = na_ratelog_new(LOG_INTERVAL_MS)) && (q->topic_name = strdup(topic));
    rd_kafka_conf_t *conf = ok ? na_kafka_conf_new(fixed, sizeof fixed / sizeof fixed[0], props,
                                                   n_props, kerr, sizeof kerr)
                               : NULL;
    if (!conf) {
        snprintf(errstr, errlen, "dead-letter producer: %s", ok ? kerr : "out of memory");
        if (q)
            free_dlq(q);
        return NULL;
    }
    q->cb = cb;
    q->ud = ud;
    rd_kafka_conf_set_opaque(conf, q);
    rd_kafka_conf_set_dr_msg_cb(conf, on_report);
    q->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, kerr, sizeof kerr); /* owns conf on success */
    if (!q->rk) {
        snprintf(errstr, errlen, "dead-letter producer: %s", kerr);
        rd_kafka_conf_destroy(conf);
        if (q)
            free_dlq(q);
        return NULL;
    }
    q->topic = rd_kafka_topic_new(q->rk, topic, NULL);
    return q;
}

static int produce(na_dlq *q, const char *key, const char *record, void *opaque)
{
    for (;;) {
        if (!rd_kafka_produce(q->topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, (void *)record,
                              record ? strlen(record) : 0, key, key ? strlen(key) : 0, opaque))
            return NA_OK;
        if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            return NA_EKAFKA;
        rd_kafka_poll(q->rk, 100); /* the local queue is full: let reports drain it */
    }
}

int na_dlq_send(na_dlq *q, const char *key, const char *record, void *opaque)
{
    int rc = produce(q, key, record, opaque);
    if (!rc)
        q->outstanding++;
    else
        na_ratelog_write(q->logs, NA_LOG_ERROR, "dlq", "cannot queue a record for %s: %s",
                         q->topic_name, rd_kafka_err2str(rd_kafka_last_error()));
    return rc;
}

size_t na_dlq_outstanding(const na_dlq *q)
{
    return q->outstanding;
}

void na_dlq_poll(na_dlq *q)
{
    rd_kafka_poll(q->rk, 0);
    if (!q->retries || na_clock_mono_ms() < q->retry_at_ms)
        return;
    retry *list = q->retries;
    q->retries = NULL;
    while (list) {
        retry *r = list;
        list = r->next;
        if (produce(q, r->key, r->record, r->opaque)) {
            r->next = q->retries; /* try again after the backoff */
            q->retries = r;
            q->retry_at_ms = na_clock_mono_ms() + (q->backoff_ms ? q->backoff_ms : BACKOFF_MIN_MS);
            continue;
        }
        free(r->key);
        free(r->record);
        free(r);
    }
}

size_t na_dlq_flush(na_dlq *q, int timeout_ms)
{
    int64_t end = na_clock_mono_ms() + timeout_ms;
    while (q->outstanding && na_clock_mono_ms() < end) {
        rd_kafka_flush(q->rk, 100);
        na_dlq_poll(q);
    }
    return q->outstanding;
}

void na_dlq_destroy(na_dlq *q)
{
    if (!q)
        return;
    rd_kafka_topic_destroy(q->topic);
    rd_kafka_destroy(q->rk);
    while (q->retries) {
        retry *r = q->retries;
        q->retries = r->next;
        free(r->key);
        free(r->record);
        free(r);
    }
    free_dlq(q);
}
