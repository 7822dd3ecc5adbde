/*
 * The feed poller: fetches many feeds concurrently with libcurl multi (conditional GET,
 * compression, redirects, timeouts), each on its own interval with jitter and backoff, and hands
 * every item not seen before to the sink (docs/feeds.md).
 */
#ifndef NEWSALERT_PRODUCER_FEED_POLL_H
#define NEWSALERT_PRODUCER_FEED_POLL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "feeds/feed.h"

struct sockaddr;

#ifndef NA_VERSION
#define NA_VERSION "unknown"
#endif
#define NA_FEED_USER_AGENT "newsalert/" NA_VERSION " (+https://github.com/newsalert)"
#define NA_FEED_RETRY_AFTER_MAX 86400.0

typedef struct na_feed_poll_opts {
    double interval_s;       /* default poll interval (300) */
    double backoff_cap_s;    /* longest wait after errors, at least 4 intervals (3600) */
    long connect_timeout_ms; /* 10000 */
    long timeout_ms;         /* whole transfer (30000) */
    size_t max_body;         /* bytes (16 MiB) */
    int fetch_articles;      /* download each new item's page for its text */
    int allow_private_hosts; /* let article pages come from loopback, private, ... addresses */
    /* The address policy of article pages (NULL: na_feed_addr_refusal); tests replace it. */
    const char *(*addr_refusal)(const struct sockaddr *sa);
    int once;               /* poll every feed once, then return */
    const char *state_path; /* seen-items state file, or NULL to keep state in memory only */
    int read_only_state;    /* --dry-run: the state file is read, never written */
} na_feed_poll_opts;

typedef struct na_feed_poller na_feed_poller;

/* Fills o with the defaults above. */
void na_feed_poll_opts_default(na_feed_poll_opts *o);

/* New items go to sink (copied; see na_feed_sink). Loads the state file. */
na_feed_poller *na_feed_poller_new(const na_feed_poll_opts *o, const na_feed_sink *sink,
                                   char *errstr, size_t errlen);
void na_feed_poller_destroy(na_feed_poller *p);

/* Adds a feed; interval_s <= 0 takes the default. Returns 0 or < 0. */
int na_feed_poller_add(na_feed_poller *p, const char *url, double interval_s);

/*
 * Polls until *stop becomes non-zero or, with once, until every feed was polled once (now, whatever
 * its schedule). tick (may
 * be NULL) runs on every pass, at least once a second (to serve the sink's callbacks). Returns 0,
 * or NA_EHTTP with once when some feed failed.
 */
int na_feed_poller_run(na_feed_poller *p, volatile sig_atomic_t *stop, void (*tick)(void *),
                       void *tick_ud);

size_t na_feed_poller_count(const na_feed_poller *p);

/* Seconds until url is polled next (< 0 when due or unknown), and its failures in a row. */
double na_feed_poller_wait(const na_feed_poller *p, const char *url);
unsigned na_feed_poller_failures(const na_feed_poller *p, const char *url);

/* Scheduling, as pure functions. */

/* Seconds to wait after `failures` consecutive failures (0: the interval): the interval doubled
 * per failure, at most max(cap, 4 * interval); a Retry-After (>= 0, at most a day) is a floor. */
double na_feed_next_delay(double interval, unsigned failures, double retry_after, double cap);
/* delay moved by up to ±10%: r in [0, 1) picks where. */
double na_feed_jitter(double delay, double r);
/* Retry-After as seconds from now (delta-seconds or an HTTP date), or -1 when unparsable. */
double na_feed_retry_after(const char *value, int64_t now_ms);

#endif
