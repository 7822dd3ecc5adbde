/* One librdkafka conf builder, -X applier, log callback and property list for every client. */
#include "newsalert/kafka.h"

#include <stdio.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/log.h"

#define TOPIC_PREFIX "topic."

int na_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *errstr,
                      size_t errlen)
{
    char why[512] = "";
    rd_kafka_conf_res_t res;
    if (!strncmp(key, TOPIC_PREFIX, strlen(TOPIC_PREFIX))) {
        rd_kafka_topic_conf_t *t = rd_kafka_conf_get_default_topic_conf(conf);
        if (!t) {
            t = rd_kafka_topic_conf_new();
            rd_kafka_conf_set_default_topic_conf(conf, t); /* now owned by conf */
        }
        res = rd_kafka_topic_conf_set(t, key + strlen(TOPIC_PREFIX), value, why, sizeof why);
        if (res == RD_KAFKA_CONF_UNKNOWN) /* a global one named "topic.…" (metadata refresh) */
            res = rd_kafka_conf_set(conf, key, value, why, sizeof why);
    } else {
        /* The global property when there is one, else the default topic config's (librdkafka
         * falls through by itself). Not topic first as kcat: the topic config also knows
         * "enable.auto.commit", as an alias of its legacy "auto.commit.enable". */
        res = rd_kafka_conf_set(conf, key, value, why, sizeof why);
    }
    if (res == RD_KAFKA_CONF_OK)
        return NA_OK;
    snprintf(errstr, errlen, "%s: %s", key, why);
    return NA_EINVAL;
}

/* Applies one -X "key=value"; errstr gets "-X key: reason". */
static int apply_x(rd_kafka_conf_t *conf, const char *kv, char *errstr, size_t errlen)
{
    const char *eq = strchr(kv, '=');
    char key[256], why[512];
    if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof key) {
        snprintf(errstr, errlen, "-X %s: expected key=value", kv);
        return NA_EINVAL;
    }
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    if (!na_kafka_conf_set(conf, key, eq + 1, why, sizeof why))
        return NA_OK;
    snprintf(errstr, errlen, "-X %s", why);
    return NA_EINVAL;
}

rd_kafka_conf_t *na_kafka_conf_new(const na_kafka_prop *fixed, size_t n_fixed,
                                   const char *const *props, size_t n_props, char *errstr,
                                   size_t errlen)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    int rc = conf ? NA_OK : NA_ENOMEM;
    if (rc)
        snprintf(errstr, errlen, "out of memory");
    for (size_t i = 0; !rc && i < n_fixed; i++)
        rc = na_kafka_conf_set(conf, fixed[i].key, fixed[i].value, errstr, errlen);
    for (size_t i = 0; !rc && i < n_props; i++)
        rc = apply_x(conf, props[i], errstr, errlen);
    if (rc) {
        if (conf)
            rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_log_cb(conf, na_kafka_log);
    return conf;
}

int na_kafka_log_level(int syslog_level)
{
    return syslog_level <= 3   ? NA_LOG_ERROR
           : syslog_level == 4 ? NA_LOG_WARN
           : syslog_level <= 6 ? NA_LOG_INFO
                               : NA_LOG_DEBUG;
}

void na_kafka_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    na_log(na_kafka_log_level(level), "kafka", "%s: %s: %s", rk ? rd_kafka_name(rk) : "-", fac,
           buf);
}

int na_kafka_create_compacted(rd_kafka_t *rk, const char *topic, const char *const *configs,
                              size_t n_configs, int timeout_ms, char *errstr, size_t errlen)
{
    char kerr[256] = "";
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, -1, -1, kerr, sizeof kerr);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t *ao = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR__FAIL;
    const char *why = kerr;
    rd_kafka_event_t *ev = NULL;
    if (nt && q && ao) {
        rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
        for (size_t i = 0; i < n_configs; i++)
            rd_kafka_NewTopic_set_config(nt, configs[2 * i], configs[2 * i + 1]);
        rd_kafka_AdminOptions_set_operation_timeout(ao, timeout_ms, kerr, sizeof kerr);
        rd_kafka_CreateTopics(rk, &nt, 1, ao, q);
        ev = rd_kafka_queue_poll(q, timeout_ms + 2000);
        const rd_kafka_CreateTopics_result_t *res =
            ev ? rd_kafka_event_CreateTopics_result(ev) : NULL;
        size_t n = 0;
        const rd_kafka_topic_result_t **tr =
            res ? rd_kafka_CreateTopics_result_topics(res, &n) : NULL;
        e = n ? rd_kafka_topic_result_error(tr[0]) : RD_KAFKA_RESP_ERR__TIMED_OUT;
        why = n ? rd_kafka_topic_result_error_string(tr[0]) : rd_kafka_err2str(e);
    }
    if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        snprintf(errstr, errlen, "%s: %s", topic, why ? why : rd_kafka_err2str(e));
    if (ev)
        rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(ao);
    if (q)
        rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    return !e ? 0 : e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS ? 1 : NA_EKAFKA;
}

void na_kafka_props_list(FILE *f)
{
    rd_kafka_conf_properties_show(f);
}
