/*
 * What the daemon tells the metrics and the readiness probe: delivery outcomes and their
 * latencies, rejected records, consumer lag from librdkafka's statistics, and whether this
 * member is ready (broker up, partitions assigned, not stalled).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "daemon/daemon_int.h"
#include "newsalert/clock.h"
#include "newsalert/grow.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"
#include "newsalert/metrics_http.h"

#define STALL_MS 60000   /* a backlog this old (partitions paused) makes the member not ready */
#define PROGRESS_MS 1000 /* the progress line on a terminal is redrawn this often */

static void progress(na_daemon *d, int64_t now)
{
    if (!d->progress_ms) { /* first pass: start the clock, and only draw on a terminal */
        d->started_ms = now;
        d->progress_ms = isatty(STDERR_FILENO) && na_log_level_current >= NA_LOG_WARN ? now : -1;
    }
    if (d->progress_ms < 0 || now - d->progress_ms < PROGRESS_MS)
        return;
    d->progress_ms = now;
    char line[160];
    snprintf(line, sizeof line, "%lu records, %lu alerts, %lu delivered, %lu dead-lettered",
             d->records, d->alerts, d->delivered, d->dead + d->poison);
    na_log_progress(line);
}

void na_daemon_observe_outcome(const na_delivery_result *res, const na_offsets_rec *r)
{
    if (!na_metrics_enabled())
        return;
    int ok = res->outcome == NA_OUTCOME_DELIVERED;
    na_metrics_inc(NA_M_C_DELIVERIES, res->destination, ok ? "delivered" : "dead");
    if (res->attempts > 1)
        na_metrics_add(NA_M_C_RETRIES, res->destination, NULL, res->attempts - 1);
    if (!ok) {
        na_metrics_inc(NA_M_C_DEAD_LETTERS, "delivery", NULL);
        return;
    }
    int64_t now = na_clock_wall_ms(), begun, ts;
    na_offsets_rec_times(r, &begun, &ts);
    if (begun > 0)
        na_metrics_observe(NA_M_C_DELIVERY_LATENCY, res->destination, (double)(now - begun) / 1e3);
    if (ts > 0)
        na_metrics_observe(NA_M_C_E2E_LAG, NULL, now > ts ? (double)(now - ts) / 1e3 : 0);
}

void na_daemon_observe_poison(const char *reason)
{
    static const char *const kinds[][2] = {{"empty", "empty"},
                                           {"oversize", "oversize"},
                                           {"not a valid event", "invalid"},
                                           {"rules failed", "rules_failed"}};
    const char *kind = "other";
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strncmp(reason, kinds[i][0], strlen(kinds[i][0])) == 0)
            kind = kinds[i][1];
    na_metrics_inc(NA_M_C_REJECTED, kind, NULL);
    na_metrics_inc(NA_M_C_DEAD_LETTERS, "record", NULL);
}

int na_daemon_on_stats(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
    (void)rk;
    na_daemon *d = opaque;
    json_t *root = json_loadb(json, len, 0, NULL);
    if (!root)
        return 0;
    const char *name;
    json_t *b, *t, *p;
    int up = 0;
    json_object_foreach(json_object_get(root, "brokers"), name, b)
    {
        const char *state = json_string_value(json_object_get(b, "state"));
        up += state && strcmp(state, "UP") == 0 &&
              json_integer_value(json_object_get(b, "nodeid")) >= 0;
    }
    d->brokers_up = up;
    na_metrics_clear(NA_M_C_PARTITION_LAG);
    json_object_foreach(json_object_get(root, "topics"), name, t)
    {
        const char *part;
        json_object_foreach(json_object_get(t, "partitions"), part, p)
        {
            json_int_t lag = json_integer_value(json_object_get(p, "consumer_lag"));
            if (strcmp(part, "-1") && lag >= 0)
                na_metrics_set(NA_M_C_PARTITION_LAG, name, part, (double)lag);
        }
    }
    json_decref(root);
    return 0; /* librdkafka frees json */
}

