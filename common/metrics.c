/* The metric families (one table) and their series, rendered as Prometheus text format 0.0.4. */
#include "newsalert/metrics.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/grow.h"

enum kind { COUNTER, GAUGE, HISTOGRAM };
#define BOTH (NA_METRICS_PRODUCER | NA_METRICS_CONSUMER)
#define P NA_METRICS_PRODUCER
#define C NA_METRICS_CONSUMER
#define MAX_BUCKETS 16

/* Seconds: delivery takes milliseconds to minutes (retries); lag up to hours (replays). */
static const double latency_s[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                   1,     2.5,  5,     10,   30,  60,   300};
static const double lag_s[] = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400};
#define BUCKETS(a) a, sizeof a / sizeof a[0]

static const struct family {
    enum na_metric id;
    const char *name;
    enum kind kind;
    int side;
    const char *l1, *l2; /* label names, NULL when unused */
    const double *buckets;
    size_t n_buckets;
    const char *help;
} families[] = {
    {NA_M_BUILD_INFO, "newsalert_build_info", GAUGE, BOTH, "version", "binary", NULL, 0,
     "Always 1; the labels say which build runs."},
    {NA_M_LOG_SUPPRESSED, "newsalert_log_lines_suppressed_total", COUNTER, BOTH, "component", NULL,
     NULL, 0, "Log lines dropped by the rate limit (one line per reason per interval)."},
    {NA_M_P_READ, "newsalert_producer_events_read_total", COUNTER, P, NULL, NULL, NULL, 0,
     "Articles read from files, standard input and feeds."},
    {NA_M_P_PRODUCED, "newsalert_producer_events_produced_total", COUNTER, P, NULL, NULL, NULL, 0,
     "Events handed to the sink (Kafka or standard output)."},
    {NA_M_P_DELIVERED, "newsalert_producer_events_delivered_total", COUNTER, P, NULL, NULL, NULL, 0,
     "Events the sink confirmed (acknowledged by Kafka, or written)."},
    {NA_M_P_FAILED, "newsalert_producer_events_failed_total", COUNTER, P, NULL, NULL, NULL, 0,
     "Events the sink could not deliver."},
    {NA_M_P_REJECTED, "newsalert_producer_events_rejected_total", COUNTER, P, "reason", NULL, NULL,
     0, "Inputs skipped, by reason (the summary's skip reasons)."},
    {NA_M_P_FEED_POLLS, "newsalert_producer_feed_polls_total", COUNTER, P, "outcome", NULL, NULL, 0,
     "Feed polls, by outcome (ok, not_modified, error)."},
    {NA_M_C_RECORDS, "newsalert_consumer_records_total", COUNTER, C, NULL, NULL, NULL, 0,
     "Kafka records taken by the daemon."},
    {NA_M_C_REJECTED, "newsalert_consumer_records_rejected_total", COUNTER, C, "reason", NULL, NULL,
     0, "Records dead-lettered without evaluation (empty, oversize, invalid, rules_failed)."},
    {NA_M_C_RULE_MATCHES, "newsalert_consumer_rule_matches_total", COUNTER, C, "rule", NULL, NULL,
     0, "Events a rule matched (stream rules: before their window or cooldown decides)."},
    {NA_M_C_ALERTS, "newsalert_consumer_alerts_total", COUNTER, C, "rule", NULL, NULL, 0,
     "Alerts raised, by rule."},
    {NA_M_C_STORY_ALERTS, "newsalert_consumer_story_alerts_total", COUNTER, C, "outcome", NULL,
     NULL, 0,
     "Alerts of events with a story, by what the story fold made of them (new, update, folded)."},
    {NA_M_C_DELIVERIES, "newsalert_consumer_deliveries_total", COUNTER, C, "destination", "outcome",
     NULL, 0, "Final delivery outcomes (delivered, dead), by destination."},
    {NA_M_C_RETRIES, "newsalert_consumer_delivery_retries_total", COUNTER, C, "destination", NULL,
     NULL, 0, "Delivery attempts after the first, by destination."},
    {NA_M_C_DEAD_LETTERS, "newsalert_consumer_dead_letters_total", COUNTER, C, "kind", NULL, NULL,
     0, "Dead letters queued for the dead-letter topic (delivery, record)."},
    {NA_M_C_SILENCED, "newsalert_consumer_alerts_silenced_total", COUNTER, C, "rule", "destination",
     NULL, 0, "Alerts a silence muted at send time, by rule and destination (not sent, settled)."},
    {NA_M_C_DELIVERY_LATENCY, "newsalert_consumer_delivery_latency_seconds", HISTOGRAM, C,
     "destination", NULL, BUCKETS(latency_s),
     "From the alert's creation to the 2xx answer of its destination."},
    {NA_M_C_E2E_LAG, "newsalert_consumer_end_to_end_lag_seconds", HISTOGRAM, C, NULL, NULL,
     BUCKETS(lag_s), "From the Kafka record's timestamp to the delivery of its alert."},
    {NA_M_C_PARTITION_LAG, "newsalert_consumer_partition_lag", GAUGE, C, "topic", "partition", NULL,
     0, "Records behind the partition's end (librdkafka statistics, consumer_lag)."},
    {NA_M_C_ASSIGNED, "newsalert_consumer_assigned_partitions", GAUGE, C, NULL, NULL, NULL, 0,
     "Partitions assigned to this member of the group."},
    {NA_M_C_RULESET_GENERATION, "newsalert_consumer_ruleset_generation", GAUGE, C, NULL, NULL, NULL,
     0, "The rule set in force: 1 at start, one more per accepted reload."},
    {NA_M_C_RULESET_RULES, "newsalert_consumer_ruleset_rules", GAUGE, C, NULL, NULL, NULL, 0,
     "Rules in the rule set in force."},
    {NA_M_C_RELOADS, "newsalert_consumer_reloads_total", COUNTER, C, "outcome", NULL, NULL, 0,
     "Reloads asked for by SIGHUP, by outcome (ok, rejected)."},
    {NA_M_C_WINDOW_MATCHES, "newsalert_consumer_window_matches_total", COUNTER, C, "outcome", NULL,
     NULL, 0, "Matches read by the window stage, by outcome (counted, late, repeat)."},
    {NA_M_C_WINDOW_HELD, "newsalert_consumer_window_matches_held", GAUGE, C, "state", NULL, NULL, 0,
     "Matches the window stage holds: in windows, or waiting for the watermarks."},
    {NA_M_C_WINDOW_BYTES, "newsalert_consumer_window_bytes", GAUGE, C, NULL, NULL, NULL, 0,
     "Memory of the window stage's windows and waiting matches."},
    {NA_M_C_ROUTED, "newsalert_consumer_routed_total", COUNTER, C, "destination", "verdict", NULL,
     0, "Routing decisions (send, digest, below_min_severity, inhibited), by destination."},
    {NA_M_C_DIGESTS, "newsalert_consumer_digests_total", COUNTER, C, "destination", NULL, NULL, 0,
     "Digest messages queued, by destination."},
    {NA_M_C_LOOP_TURNS, "newsalert_consumer_loop_turns_total", COUNTER, C, "woken_by", NULL, NULL,
     0, "Turns of the daemon's loop, by what ended its wait (kafka, http, timer, other, none)."},
};

