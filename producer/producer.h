/* The newsalert-producer command line: option rows, --help, and the run from inputs to a sink. */
#ifndef NEWSALERT_PRODUCER_CLI_H
#define NEWSALERT_PRODUCER_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "feeds/feed_cli.h"
#include "newsalert/article.h"
#include "newsalert/exit.h"
#include "newsalert/opts.h"

typedef struct na_producer_opts {
    const char *brokers;
    const char *topic;
    const char *config_dir;
    size_t max_record;
    int flush_timeout_ms;
    int connect_timeout_ms;
    int dry_run;
    double speed;                 /* --speed: 0 as fast as possible */
    int max_gap_ms;               /* --max-gap: the longest wait between two events when paced */
    unsigned long story_distance; /* --story-distance: SimHash bits within one story */
    int story_horizon_ms;         /* --story-horizon: how long a story takes copies */
    int no_stories;               /* --no-stories: no story ids, records keyed by article id */
    unsigned long event_version;  /* --event-version: 1 or 2 (docs/events.md) */
    const char *metrics_addr;     /* --metrics-addr HOST:PORT, NULL: no metrics server */
    na_cli_common common;         /* -q -v --log-level --log-format -X -h -V, as in the consumer */
    char **paths;                 /* borrowed from argv */
    size_t n_paths;
    na_feed_cli feeds; /* --feed, --feeds, --poll-interval, ... (feed_cli.h) */
} na_producer_opts;

/* The option tables of newsalert-producer (NULL-terminated), for --help and the drift tests. */
const na_opt *const *na_producer_rows(void);

/* Fills o from argv. 0, or NA_EINVAL with errstr for a usage error. Free with
 * na_producer_opts_free. */
int na_producer_parse(int argc, char **argv, na_producer_opts *o, char *errstr, size_t errlen);
void na_producer_opts_free(na_producer_opts *o);
void na_producer_usage(FILE *f);
void na_producer_version(FILE *f);

/* Reads every input, sends every event, prints the summary; returns an na_exit code. */
int na_producer_run(const na_producer_opts *o);

#endif
