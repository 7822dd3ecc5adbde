/*
 * --redrive: reads a dead-letter topic once, from --from to its end (or --until), and sends
 * every undeliverable alert again through the delivery engine, keeping its alert id (the
 * webhook-id). Commits nothing and writes nothing back: a dead letter stays where it is.
 */
#include "modes/redrive.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "config/destinations.h"
#include "daemon/position.h"
#include "delivery/delivery.h"
#include "newsalert/clock.h"
#include "newsalert/exit.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

typedef struct run {
    const struct na_redrive_opts *o;
    na_destinations *cfg;
    na_delivery *dl;
    rd_kafka_t *rk;
    rd_kafka_topic_partition_list_t *parts;
    unsigned char *at_end; /* by index in parts */
    int n_at_end;
    unsigned long read, sent, delivered, failed, skipped;
} run;

static void on_outcome(const na_delivery_result *r, void *ud)
{
    run *x = ud;
    if (r->outcome == NA_OUTCOME_DELIVERED) {
        x->delivered++;
        na_info("redrive", "alert %s to \"%s\": delivered", r->alert_id, r->destination);
        return;
    }
    x->failed++;
    na_warn("redrive", "alert %s to \"%s\": not delivered again: %s", r->alert_id, r->destination,
            r->reason);
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    na_log(level <= 3   ? NA_LOG_ERROR
           : level <= 5 ? NA_LOG_WARN
                        : NA_LOG_DEBUG,
           "kafka", "%s: %s", fac, buf);
}

