/*
 * The match stage (docs/stream-rules.md, "Two stages"): per article, each window rule's match
 * goes to the matches topic, to the partition of its rule and group key; every source
 * partition's watermark (the event time of its latest record, or idle at its end) goes to every
 * partition, after the matches it covers. A source record's offset is stored once its matches
 * are written (at least once: the window stage ignores repeats).
 */
#include "daemon/matches.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "daemon/daemon_int.h"
#include "newsalert/error.h"
#include "newsalert/json_util.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "stream/watermark.h"

#define WATERMARK_EVERY_MS 200 /* a moving watermark is sent at most this often */
#define FLUSH_MS 10000

struct source {
    na_source_mark mark;
    int64_t wm, sent_wm; /* wm: the mark's watermark, once seen */
    int seen, sent, sent_idle;
    int64_t sent_at;
};

struct na_matches {
    na_rules *r;
    na_daemon *d;
    rd_kafka_t *pk;
    rd_kafka_topic_t *rkt;
    const char *src_topic;
    int32_t n_q, n_src;
    struct source *src;
    size_t n_alloc;
    int64_t cur_t; /* event time of the record being evaluated */
    unsigned long matches, watermarks;
    int failed;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void na_matches_topic(const char *articles, const char *group, char *out, size_t n)
{
    size_t len = strlen(articles), suf = strlen(".articles");
    int stem =
        len > suf && !strcmp(articles + len - suf, ".articles") ? (int)(len - suf) : (int)len;
    /* One matches topic per group: a group's window stage reads what its match stage wrote. */
    if (!strcmp(group, NA_DEFAULT_GROUP))
        snprintf(out, n, "%.*s.matches", stem, articles);
    else
        snprintf(out, n, "%.*s.matches.%s", stem, articles, group);
}

static struct source *source(na_matches *mx, int32_t p)
{
    if (p < 0)
        return NULL;
    if ((size_t)p >= mx->n_alloc) {
        size_t m = (size_t)p + 16;
        struct source *s = realloc(mx->src, m * sizeof *s);
        if (!s)
            return NULL;
        memset(s + mx->n_alloc, 0, (m - mx->n_alloc) * sizeof *s);
        for (size_t i = mx->n_alloc; i < m; i++)
            na_source_mark_init(&s[i].mark);
        mx->src = s;
        mx->n_alloc = m;
    }
    return &mx->src[p];
}

/* Written (or failed for good): the source record may move on, or the daemon stops. */
static void on_report(rd_kafka_t *rk, const rd_kafka_message_t *m, void *ud)
{
    (void)rk;
    na_matches *mx = ud;
    na_offsets_rec *rec = m->_private;
    if (!rec)
        return; /* a watermark */
    if (m->err) {
        na_err("daemon", "match not written to %s: %s: stopping before its record",
               rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err));
        mx->failed = 1;
        return;
    }
    int32_t p;
    int64_t next;
    if (mx->d && na_offsets_release(mx->d->offsets, rec, &p, &next))
        na_daemon_store(mx->d, p, next);
}

static int produce(na_matches *mx, int32_t q, const char *key, json_t *j, void *opaque)
{
    char *s = na_json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s)
        return NA_ENOMEM;
    for (;;) {
        if (!rd_kafka_produce(mx->rkt, q, RD_KAFKA_MSG_F_FREE, s, strlen(s), key,
                              key ? strlen(key) : 0, opaque))
            return NA_OK;
        if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            free(s);
            return NA_EKAFKA;
        }
        rd_kafka_poll(mx->pk, 100);
    }
}

static uint32_t partition_of(const char *key, int32_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a: the same key always lands on the same partition */
    for (; *key; key++)
        h = (h ^ (unsigned char)*key) * 16777619u;
    return h % (uint32_t)n;
}

static int on_match(const na_match *m, void *ud)
{
    na_matches *mx = ud;
    if (!mx->d || !mx->d->cur)
        return 0; /* a cooldown rebuild re-reading old records: their matches were written */
    char key[512];
    snprintf(key, sizeof key, "%s|%s", m->rule_id, m->group);
    json_t *j =
        json_pack("{s:s, s:s, s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s*}", "kind", "match", "rule",
                  m->rule_id, "group", m->group, "time",
                  (json_int_t)(m->time_ms >= 0 ? m->time_ms : mx->cur_t), "article", m->article_id,
                  "headline", m->headline, "url", m->url, "outlet", m->outlet, "value", m->value);
    if (!j)
        return NA_ENOMEM;
    na_offsets_ref(mx->d->cur);
    int rc = produce(mx, (int32_t)partition_of(key, mx->n_q), key, j, mx->d->cur);
    if (rc) {
        int32_t p;
        int64_t next;
        na_offsets_release(mx->d->offsets, mx->d->cur, &p, &next);
        return rc;
    }
    mx->matches++;
    return 0;
}

