/*
 * The producer's feed options (--feed, --feeds, --poll-interval, --state-file, --fetch-articles,
 * --once, --feed-timeout) and the run that polls them. The CLI (cli.c) adds the long options
 * below to its table and hands their values to na_feed_cli_option.
 */
#ifndef NEWSALERT_PRODUCER_FEED_CLI_H
#define NEWSALERT_PRODUCER_FEED_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "feeds/feed.h"

enum {
    NA_FEED_OPT_FEED = 0x1000,
    NA_FEED_OPT_FEEDS,
    NA_FEED_OPT_INTERVAL,
    NA_FEED_OPT_STATE,
    NA_FEED_OPT_FETCH,
    NA_FEED_OPT_ONCE,
    NA_FEED_OPT_TIMEOUT,
    NA_FEED_OPT_ALLOW_PRIVATE,
    NA_FEED_OPT_LAST = NA_FEED_OPT_ALLOW_PRIVATE
};

#define NA_FEED_LONG_OPTS                                                                          \
    {"feed", required_argument, NULL, NA_FEED_OPT_FEED},                                           \
        {"feeds", required_argument, NULL, NA_FEED_OPT_FEEDS},                                     \
        {"poll-interval", required_argument, NULL, NA_FEED_OPT_INTERVAL},                          \
        {"state-file", required_argument, NULL, NA_FEED_OPT_STATE},                                \
        {"fetch-articles", no_argument, NULL, NA_FEED_OPT_FETCH},                                  \
        {"once", no_argument, NULL, NA_FEED_OPT_ONCE},                                             \
        {"allow-private-hosts", no_argument, NULL, NA_FEED_OPT_ALLOW_PRIVATE},                     \
    {                                                                                              \
        "feed-timeout", required_argument, NULL, NA_FEED_OPT_TIMEOUT                               \
    }

typedef struct na_feed_cli {
    na_strlist urls;        /* --feed, in order */
    na_strlist lists;       /* --feeds files, read when the run starts */
    double interval_s;      /* --poll-interval; 0 = the poller's default */
    double timeout_s;       /* --feed-timeout; 0 = the poller's default */
    const char *state_file; /* borrowed from argv; NULL = the default path */
    int fetch_articles;
    int allow_private_hosts; /* --allow-private-hosts */
    int once;
} na_feed_cli;

/* 1 when opt is one of the feed options. */
int na_feed_cli_is_option(int opt);
/* Takes one feed option's value. Returns 0, or NA_EINVAL with a usage message in errstr. */
int na_feed_cli_option(na_feed_cli *c, int opt, const char *arg, char *errstr, size_t errlen);
/* 1 when feeds are to be polled (--feed or --feeds given). */
int na_feed_cli_active(const na_feed_cli *c);
void na_feed_cli_usage(FILE *f);
void na_feed_cli_free(na_feed_cli *c);

/*
 * Polls the feeds until *stop (or once each with --once), handing new items to sink; tick runs
 * at least once a second. Returns 0; NA_EHTTP when --once saw a feed fail; NA_EINVAL when a
 * feeds list or the state file is unusable (logged).
 */
int na_feed_cli_run(const na_feed_cli *c, const na_feed_sink *sink, volatile sig_atomic_t *stop,
                    void (*tick)(void *), void *tick_ud);

#endif
