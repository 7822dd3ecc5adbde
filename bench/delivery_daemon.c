/*
 * The consumer daemon with a stand-in rule: every event raises exactly one alert (rule
 * "every-event"), so tests know the exact set of alerts to expect and can check the
 * at-least-once machinery (offsets, retries, dead letters, restarts) apart from the rules.
 *
 *   bench_delivery_daemon -b BROKERS -t TOPIC -g GROUP [-c CONFIG] [--from stored|beginning|end]
 *                         [--exit-at-end] [--dry-run] [--max-record-bytes N] [-X key=value]...
 *                         [-v]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon.h"
#include "newsalert/log.h"

static int every_event(void *ctx, const na_article *a, int (*cb)(na_alert *al, void *ud), void *ud)
{
    na_alert *al = na_alert_new();
    if (!al)
        return -2;
    al->rule_id = strdup("every-event");
    al->severity = strdup("info");
    al->event_id = strdup(a->id);
    al->headline = strdup(a->headline ? a->headline : "");
    al->url = a->url ? strdup(a->url) : NULL;
    al->outlet = a->outlet ? strdup(a->outlet) : NULL;
    al->time_ms = a->published_ms;
    al->score = 1;
    na_alert_make_id(al);
    return cb(al, ud);
}

int main(int argc, char **argv)
{
    static const struct option longs[] = {{"from", required_argument, NULL, 'f'},
                                          {"exit-at-end", no_argument, NULL, 'e'},
                                          {"dry-run", no_argument, NULL, 'n'},
                                          {"max-record-bytes", required_argument, NULL, 'm'},
                                          {NULL, 0, NULL, 0}};
    struct na_daemon_opts o = {.eval = every_event};
    const char *config = NULL;
    const char *props[32];
    int opt;
    while ((opt = getopt_long(argc, argv, "b:t:g:c:X:v", longs, NULL)) != -1) {
        switch (opt) {
        case 'b':
            o.brokers = optarg;
            break;
        case 't':
            o.topic = optarg;
            break;
        case 'g':
            o.group = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'f':
            o.from = optarg;
            break;
        case 'e':
            o.exit_at_end = 1;
            break;
        case 'n':
            o.dry_run = 1;
            break;
        case 'm':
            o.max_record_bytes = strtoul(optarg, NULL, 10);
            break;
        case 'v':
            na_log_set_level(NA_LOG_DEBUG);
            break;
        case 'X':
            if (o.n_kafka_props < 32)
                props[o.n_kafka_props++] = optarg;
            break;
        default:
            return 2;
        }
    }
    o.kafka_props = props;
    char err[1024];
    na_destinations *cfg = config ? na_destinations_load(config, err, sizeof err) : NULL;
    if (config && !cfg) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    o.destinations = cfg;
    int rc = na_daemon_run(&o);
    na_destinations_destroy(cfg);
    return rc;
}
