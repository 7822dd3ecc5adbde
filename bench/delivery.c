/*
 * The delivery driver: reads alerts (JSON lines, as the consumer's dry run prints them) or
 * makes synthetic ones, delivers them through the engine to a destinations config, writes one
 * outcome per delivery as a JSON line, and prints deliveries/s and the peak RSS.
 *
 *   bench_delivery -c CONFIG [-i ALERTS.jsonl | -n COUNT] [-o OUTCOMES.jsonl] [-w WINDOW]
 *
 * Destinations: the alert's own list, else the config's defaults. SIGINT/SIGTERM: stop
 * reading, drain within the config's shutdown grace (what still waits is dropped unreported).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "delivery/delivery.h"
#include "newsalert/error.h"
#include "newsalert/clock.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = 1;
}

typedef struct stats {
    FILE *out;
    unsigned long delivered, dead, retried;
} stats;

static void on_outcome(const na_delivery_result *r, void *ud)
{
    stats *s = ud;
    if (r->outcome == NA_OUTCOME_DELIVERED)
        s->delivered++;
    else
        s->dead++;
    s->retried += r->attempts > 1;
    if (!s->out)
        return;
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:I}", "tag",
                          (json_int_t)r->tag, "id", r->alert_id, "destination", r->destination,
                          "outcome", r->outcome == NA_OUTCOME_DELIVERED ? "delivered" : "dead",
                          "reason", r->reason, "attempts", r->attempts, "last_status",
                          (int)r->last_status, "first_attempt_ms", (json_int_t)r->first_attempt_ms,
                          "last_attempt_ms", (json_int_t)r->last_attempt_ms);
    char *line = json_dumps(j, JSON_COMPACT);
    fprintf(s->out, "%s\n", line);
    free(line);
    json_decref(j);
}

static na_alert *synthetic(unsigned long i)
{
    char buf[160];
    na_alert *al = na_alert_new();
    snprintf(buf, sizeof buf, "bench-%lu", i);
    al->event_id = strdup(buf);
    al->rule_id = strdup(i % 3 ? "sanctions" : "troop-buildup");
    al->severity = strdup("warning");
    snprintf(buf, sizeof buf, "Synthetic headline number %lu about export curbs", i);
    al->headline = strdup(buf);
    snprintf(buf, sizeof buf, "https://news.example/item/%lu", i);
    al->url = strdup(buf);
    al->outlet = strdup("Example Wire");
    al->time_ms = 1649419200000 + (int64_t)i * 1000;
    al->score = 0.75;
    na_alert_add_evidence(al, "headline", 0, 39, 51, "export curbs", "about export curbs");
    na_alert_make_id(al);
    return al;
}

/* Submits al to its destinations (or the defaults); returns the number submitted. */
static int submit(na_delivery *d, const na_destinations *cfg, const na_alert *al, unsigned long tag)
{
    int n = 0;
    for (size_t i = 0; i < al->destinations.n; i++)
        if (!na_delivery_submit(d, al, al->destinations.items[i], tag))
            n++;
        else
            fprintf(stderr, "bench_delivery: alert %s: unknown destination \"%s\"\n", al->id,
                    al->destinations.items[i]);
    for (size_t i = 0; !al->destinations.n && i < cfg->n; i++)
        if (cfg->items[i].is_default && !na_delivery_submit(d, al, cfg->items[i].name, tag))
            n++;
    return n;
}

static long peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* The next alert: parsed from in, or synthetic while count lasts; NULL at the end. */
static na_alert *next_alert(FILE *in, unsigned long *made, unsigned long count)
{
    if (!in)
        return *made < count ? synthetic((*made)++) : NULL;
    char *line = NULL;
    size_t cap = 0;
    na_alert *al = NULL;
    while (!al && getline(&line, &cap, in) > 0) {
        json_error_t jerr;
        char err[256];
        json_t *j = json_loads(line, 0, &jerr);
        if (j && (al = na_delivery_alert_parse(j, err, sizeof err)) == NULL)
            fprintf(stderr, "bench_delivery: bad alert: %s\n", err);
        json_decref(j);
    }
    free(line);
    return al;
}

int main(int argc, char **argv)
{
    const char *config = NULL, *input = NULL, *output = NULL;
    unsigned long count = 0, window = 1024;
    int opt;
    while ((opt = getopt(argc, argv, "c:i:n:o:w:")) != -1) {
        if (opt == 'c')
            config = optarg;
        else if (opt == 'i')
            input = optarg;
        else if (opt == 'n')
            count = strtoul(optarg, NULL, 10);
        else if (opt == 'o')
            output = optarg;
        else if (opt == 'w')
            window = strtoul(optarg, NULL, 10);
        else
            return 2;
    }
    if (!config || (!input && !count)) {
        fprintf(stderr, "usage: bench_delivery -c CONFIG [-i ALERTS | -n COUNT] [-o OUT] [-w N]\n");
        return 2;
    }
    char err[512];
    na_destinations *cfg = na_destinations_load(config, err, sizeof err);
    if (!cfg) {
        fprintf(stderr, "bench_delivery: %s\n", err);
        return 2;
    }
    stats st = {0};
    st.out = output ? fopen(output, "w") : NULL;
    FILE *in = input ? (strcmp(input, "-") ? fopen(input, "r") : stdin) : NULL;
    na_delivery *d = na_delivery_new(cfg, on_outcome, &st, err, sizeof err);
    if (!d || (input && !in) || (output && !st.out)) {
        fprintf(stderr, "bench_delivery: %s\n", d ? "cannot open input or output" : err);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    unsigned long made = 0, submitted = 0, n_alerts = 0;
    int64_t t0 = na_clock_wall_ms();
    for (int more = 1; !stop && (more || na_delivery_pending(d));) {
        while (more && na_delivery_pending(d) < window) {
            na_alert *al = next_alert(in, &made, count);
            more = al != NULL;
            if (al)
                submitted += (unsigned long)submit(d, cfg, al, n_alerts++);
            na_alert_destroy(al);
        }
        na_delivery_run(d, 100);
    }
    if (stop)
        na_delivery_drain(d, na_clock_wall_ms() + cfg->shutdown_grace_s * 1000);
    double secs = (double)(na_clock_wall_ms() - t0) / 1000.0;
    printf("deliveries: %lu submitted, %lu delivered, %lu dead, %lu needed retries\n", submitted,
           st.delivered, st.dead, st.retried);
    printf("time: %.3f s, %.0f deliveries/s, peak RSS %.1f MB\n", secs,
           secs > 0 ? (double)(st.delivered + st.dead) / secs : 0.0, peak_rss_kb() / 1024.0);
    na_delivery_destroy(d);
    na_destinations_destroy(cfg);
    if (st.out)
        fclose(st.out);
    if (in && in != stdin)
        fclose(in);
    return st.dead ? 1 : 0;
}