static rd_kafka_t *reader_new(const struct na_redrive_opts *o, char *err, size_t errlen)
{
    const char *fixed[][2] = {{"bootstrap.servers", o->brokers},
                              {"group.id", "newsalert-redrive"}, /* assign() only: never joins */
                              {"client.id", "newsalert-consumer-redrive"},
                              {"enable.auto.commit", "false"},
                              {"enable.auto.offset.store", "false"},
                              {"enable.partition.eof", "true"},
                              {"auto.offset.reset", "earliest"}};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char kerr[512] = "";
    int ok = 1;
    for (size_t i = 0; ok && i < sizeof fixed / sizeof fixed[0]; i++)
        ok = rd_kafka_conf_set(conf, fixed[i][0], fixed[i][1], kerr, sizeof kerr) ==
             RD_KAFKA_CONF_OK;
    for (size_t i = 0; ok && i < o->n_kafka_props; i++) {
        char key[256];
        const char *eq = strchr(o->kafka_props[i], '=');
        snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - o->kafka_props[i]) : 0,
                 o->kafka_props[i]);
        ok = eq && rd_kafka_conf_set(conf, key, eq + 1, kerr, sizeof kerr) == RD_KAFKA_CONF_OK;
        if (!eq)
            snprintf(kerr, sizeof kerr, "%s: expected key=value", o->kafka_props[i]);
    }
    rd_kafka_conf_set_log_cb(conf, on_log);
    rd_kafka_t *rk = ok ? rd_kafka_new(RD_KAFKA_CONSUMER, conf, kerr, sizeof kerr) : NULL;
    if (!rk) {
        snprintf(err, errlen, "-X: %s", kerr);
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

/* Every partition of the topic, positioned by --from. */
static int position(run *x, char *err, size_t errlen)
{
    na_from from = {NA_FROM_BEGINNING, 0};
    if (x->o->from && na_from_parse(x->o->from, &from, err, errlen))
        return NA_EXIT_USAGE;
    rd_kafka_topic_t *t = rd_kafka_topic_new(x->rk, x->o->topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t e =
        t ? rd_kafka_metadata(x->rk, 0, t, &md, 10000) : RD_KAFKA_RESP_ERR__FAIL;
    if (!e && (md->topic_cnt != 1 || md->topics[0].err))
        e = md->topic_cnt == 1 ? md->topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
    if (e) {
        snprintf(err, errlen, "--redrive %s: %s", x->o->topic, rd_kafka_err2str(e));
        if (md)
            rd_kafka_metadata_destroy(md);
        if (t)
            rd_kafka_topic_destroy(t);
        return NA_EXIT_FATAL;
    }
    x->parts = rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt);
    for (int i = 0; i < md->topics[0].partition_cnt; i++) {
        rd_kafka_topic_partition_t *p = rd_kafka_topic_partition_list_add(
            x->parts, x->o->topic, md->topics[0].partitions[i].id);
        p->offset = from.kind == NA_FROM_OFFSET ? from.value
                    : from.kind == NA_FROM_TAIL ? RD_KAFKA_OFFSET_TAIL(from.value)
                    : from.kind == NA_FROM_END  ? RD_KAFKA_OFFSET_END
                    : from.kind == NA_FROM_TIME ? from.value
                                                : RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(t);
    if (from.kind == NA_FROM_TIME && (e = rd_kafka_offsets_for_times(x->rk, x->parts, 10000))) {
        snprintf(err, errlen, "--from: offsets for time: %s", rd_kafka_err2str(e));
        return NA_EXIT_FATAL;
    }
    x->at_end = calloc((size_t)x->parts->cnt + 1, 1);
    if (!x->at_end || rd_kafka_assign(x->rk, x->parts)) {
        snprintf(err, errlen, "--redrive %s: cannot assign its partitions", x->o->topic);
        return NA_EXIT_FATAL;
    }
    return NA_EXIT_OK;
}

static void mark_end(run *x, int32_t partition)
{
    for (int i = 0; i < x->parts->cnt; i++)
        if (x->parts->elems[i].partition == partition && !x->at_end[i]) {
            x->at_end[i] = 1;
            x->n_at_end++;
        }
}

/* One dead letter: an undeliverable alert is sent again; anything else is skipped. */
static void handle(run *x, const rd_kafka_message_t *m)
{
    rd_kafka_timestamp_type_t tt;
    if (x->o->until_ms > 0 && rd_kafka_message_timestamp(m, &tt) >= x->o->until_ms) {
        x->skipped++;
        return;
    }
    x->read++;
    json_t *j = m->payload ? json_loadb(m->payload, m->len, 0, NULL) : NULL;
    const char *kind = json_string_value(json_object_get(j, "kind"));
    const char *dest = x->o->destination;
    if (!dest)
        dest = json_string_value(json_object_get(j, "destination"));
    char err[256] = "";
    na_alert *al = NULL;
    if (!kind || strcmp(kind, "undeliverable")) {
        x->skipped++; /* a poison record: no alert to send */
    } else if (!dest || !na_destinations_find(x->cfg, dest)) {
        x->failed++;
        na_warn("redrive",
                "%s [%d] @%lld: destination \"%s\" is not in %s (--destination NAME "
                "sends it elsewhere)",
                x->o->topic, (int)m->partition, (long long)m->offset, dest ? dest : "",
                x->o->config_path);
    } else if (!(al = na_delivery_alert_parse(json_object_get(j, "alert"), err, sizeof err))) {
        x->failed++;
        na_warn("redrive", "%s [%d] @%lld: not an alert: %s", x->o->topic, (int)m->partition,
                (long long)m->offset, err);
    } else if (na_delivery_submit(x->dl, al, dest, (uint64_t)m->offset)) {
        x->failed++;
        na_warn("redrive", "%s [%d] @%lld: cannot be submitted", x->o->topic, (int)m->partition,
                (long long)m->offset);
    } else {
        x->sent++;
    }
    na_alert_destroy(al);
    json_decref(j);
}

static void read_all(run *x)
{
    while (!stop_flag && x->n_at_end < x->parts->cnt) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(x->rk, na_delivery_pending(x->dl) ? 0 : 100);
        if (m) {
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
                mark_end(x, m->partition);
            else if (m->err)
                na_warn("redrive", "%s: %s", x->o->topic, rd_kafka_message_errstr(m));
            else
                handle(x, m);
            rd_kafka_message_destroy(m);
        }
        na_delivery_run(x->dl, m ? 0 : 10);
    }
    while (!stop_flag && na_delivery_pending(x->dl))
        na_delivery_run(x->dl, 100);
}

int na_redrive_run(const struct na_redrive_opts *o)
{
    run x = {.o = o};
    char err[1024];
    int rc = NA_EXIT_USAGE;
    if (!(x.cfg = na_destinations_load(o->config_path, err, sizeof err)))
        goto out;
    if (o->destination && !na_destinations_find(x.cfg, o->destination)) {
        snprintf(err, sizeof err, "--destination \"%s\": not in %s", o->destination,
                 o->config_path);
        goto out;
    }
    if (!(x.dl = na_delivery_new(x.cfg, on_outcome, &x, err, sizeof err)) ||
        !(x.rk = reader_new(o, err, sizeof err)) || (rc = position(&x, err, sizeof err)))
        goto out;
    struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    stop_flag = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    read_all(&x);
    size_t left =
        na_delivery_drain(x.dl, na_clock_wall_ms() + (int64_t)x.cfg->shutdown_grace_s * 1000);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    fprintf(
        stderr,
        "redrive %s: %lu dead letters read, %lu sent again: %lu delivered, %lu not (%zu stopped "
        "waiting), %lu skipped\n",
        o->topic, x.read, x.sent, x.delivered, x.failed + left, left, x.skipped);
    rc = x.failed || left || stop_flag ? NA_EXIT_DATA : NA_EXIT_OK;
    err[0] = '\0';
out:
    if (rc && err[0])
        na_err("redrive", "%s", err);
    if (x.rk) {
        na_kafka_consumer_close(x.rk, 10000);
        rd_kafka_destroy(x.rk);
    }
    if (x.parts)
        rd_kafka_topic_partition_list_destroy(x.parts);
    free(x.at_end);
    na_delivery_destroy(x.dl);
    na_destinations_destroy(x.cfg);
    return rc;
}