void na_daemon_observe_pass(na_daemon *d)
{
    int n = d->assigned ? d->assigned->cnt : 0;
    int64_t now = na_clock_wall_ms();
    if (!d->paused)
        d->paused_since_ms = 0;
    else if (!d->paused_since_ms)
        d->paused_since_ms = now;
    progress(d, now);
    if (!na_metrics_enabled())
        return;
    if (!d->o->record) /* the articles' partitions, not the window stage's */
        na_metrics_set(NA_M_C_ASSIGNED, NULL, NULL, n);
    char why[160];
    if (d->brokers_up == 0)
        na_health_set(0, "no broker reachable");
    else if (!n)
        na_health_set(0, "no partition assigned");
    else if (d->paused_since_ms && now - d->paused_since_ms > STALL_MS) {
        snprintf(why, sizeof why, "stalled: deliveries backlogged for %lld s",
                 (long long)(now - d->paused_since_ms) / 1000);
        na_health_set(0, why);
    } else
        na_health_set(1, NULL);
}

int na_daemon_wait_for_brokers(na_daemon *d, char *errstr, size_t errlen)
{
    int ms = d->o->connect_timeout_ms > 0 ? d->o->connect_timeout_ms : 10000;
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = rd_kafka_metadata(d->rk, 0, NULL, &md, ms);
    if (err) {
        snprintf(errstr, errlen, "cannot reach Kafka at %s within %d ms: %s", d->o->brokers, ms,
                 rd_kafka_err2str(err));
        return -1;
    }
    rd_kafka_metadata_destroy(md);
    return 0;
}

void na_daemon_count_rule(na_daemon *d, const char *rule)
{
    for (size_t i = 0; i < d->n_rule_counts; i++)
        if (strcmp(d->rule_counts[i].rule, rule) == 0) {
            d->rule_counts[i].n++;
            return;
        }
    if (na_grow((void **)&d->rule_counts, &d->cap_rule_counts, d->n_rule_counts,
                sizeof *d->rule_counts, 8))
        return;
    char *r = strdup(rule);
    if (r)
        d->rule_counts[d->n_rule_counts++] = (struct na_rule_count){r, 1};
}

static int by_rule(const void *a, const void *b)
{
    return strcmp(((const struct na_rule_count *)a)->rule, ((const struct na_rule_count *)b)->rule);
}

void na_daemon_summary(na_daemon *d)
{
    if (d->progress_ms > 0)
        na_log_progress(NULL);
    char rules[1024] = "";
    size_t k = 0;
    if (d->n_rule_counts) /* qsort(NULL, 0) is undefined (a window stage that raised nothing) */
        qsort(d->rule_counts, d->n_rule_counts, sizeof *d->rule_counts, by_rule);
    for (size_t i = 0; i < d->n_rule_counts && k < sizeof rules; i++)
        k += (size_t)snprintf(rules + k, sizeof rules - k, "%s%s %lu",
                              i ? ", " : "; per rule: ", d->rule_counts[i].rule,
                              d->rule_counts[i].n);
    if (k >= sizeof rules)
        strcpy(rules + sizeof rules - 5, "...");
    double secs = d->started_ms ? (double)(na_clock_wall_ms() - d->started_ms) / 1e3 : 0;
    if (na_log_level_current >= NA_LOG_WARN) /* shown by default, hidden by -q */
        na_log_write(d->dead || d->poison ? NA_LOG_WARN : NA_LOG_INFO, "consumer",
                     "summary: %lu records, %lu alerts, %lu %s, %lu dead-lettered (%lu alerts, "
                     "%lu records)%s (%.1f s)",
                     d->records, d->alerts, d->o->dry_run ? d->alerts - d->folded : d->delivered,
                     d->o->dry_run ? "written" : "delivered", d->dead + d->poison, d->dead,
                     d->poison, rules, secs);
    if (d->story_updates || d->folded)
        na_log_write(NA_LOG_INFO, "consumer",
                     "stories: %lu alerts sent as updates of their story's alert, %lu folded "
                     "(counted, not sent)",
                     d->story_updates, d->folded);
    for (size_t i = 0; i < d->n_rule_counts; i++)
        free(d->rule_counts[i].rule);
    free(d->rule_counts);
    d->rule_counts = NULL;
    d->n_rule_counts = d->cap_rule_counts = 0;
}