_Static_assert(sizeof families / sizeof families[0] == NA_M__COUNT, "one row per na_metric");

typedef struct series {
    uint32_t hash; /* of the label values: compared before them */
    char *l1, *l2;
    double value; /* counter, gauge; a histogram's sum */
    unsigned long long count, buckets[MAX_BUCKETS];
} series;

static struct {
    pthread_mutex_t mu;
    int side;
    series *s[NA_M__COUNT];
    size_t n[NA_M__COUNT], cap[NA_M__COUNT];
} reg = {.mu = PTHREAD_MUTEX_INITIALIZER};

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static uint32_t fnv1a(uint32_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ 0xff) * 16777619u; /* a separator: ("ab", "") and ("a", "b") differ */
}

/* The series of m with these labels, created at 0; NULL when out of memory. Locked. */
static series *find(enum na_metric m, const char *l1, const char *l2)
{
    const struct family *f = &families[m];
    l1 = f->l1 ? (l1 ? l1 : "") : NULL;
    l2 = f->l2 ? (l2 ? l2 : "") : NULL;
    uint32_t h = fnv1a(fnv1a(2166136261u, l1), l2);
    for (size_t i = 0; i < reg.n[m]; i++)
        if (reg.s[m][i].hash == h && same(reg.s[m][i].l1, l1) && same(reg.s[m][i].l2, l2))
            return &reg.s[m][i];
    if (na_grow((void **)&reg.s[m], &reg.cap[m], reg.n[m], sizeof(series), 8))
        return NULL;
    series *s = &reg.s[m][reg.n[m]];
    memset(s, 0, sizeof *s);
    s->hash = h;
    if ((l1 && !(s->l1 = strdup(l1))) || (l2 && !(s->l2 = strdup(l2)))) {
        free(s->l1);
        return NULL;
    }
    reg.n[m]++;
    return s;
}

static int on(enum na_metric m)
{
    return (unsigned)m < NA_M__COUNT && (families[m].side & __atomic_load_n(&reg.side, 0));
}

void na_metrics_add(enum na_metric m, const char *l1, const char *l2, double v)
{
    if (!on(m))
        return;
    pthread_mutex_lock(&reg.mu);
    series *s = find(m, l1, l2);
    if (s)
        s->value += v;
    pthread_mutex_unlock(&reg.mu);
}

void na_metrics_set(enum na_metric m, const char *l1, const char *l2, double v)
{
    if (!on(m))
        return;
    pthread_mutex_lock(&reg.mu);
    series *s = find(m, l1, l2);
    if (s)
        s->value = v;
    pthread_mutex_unlock(&reg.mu);
}

