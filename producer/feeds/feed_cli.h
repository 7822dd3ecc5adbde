/*
 * The producer's feed options (--feed, --feeds, --poll-interval, --state-file, --fetch-articles,
 * --allow-private-hosts, --once, --feed-timeout) as option rows (newsalert/opts.h), and the run that polls them.
 */
#ifndef NEWSALERT_PRODUCER_FEED_CLI_H
#define NEWSALERT_PRODUCER_FEED_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "feeds/feed.h"
#include "newsalert/opts.h"

#define NA_FEED_CLI_CAT "Feeds (docs/feeds.md)"
/* The feed rows for a struct TYPE whose FIELD is an na_feed_cli. The defaults are the poller's
 * (na_feed_poll_opts_default; a unit test checks they agree). */
// clang-format off
#define NA_FEED_CLI_ROWS(TYPE, FIELD) \
    {.kind = NA_OPT_LIST, .name = "feed", .arg = "URL", .offset = offsetof(TYPE, FIELD.urls), \
     .set = na_feed_cli_check_url, .help = "poll this RSS/Atom feed (repeatable)", \
     .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_LIST, .name = "feeds", .arg = "FILE", .offset = offsetof(TYPE, FIELD.lists), \
     .help = "poll the feeds listed in FILE: one URL per line, '#' comments, optional " \
             "'interval=SECONDS' per line", .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_FUNC, .name = "poll-interval", .arg = "SEC", \
     .offset = offsetof(TYPE, FIELD.interval_s), .def = "300", .set = na_feed_cli_set_seconds, \
     .help = "time between polls of a feed (also 90s, 5m, 1h), with +-10% jitter and backoff " \
             "on errors", .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_STR, .name = "state-file", .arg = "PATH", \
     .offset = offsetof(TYPE, FIELD.state_file), \
     .help = "items already published, per feed (default $XDG_STATE_HOME/newsalert/feeds.json " \
             "or ~/.local/state/newsalert/feeds.json)", .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_FLAG, .name = "fetch-articles", \
     .offset = offsetof(TYPE, FIELD.fetch_articles), \
     .help = "publish the text of each new item's web page instead of the feed's description " \
             "(which stays the fallback)", .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_FLAG, .name = "allow-private-hosts", \
     .offset = offsetof(TYPE, FIELD.allow_private_hosts), \
     .help = "with --fetch-articles, also fetch pages from loopback, private, link-local and " \
             "reserved addresses (refused by default: feed items name them, not you)", \
     .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_FLAG, .name = "once", .offset = offsetof(TYPE, FIELD.once), \
     .help = "poll every feed once and exit", .category = NA_FEED_CLI_CAT}, \
    {.kind = NA_OPT_FUNC, .name = "feed-timeout", .arg = "SEC", \
     .offset = offsetof(TYPE, FIELD.timeout_s), .def = "30", .set = na_feed_cli_set_seconds, \
     .help = "longest time for one feed download", .category = NA_FEED_CLI_CAT}
// clang-format on

typedef struct na_feed_cli {
    na_strlist urls;        /* --feed, in order */
    na_strlist lists;       /* --feeds files, read when the run starts */
    double interval_s;      /* --poll-interval; 0 = the poller's default */
    double timeout_s;       /* --feed-timeout; 0 = the poller's default */
    const char *state_file; /* borrowed from argv; NULL = the default path */
    int fetch_articles;
    int allow_private_hosts; /* --allow-private-hosts */
    int once;
    int dry_run; /* the producer's --dry-run: the state file is not written */
} na_feed_cli;

/* Row checks and setters: --feed takes an http:// or https:// URL; seconds are 90, 90s, 5m, 1h. */
int na_feed_cli_check_url(void *field, void *opts, const char *const *args, char *err, size_t len);
int na_feed_cli_set_seconds(void *field, void *opts, const char *const *args, char *err,
                            size_t len);
/* 1 when feeds are to be polled (--feed or --feeds given). */
int na_feed_cli_active(const na_feed_cli *c);

/*
 * Polls the feeds until *stop (or once each with --once), handing new items to sink; tick runs
 * at least once a second. Returns 0; NA_EHTTP when --once saw a feed fail; NA_EINVAL when a
 * feeds list or the state file is unusable (logged).
 */
int na_feed_cli_run(const na_feed_cli *c, const na_feed_sink *sink, volatile sig_atomic_t *stop,
                    void (*tick)(void *), void *tick_ud);

#endif
