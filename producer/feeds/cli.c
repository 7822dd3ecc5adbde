/* The feed options of newsalert-producer, and the polling run they configure. */
#include "feeds/feed_cli.h"

#include <stdio.h>
#include <string.h>

#include "feeds/list.h"
#include "feeds/poll.h"
#include "feeds/state.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

int na_feed_cli_check_url(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)field, (void)opts;
    if (strncmp(args[0], "http://", 7) != 0 && strncmp(args[0], "https://", 8) != 0) {
        snprintf(err, len,
                 "expected an http:// or https:// URL (give a saved feed file as a PATH)");
        return NA_EINVAL;
    }
    return NA_OK;
}

int na_feed_cli_set_seconds(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    if (na_feed_interval_parse(args[0], field)) {
        snprintf(err, len, "expected seconds > 0 (or 90s, 5m, 1h)");
        return NA_EINVAL;
    }
    return NA_OK;
}

int na_feed_cli_active(const na_feed_cli *c)
{
    return c->urls.n > 0 || c->lists.n > 0;
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
    o.read_only_state = c->dry_run;
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