static int eval(void *ctx, const na_article *a, int (*cb)(na_alert *al, void *ud), void *ud)
{
    na_matches *mx = ctx;
    mx->d = ud;
    int32_t p;
    int64_t off;
    na_offsets_rec_where(mx->d->cur, &p, &off);
    /* Event time: the published time, else the record's: the producer's clock at first
     * produce, the same on every re-read; never this process's clock. The watermark waits
     * for a dated article (stream/watermark.h): undated ones first say nothing of those. */
    mx->cur_t = a->published_ms >= 0 ? a->published_ms : mx->d->cur_ts;
    struct source *s = source(mx, p);
    if (s) {
        na_source_mark_see(&s->mark, a->published_ms, mx->d->cur_ts);
        s->seen = na_source_mark_get(&s->mark, &s->wm);
    }
    return na_rules_eval(mx->r, a, cb, ud);
}

/* The cooldown rebuild and its horizon, over the stage's current rule set. */
static int rebuild(void *ctx, const na_article *a)
{
    return na_rules_eval_ex(((na_matches *)ctx)->r, a, NULL, NULL, 0);
}

static int64_t horizon(void *ctx)
{
    return na_rules_state_horizon_ms(((na_matches *)ctx)->r);
}

static void send_watermark(na_matches *mx, int32_t p, struct source *s, int idle, int64_t now)
{
    for (int32_t q = 0; q < mx->n_q; q++) {
        json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:I, s:b}", "kind", "watermark", "topic",
                              mx->src_topic, "partition", (int)p, "partitions", (int)mx->n_src,
                              "time", (json_int_t)(s->seen ? s->wm : -1), "idle", idle);
        if (!j || produce(mx, q, NULL, j, NULL)) {
            na_err("daemon", "watermark of partition %d not written", (int)p);
            mx->failed = 1;
            return;
        }
    }
    mx->watermarks++;
    s->sent = 1;
    s->sent_wm = s->wm;
    s->sent_idle = idle;
    s->sent_at = now;
}

static void tick(void *ctx, na_daemon *d)
{
    na_matches *mx = ctx;
    mx->d = d;
    rd_kafka_poll(mx->pk, 0);
    if (mx->failed)
        d->failed = 1;
    int64_t now = mono_ms();
    for (int i = 0; d->assigned && i < d->assigned->cnt && !mx->failed; i++) {
        int32_t p = d->assigned->elems[i].partition;
        struct source *s = source(mx, p);
        /* At its end and every record evaluated: nothing is waiting on it. A stage that
         * stopped taking records (--max-records) is not idle: it holds the windows back. */
        int stopped = d->o->max_records && d->records >= d->o->max_records;
        int idle = (size_t)p < d->n_at_end && d->at_end[p] && !stopped;
        if (!s || (!s->seen && !idle))
            continue; /* nothing known yet: the window stage waits for it */
        if (s->sent && s->sent_idle == idle && (s->sent_wm == s->wm || idle))
            continue;
        if (s->sent && s->sent_idle == idle && now - s->sent_at < WATERMARK_EVERY_MS)
            continue;
        send_watermark(mx, p, s, idle, now);
    }
}

static void reset(void *ctx, int32_t p)
{
    struct source *s = source(ctx, p);
    if (s) {
        *s = (struct source){0};
        na_source_mark_init(&s->mark);
    }
}

/* The partition count of topic, creating it with n partitions when missing (n > 0). */
static int32_t partitions(rd_kafka_t *rk, const char *topic, int create_n, char *errstr,
                          size_t errlen)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic, NULL);
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, t, &md, 10000);
        int32_t n = -1;
        if (!err && md->topic_cnt == 1 && !md->topics[0].err)
            n = md->topics[0].partition_cnt;
        else if (!err && md->topic_cnt == 1)
            err = md->topics[0].err;
        if (md)
            rd_kafka_metadata_destroy(md);
        rd_kafka_topic_destroy(t);
        if (n > 0)
            return n;
        if (err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || create_n <= 0) {
            snprintf(errstr, errlen, "topic %s: %s", topic, rd_kafka_err2str(err));
            if (attempt < 3 && err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
                continue;
            return -1;
        }
        if (attempt == 0) {
            char e[256];
            rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, create_n, -1, e, sizeof e);
            rd_kafka_queue_t *rq = rd_kafka_queue_new(rk);
            rd_kafka_CreateTopics(rk, &nt, 1, NULL, rq);
            rd_kafka_event_t *ev = rd_kafka_queue_poll(rq, 15000);
            na_info("daemon", "created topic %s with %d partitions: %s", topic, create_n,
                    ev && !rd_kafka_event_error(ev) ? "ok" : "failed");
            if (ev)
                rd_kafka_event_destroy(ev);
            rd_kafka_queue_destroy(rq);
            rd_kafka_NewTopic_destroy(nt);
        }
        struct timespec ts = {0, 250000000};
        nanosleep(&ts, NULL);
    }
    snprintf(errstr, errlen, "topic %s: not found and could not be created", topic);
    return -1;
}

