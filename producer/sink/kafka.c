/*
 * The Kafka sink: an idempotent librdkafka producer. Delivery reports are counted and failures
 * logged with the article id; librdkafka's own logs go through na_log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "sink/sink.h"

/* Failures logged one by one before the rest go to debug: the summary carries the count. */
#define MAX_LOGGED_FAILURES 20

struct kafka_sink {
    na_sink base;
    rd_kafka_t *rk;
    rd_kafka_topic_t *rkt;
    uint64_t dr_failed;
};

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    struct kafka_sink *s = opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512];
        rd_kafka_fatal_error(rk, why, sizeof why);
        na_err("kafka", "fatal error: %s", why);
        s->base.fatal = 1;
        return;
    }
    /* librdkafka retries these itself; they are worth seeing but not fatal. */
    na_warn("kafka", "%s: %s", rd_kafka_err2name((rd_kafka_resp_err_t)err), reason);
}

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    struct kafka_sink *s = opaque;
    (void)rk;
    if (!m->err) {
        s->base.stats.delivered++;
        return;
    }
    s->base.stats.failed++;
    int lvl = ++s->dr_failed <= MAX_LOGGED_FAILURES ? NA_LOG_ERROR : NA_LOG_DEBUG;
    na_log(lvl, "kafka", "article %.*s not delivered: %s", (int)m->key_len, (const char *)m->key,
           rd_kafka_err2str(m->err));
    if (s->dr_failed == MAX_LOGGED_FAILURES)
        na_err("kafka", "further delivery failures are counted, not logged (-v shows them)");
}

static int kafka_send(na_sink *base, const char *key, char *value, size_t len, int64_t ts_ms)
{
    struct kafka_sink *s = (struct kafka_sink *)base;
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            s->rk, RD_KAFKA_V_RKT(s->rkt), RD_KAFKA_V_KEY(key, strlen(key)),
            RD_KAFKA_V_VALUE(value, len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_FREE),
            RD_KAFKA_V_TIMESTAMP(ts_ms > 0 ? ts_ms : 0),
            RD_KAFKA_V_HEADER("content-type", NA_EVENT_CONTENT_TYPE, -1), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || base->fatal)
            break;
        /* The local queue is full: serve delivery reports until there is room again. */
        rd_kafka_poll(s->rk, 100);
    }
    if (err) {
        base->stats.failed++;
        na_err("kafka", "article %s not produced: %s", key, rd_kafka_err2str(err));
        if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
            na_err("kafka", "the event is %zu bytes; raise -X message.max.bytes (and the broker's)",
                   len);
        free(value);
        return NA_EKAFKA;
    }
    base->stats.produced++;
    return NA_OK;
}

static void kafka_poll(na_sink *base)
{
    rd_kafka_poll(((struct kafka_sink *)base)->rk, 0);
}

static int kafka_flush(na_sink *base, int timeout_ms)
{
    struct kafka_sink *s = (struct kafka_sink *)base;
    rd_kafka_resp_err_t err = rd_kafka_flush(s->rk, timeout_ms);
    if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
        na_err("kafka", "%d event(s) still undelivered after %d ms; giving up on them",
               rd_kafka_outq_len(s->rk), timeout_ms);
        /* Purged events get their delivery reports (failed), so each is counted and named. */
        rd_kafka_purge(s->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_flush(s->rk, 1000);
    }
    /* Whatever is neither delivered nor reported failed by now never will be. */
    uint64_t seen = base->stats.delivered + s->dr_failed;
    if (base->stats.produced > seen) {
        base->stats.failed += base->stats.produced - seen;
        s->dr_failed = base->stats.produced - base->stats.delivered;
    }
    return base->stats.produced == base->stats.delivered ? NA_OK : NA_EKAFKA;
}

static void kafka_destroy(na_sink *base)
{
    struct kafka_sink *s = (struct kafka_sink *)base;
    if (s->rkt)
        rd_kafka_topic_destroy(s->rkt);
    if (s->rk)
        rd_kafka_destroy(s->rk);
    free(s);
}

static const struct na_sink_ops kafka_ops = {kafka_send, kafka_poll, kafka_flush, kafka_destroy};

/* The producer's defaults, then the user's -X properties (which may override them). */
static rd_kafka_conf_t *make_conf(const na_kafka_opts *o, char *errstr, size_t errlen)
{
    const na_kafka_prop fixed[] = {{"bootstrap.servers", o->brokers},
                                   {"enable.idempotence", "true"},
                                   {"client.id", "newsalert-producer"},
                                   /* latency first: what queues while a request is in
                                    * flight still goes out as one batch (docs/producer.md) */
                                   {"linger.ms", "1"},
                                   {"debug", "broker,topic,msg,eos"}};
    size_t n_fixed = sizeof fixed / sizeof fixed[0] - (o->debug ? 0 : 1);
    const char *const *props = o->props ? (const char *const *)o->props->items : NULL;
    return na_kafka_conf_new(fixed, n_fixed, props, o->props ? o->props->n : 0, errstr, errlen);
}

int na_sink_kafka_check(const na_kafka_opts *o, char *errstr, size_t errlen)
{
    rd_kafka_conf_t *conf = make_conf(o, errstr, errlen);
    if (!conf)
        return NA_EINVAL;
    rd_kafka_conf_destroy(conf);
    return NA_OK;
}

int na_sink_kafka_new(const na_kafka_opts *o, na_sink **out, char *errstr, size_t errlen)
{
    *out = NULL;
    struct kafka_sink *s = calloc(1, sizeof *s);
    rd_kafka_conf_t *conf = s ? make_conf(o, errstr, errlen) : NULL;
    if (!conf) {
        if (!s)
            snprintf(errstr, errlen, "out of memory");
        free(s);
        return s ? NA_EINVAL : NA_ENOMEM;
    }
    s->base.ops = &kafka_ops;
    rd_kafka_conf_set_opaque(conf, s);
    rd_kafka_conf_set_error_cb(conf, error_cb);
    rd_kafka_conf_set_dr_msg_cb(conf, dr_msg_cb);

    char why[512];
    int rc = NA_EKAFKA;
    s->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why); /* owns conf on success */
    if (!s->rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(errstr, errlen, "cannot create the Kafka producer: %s", why);
        rc = NA_EINVAL;
        goto fail;
    }
    if (!(s->rkt = rd_kafka_topic_new(s->rk, o->topic, NULL))) {
        snprintf(errstr, errlen, "topic %s: %s", o->topic, rd_kafka_err2str(rd_kafka_last_error()));
        rc = NA_EINVAL;
        goto fail;
    }
    /* Fail fast when no broker answers rather than after message.timeout.ms. */
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(s->rk, 0, s->rkt, &md, o->connect_timeout_ms);
    if (err) {
        snprintf(errstr, errlen, "cannot reach Kafka at %s within %d ms: %s", o->brokers,
                 o->connect_timeout_ms, rd_kafka_err2str(err));
        goto fail;
    }
    rd_kafka_metadata_destroy(md);
    *out = &s->base;
    return NA_OK;
fail:
    kafka_destroy(&s->base);
    return rc;
}
