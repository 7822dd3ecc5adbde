/*
 * The consumer's command line: option rows (newsalert/opts.h) parsed into one struct, then a
 * dispatch on the mode.
 */
#ifndef NEWSALERT_CONSUMER_CLI_H
#define NEWSALERT_CONSUMER_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "newsalert/exit.h"
#include "newsalert/opts.h"
#include "modes/silence.h"

enum na_cli_mode {
    NA_CLI_RUN,         /* --input FILE --dry-run: events in, alerts out */
    NA_CLI_DAEMON,      /* -b -t -g -c: Kafka in, webhooks out (daemon.h) */
    NA_CLI_CHECK,       /* --check: validate rules (and config) */
    NA_CLI_PRINT_RULES, /* --print-default-rules */
    NA_CLI_DIFF,        /* --diff-rules OLD NEW --input FILE: alerts added and removed */
    NA_CLI_LIST_PROPS,  /* -X list: librdkafka's properties */
    NA_CLI_REDRIVE,     /* --redrive TOPIC -b -c: dead letters sent again (modes/redrive.h) */
    NA_CLI_SILENCE,     /* silence add|list|expire (modes/silence.h) */
    NA_CLI_HELP,
    NA_CLI_VERSION
};

struct na_consumer_cli {
    int mode;
    const char *input;       /* "-" for stdin */
    const char *rules;       /* NULL: the built-in pack */
    const char *config;      /* consumer config (JSON, "destinations" names) */
    const char *config_dir;  /* overrides the compiled-in config files */
    const char *rules_cache; /* --rules-cache: compiled rule databases kept here (NULL: none) */
    int dry_run;
    int mention_counts;   /* print per-rule per-term mention counts instead of alerts */
    const char *explain;  /* --explain RULE: why RULE fired or not, instead of alerts */
    na_cli_common common; /* -q -v --log-level --log-format -X -h -V, as in the producer */
    const char *brokers, *topic, *group, *from; /* the daemon (docs/delivery.md) */
    int exit_at_end;
    const char *report_json, *report_html; /* backtest reports written at exit */
    int64_t until_ms;                      /* --until (0: none) */
    const char *destination;               /* --destination: one destination for every alert */
    const char *diff_old, *diff_new;       /* --diff-rules OLD NEW */
    unsigned long max_records;             /* --max-records (testing): 0 none */
    const char *stage;                     /* --stage all|match|window (NULL: all) */
    const char *metrics_addr;              /* --metrics-addr HOST:PORT (NULL: none) */
    int connect_timeout_ms;                /* --connect-timeout: brokers at start (daemon) */
    int watch;                             /* --watch: reload when the rules or config change */
    int story_update_every_ms;             /* --story-update-every */
    int story_horizon_ms;                  /* --story-horizon */
    int no_stories;                        /* --no-stories: no folding */
    const char *redrive;                   /* --redrive TOPIC: the dead-letter topic */
    const char *silences_topic;            /* --silences-topic: read by the daemon */
    const char *silences_file;             /* --silences FILE: applied to --input runs */
    int silences_kafka;                    /* --input with -b: the silences topic applied too */
    struct na_silence_cli silence;         /* the "silence" subcommand's options */
};

/* The option tables of newsalert-consumer (NULL-terminated), for --help and the drift tests. */
const na_opt *const *na_consumer_rows(void);

/* Fills o from argv; returns 0, or NA_EXIT_USAGE with a message in err. Free with
 * na_consumer_cli_free (also after an error). */
int na_consumer_parse(int argc, char **argv, struct na_consumer_cli *o, char *err, size_t errlen);
void na_consumer_cli_free(struct na_consumer_cli *o);
/* Runs the parsed command; returns the process exit code. */
int na_consumer_run(const struct na_consumer_cli *o, FILE *out, FILE *errf);
void na_consumer_usage(FILE *f);

/* The silences of an --input or --diff-rules run: --silences FILE, and with -b the silences
 * topic's. 0 (*out NULL when neither was asked for), or the exit code with the error written to
 * errf. */
struct na_silences;
int na_backtest_silences_load(const struct na_consumer_cli *o, struct na_silences **out,
                              FILE *errf);

#endif
