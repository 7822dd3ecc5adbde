/* The feed options of newsalert-producer, and the polling run they configure. */
#include "feeds/feed_cli.h"

#include <stdio.h>
#include <string.h>

#include "feeds/list.h"
#include "feeds/poll.h"
#include "feeds/state.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

int na_feed_cli_is_option(int opt)
{
    return opt >= NA_FEED_OPT_FEED && opt <= NA_FEED_OPT_LAST;
}

static int usage(char *errstr, size_t errlen, const char *opt, const char *arg, const char *want)
{
    snprintf(errstr, errlen, "--%s %s: expected %s", opt, arg, want);
    return NA_EINVAL;
}

int na_feed_cli_option(na_feed_cli *c, int opt, const char *arg, char *errstr, size_t errlen)
{
    switch (opt) {
    case NA_FEED_OPT_FEED:
        if (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0)
            return usage(errstr, errlen, "feed", arg,
                         "an http:// or https:// URL (give a saved feed file as a PATH)");
        return na_strlist_push(&c->urls, arg);
    case NA_FEED_OPT_FEEDS:
        return na_strlist_push(&c->lists, arg);
    case NA_FEED_OPT_INTERVAL:
        if (na_feed_interval_parse(arg, &c->interval_s))
            return usage(errstr, errlen, "poll-interval", arg, "seconds > 0 (or 90s, 5m, 1h)");
        return NA_OK;
    case NA_FEED_OPT_TIMEOUT:
        if (na_feed_interval_parse(arg, &c->timeout_s))
            return usage(errstr, errlen, "feed-timeout", arg, "seconds > 0");
        return NA_OK;
    case NA_FEED_OPT_STATE:
        c->state_file = arg;
        return NA_OK;
    case NA_FEED_OPT_FETCH:
        c->fetch_articles = 1;
        return NA_OK;
    case NA_FEED_OPT_ONCE:
        c->once = 1;
        return NA_OK;
    case NA_FEED_OPT_ALLOW_PRIVATE:
        c->allow_private_hosts = 1;
        return NA_OK;
    default:
        snprintf(errstr, errlen, "not a feed option");
        return NA_EINVAL;
    }
}

int na_feed_cli_active(const na_feed_cli *c)
{
    return c->urls.n > 0 || c->lists.n > 0;
}

void na_feed_cli_usage(FILE *f)
{
    fputs("Feeds (docs/feeds.md):\n"
          "      --feed URL            poll this RSS/Atom feed (repeatable)\n"
          "      --feeds FILE          poll the feeds listed in FILE: one URL per line,\n"
          "                            '#' comments, optional 'interval=SECONDS' per line\n"
          "      --poll-interval SEC   time between polls of a feed (default 300; also\n"
          "                            90s, 5m, 1h), with +-10% jitter and backoff on errors\n"
          "      --state-file PATH     items already published, per feed (default\n"
          "                            $XDG_STATE_HOME/newsalert/feeds.json or\n"
          "                            ~/.local/state/newsalert/feeds.json)\n"
          "      --fetch-articles      publish the text of each new item's web page instead\n"
          "                            of the feed's description (which stays the fallback)\n"
          "      --allow-private-hosts with --fetch-articles, also fetch pages from loopback,\n"
          "                            private, link-local and reserved addresses (refused\n"
          "                            by default: feed items name them, not you)\n"
          "      --once                poll every feed once and exit\n"
          "      --feed-timeout SEC    longest time for one feed download (default 30)\n",
          f);
}

void na_feed_cli_free(na_feed_cli *c)
{
    na_strlist_clear(&c->urls);
    na_strlist_clear(&c->lists);
}

static int add_listed(const char *url, double interval, void *ud)
{
    return na_feed_poller_add(ud, url, interval);
}

int na_feed_cli_run(const na_feed_cli *c, const na_feed_sink *sink, volatile sig_atomic_t *stop,
                    void (*tick)(void *), void *tick_ud)
{
    char err[1024], state_path[4096];
    na_feed_poll_opts o;
    na_feed_poll_opts_default(&o);
    if (c->interval_s > 0)
        o.interval_s = c->interval_s;
    if (c->timeout_s > 0)
        o.timeout_ms = (long)(c->timeout_s * 1000);
    o.fetch_articles = c->fetch_articles;
    o.allow_private_hosts = c->allow_private_hosts;
    o.once = c->once;
    o.state_path = c->state_file;
    if (!o.state_path) {
        if (na_feed_state_default_path(state_path, sizeof state_path)) {
            na_err("feed", "no --state-file given and neither $XDG_STATE_HOME nor $HOME is set");
            return NA_EINVAL;
        }
        o.state_path = state_path;
    }
    na_feed_poller *p = na_feed_poller_new(&o, sink, err, sizeof err);
    if (!p) {
        na_err("feed", "%s", err);
        return NA_EINVAL;
    }
    int rc = NA_OK;
    for (size_t i = 0; i < c->urls.n && !rc; i++)
        rc = na_feed_poller_add(p, c->urls.items[i], 0);
    for (size_t i = 0; i < c->lists.n && !rc; i++)
        if ((rc = na_feed_list_read(c->lists.items[i], add_listed, p, err, sizeof err)))
            na_err("feed", "%s", err);
    if (!rc) {
        size_t n = na_feed_poller_count(p);
        na_info("feed", "polling %zu feed%s%s; state in %s", n, n == 1 ? "" : "s",
                c->once ? " once" : "", o.state_path);
        rc = na_feed_poller_run(p, stop, tick, tick_ud);
    } else {
        rc = NA_EINVAL;
    }
    na_feed_poller_destroy(p);
    return rc;
}