void na_metrics_observe(enum na_metric m, const char *l1, double v)
{
    if (!on(m) || families[m].kind != HISTOGRAM)
        return;
    pthread_mutex_lock(&reg.mu);
    series *s = find(m, l1, NULL);
    if (s) {
        s->value += v;
        s->count++;
        for (size_t i = 0; i < families[m].n_buckets; i++)
            if (v <= families[m].buckets[i])
                s->buckets[i]++;
    }
    pthread_mutex_unlock(&reg.mu);
}

static void drop(enum na_metric m)
{
    for (size_t i = 0; i < reg.n[m]; i++) {
        free(reg.s[m][i].l1);
        free(reg.s[m][i].l2);
    }
    reg.n[m] = 0;
}

void na_metrics_clear(enum na_metric m)
{
    if (!on(m))
        return;
    pthread_mutex_lock(&reg.mu);
    drop(m);
    pthread_mutex_unlock(&reg.mu);
}

double na_metrics_get(enum na_metric m, const char *l1, const char *l2)
{
    double v = 0;
    if (!on(m))
        return 0;
    pthread_mutex_lock(&reg.mu);
    series *s = find(m, l1, l2);
    if (s)
        v = families[m].kind == HISTOGRAM ? (double)s->count : s->value;
    pthread_mutex_unlock(&reg.mu);
    return v;
}

void na_metrics_enable(int side)
{
    __atomic_or_fetch(&reg.side, side, 0);
    na_metrics_set(NA_M_BUILD_INFO, NA_VERSION,
                   side & NA_METRICS_CONSUMER ? "newsalert-consumer" : "newsalert-producer", 1);
    /* Unlabelled counters and gauges are there from the start, at 0. */
    for (int m = 0; m < NA_M__COUNT; m++)
        if (!families[m].l1 && families[m].kind != HISTOGRAM)
            na_metrics_add((enum na_metric)m, NULL, NULL, 0);
}

int na_metrics_enabled(void)
{
    return __atomic_load_n(&reg.side, 0) != 0;
}

void na_metrics_reset(void)
{
    pthread_mutex_lock(&reg.mu);
    for (int m = 0; m < NA_M__COUNT; m++) {
        drop((enum na_metric)m);
        free(reg.s[m]);
        reg.s[m] = NULL;
        reg.cap[m] = 0;
    }
    __atomic_store_n(&reg.side, 0, 0);
    pthread_mutex_unlock(&reg.mu);
}

const char *na_metrics_name(enum na_metric m)
{
    return (unsigned)m < NA_M__COUNT ? families[m].name : NULL;
}

/* A label value: backslash, double quote and line feed escaped (format 0.0.4). */
static void put_value(FILE *f, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\' || *v == '"')
            fputc('\\', f);
        if (*v == '\n')
            fputs("\\n", f);
        else
            fputc(*v, f);
    }
}

static void put_number(FILE *f, double v)
{
    if (isinf(v))
        fputs(v > 0 ? "+Inf" : "-Inf", f);
    else if (isnan(v))
        fputs("NaN", f);
    else if (v == floor(v) && fabs(v) < 1e15)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.17g", v);
}

/* name{l1="..",l2="..",le=".."} value: le is NULL but for histogram buckets. */
static void put_sample(FILE *f, const struct family *fm, const char *suffix, const series *s,
                       const char *le, double v)
{
    fprintf(f, "%s%s", fm->name, suffix);
    const char *sep = "{";
    if (s->l1) {
        fprintf(f, "%s%s=\"", sep, fm->l1);
        put_value(f, s->l1);
        fputc('"', f);
        sep = ",";
    }
    if (s->l2) {
        fprintf(f, "%s%s=\"", sep, fm->l2);
        put_value(f, s->l2);
        fputc('"', f);
        sep = ",";
    }
    if (le) {
        fprintf(f, "%sle=\"%s\"", sep, le);
        sep = ",";
    }
    fputs(*sep == ',' ? "} " : " ", f);
    put_number(f, v);
    fputc('\n', f);
}

static void put_family(FILE *f, const struct family *fm, const series *ss, size_t n)
{
    static const char *const types[] = {"counter", "gauge", "histogram"};
    fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", fm->name, fm->help, fm->name, types[fm->kind]);
    for (size_t i = 0; i < n; i++) {
        const series *s = &ss[i];
        if (fm->kind != HISTOGRAM) {
            put_sample(f, fm, "", s, NULL, s->value);
            continue;
        }
        for (size_t b = 0; b < fm->n_buckets; b++) {
            char le[32];
            snprintf(le, sizeof le, "%g", fm->buckets[b]);
            put_sample(f, fm, "_bucket", s, le, (double)s->buckets[b]);
        }
        put_sample(f, fm, "_bucket", s, "+Inf", (double)s->count);
        put_sample(f, fm, "_sum", s, NULL, s->value);
        put_sample(f, fm, "_count", s, NULL, (double)s->count);
    }
}

char *na_metrics_render(size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    pthread_mutex_lock(&reg.mu);
    for (int m = 0; m < NA_M__COUNT; m++)
        if (families[m].side & reg.side)
            put_family(f, &families[m], reg.s[m], reg.n[m]);
    pthread_mutex_unlock(&reg.mu);
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}
