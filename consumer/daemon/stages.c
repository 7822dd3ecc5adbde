/*
 * One process, two stages (docs/stream-rules.md): the match stage over the articles topic in
 * this thread, the window stage over the matches topic in a thread of its own, each a daemon
 * (loop.c) with its own consumer group, deliveries and offsets; one stage ending stops both.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "daemon/matches.h"
#include "newsalert/log.h"

struct window_run {
    struct na_daemon_opts o;
    na_rules *r;
    const volatile int *match_done;
    int status;
};

static int run_window(struct window_run *w)
{
    na_windows *ws = na_windows_new(&w->o, w->r);
    if (!ws)
        return 2;
    if (w->match_done && w->o.exit_at_end)
        na_windows_wait_for(ws, w->match_done);
    int rc = na_daemon_run(&w->o);
    na_windows_destroy(ws);
    return rc;
}

static void *window_thread(void *arg)
{
    struct window_run *w = arg;
    w->status = run_window(w);
    na_daemon_request_stop(); /* the window stage ended: so does the match stage */
    return NULL;
}

/* SIGHUP in the match stage: the new rule set sends its matches too (window rules' own
 * settings change in the window stage at a restart only). */
struct reload {
    const struct na_daemon_opts *o; /* the caller's: its reload hook and context */
    na_matches *mx;
    na_rules *first, *cur;
};

static int reload_match(void *ctx, void **rules, na_destinations **cfg)
{
    struct reload *rl = ctx;
    void *nr = NULL;
    int rc = rl->o->reload(rl->o->reload_ctx, &nr, cfg);
    if (rc)
        return rc;
    na_matches_set_rules(rl->mx, nr);
    if (rl->cur != rl->first)
        rl->o->free_rules(rl->cur);
    rl->cur = nr;
    *rules = rl->mx; /* the eval context stays the stage's */
    return 0;
}

static int run_match(struct na_daemon_opts *o, na_rules *r, const char *topic)
{
    char err[512];
    struct reload rl = {.o = o, .first = r, .cur = r};
    struct na_daemon_opts m = *o;
    na_matches *mx = na_matches_new(&m, r, topic, err, sizeof err);
    if (!mx) {
        na_err("daemon", "match stage: %s", err);
        return 2;
    }
    rl.mx = mx;
    if (o->reload) {
        m.reload = reload_match;
        m.reload_ctx = &rl;
    }
    int rc = na_daemon_run(&m);
    na_matches_destroy(mx);
    if (rl.cur != rl.first)
        o->free_rules(rl.cur);
    return rc;
}

int na_daemon_run_stages(const struct na_daemon_opts *o, const char *stage, na_rules *r,
                         na_rules *wr)
{
    char topic[512], group[512];
    na_matches_topic(o->topic, o->group, topic, sizeof topic);
    snprintf(group, sizeof group, "%s.windows", o->group);
    struct na_daemon_opts m = *o;
    static volatile int match_done; /* written here, read by the window thread */
    struct window_run w = {.o = *o, .r = wr ? wr : r, .match_done = &match_done};
    w.o.topic = topic;
    w.o.group = group;
    w.o.from = NULL; /* --from, --until and --max-records place the articles, not matches */
    w.o.until_ms = 0;
    w.o.max_records = 0;
    /* w.o.report stays: the window stage's alerts go to the same (locked) report */
    w.o.exit_at_end = o->exit_at_end || o->until_ms > 0;
    w.o.reload = NULL;
    w.o.n_watch_paths = 0; /* --watch reloads the match stage */
    char err[512];
    if (na_matches_topic_ensure(o, topic, err, sizeof err)) {
        na_err("daemon", "matches topic: %s", err);
        return 2;
    }
    if (!strcmp(stage, "match"))
        return run_match(&m, r, topic);
    if (!strcmp(stage, "window")) {
        w.match_done = NULL;
        return run_window(&w);
    }
    match_done = 0;
    pthread_t t;
    if (pthread_create(&t, NULL, window_thread, &w)) {
        na_err("daemon", "cannot start the window stage's thread");
        return 2;
    }
    int rc = run_match(&m, r, topic);
    match_done = 1;
    if (rc || (!o->exit_at_end && o->until_ms <= 0))
        na_daemon_request_stop();
    pthread_join(t, NULL);
    na_info("daemon", "match stage exit %d, window stage exit %d", rc, w.status);
    return rc > w.status ? rc : w.status;
}