static rd_kafka_t *producer_new(const struct na_daemon_opts *o, na_matches *mx, char *errstr,
                                size_t errlen)
{
    /* Idempotence keeps each partition in produce order: matches before their watermark. */
    const na_kafka_prop fixed[] = {{"bootstrap.servers", o->brokers},
                                   {"enable.idempotence", "true"},
                                   {"linger.ms", "5"},
                                   {"allow.auto.create.topics", "false"}, /* created below */
                                   {"client.id", "newsalert-consumer-matches"}};
    char kerr[512];
    rd_kafka_conf_t *conf = na_kafka_conf_new(fixed, sizeof fixed / sizeof fixed[0], o->kafka_props,
                                              o->n_kafka_props, kerr, sizeof kerr);
    if (!conf) {
        snprintf(errstr, errlen, "matches producer: %s", kerr);
        return NULL;
    }
    rd_kafka_conf_set_opaque(conf, mx);
    rd_kafka_conf_set_dr_msg_cb(conf, on_report);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, kerr, sizeof kerr); /* owns conf */
    if (!rk) {
        snprintf(errstr, errlen, "matches producer: %s", kerr);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

/* The event parts the stage's rules read: the eval context is the stage, not a rule set. */
static unsigned event_parts(void *ctx)
{
    const na_matches *mx = ctx;
    return na_rules_event_parts(mx->r);
}

na_matches *na_matches_new(struct na_daemon_opts *o, na_rules *r, const char *topic, char *errstr,
                           size_t errlen)
{
    na_matches *mx = calloc(1, sizeof *mx);
    if (!mx || !(mx->pk = producer_new(o, mx, errstr, errlen)))
        goto fail;
    mx->r = r;
    mx->src_topic = o->topic;
    if ((mx->n_src = partitions(mx->pk, o->topic, 0, errstr, errlen)) <= 0 ||
        (mx->n_q = partitions(mx->pk, topic, mx->n_src, errstr, errlen)) <= 0)
        goto fail;
    mx->rkt = rd_kafka_topic_new(mx->pk, topic, NULL);
    na_rules_set_match_sink(r, on_match, mx);
    o->eval = eval;
    o->eval_ctx = mx;
    o->event_parts = event_parts;
    o->tick = tick;
    o->tick_ctx = mx;
    o->reset = reset;
    o->reset_ctx = mx;
    if (o->rebuild) { /* cooldown-only rules keep their marks here */
        o->rebuild = rebuild;
        o->rules_horizon = horizon;
        o->rebuild_horizon_ms = na_rules_state_horizon_ms(r);
    }
    na_info("daemon", "match stage: %s (%d partitions) -> %s (%d partitions)", o->topic,
            (int)mx->n_src, topic, (int)mx->n_q);
    return mx;
fail:
    if (mx && mx->pk)
        rd_kafka_destroy(mx->pk);
    free(mx);
    return NULL;
}

int na_matches_topic_ensure(const struct na_daemon_opts *o, const char *topic, char *errstr,
                            size_t errlen)
{
    rd_kafka_t *rk = producer_new(o, NULL, errstr, errlen);
    if (!rk)
        return -1;
    int32_t n = partitions(rk, o->topic, 0, errstr, errlen);
    int rc = n > 0 && partitions(rk, topic, n, errstr, errlen) > 0 ? 0 : -1;
    rd_kafka_destroy(rk);
    return rc;
}

void na_matches_set_rules(na_matches *mx, na_rules *r)
{
    na_rules_set_match_sink(mx->r, NULL, NULL);
    mx->r = r;
    na_rules_set_match_sink(r, on_match, mx);
}

void na_matches_destroy(na_matches *mx)
{
    if (!mx)
        return;
    na_rules_set_match_sink(mx->r, NULL, NULL);
    mx->d = NULL; /* the daemon is gone: reports only drain */
    if (rd_kafka_flush(mx->pk, FLUSH_MS))
        na_warn("daemon", "matches: %d records not confirmed at exit", rd_kafka_outq_len(mx->pk));
    na_info("daemon", "match stage: %lu matches, %lu watermarks written", mx->matches,
            mx->watermarks);
    rd_kafka_topic_destroy(mx->rkt);
    rd_kafka_destroy(mx->pk);
    free(mx->src);
    free(mx);
}
