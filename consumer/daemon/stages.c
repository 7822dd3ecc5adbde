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

/* A stage's rule sets across reloads: the caller's first one, then what its loader reads. */
struct stage_rules {
    const struct na_daemon_opts *caller; /* its reload hooks, context and free_rules */
    int window;                          /* the window stage: reloads with reload_windows */
    na_rules *first, *cur;
    void (*set)(void *stage, na_rules *r); /* hands a new set (borrowed) to the stage */
    void *stage;                           /* also the eval context the daemon keeps */
    volatile int *then_ask;                /* set after each reload: the window stage's turn */
};

/* SIGHUP in a stage: the caller's loader again; the stage takes the new set (the match stage
 * sends its matches, the window stage re-reads its partitions through it: na_daemon_reload's
 * na_daemon_rebuild_to). */
static int reload_stage(void *ctx, void **rules, na_destinations **cfg)
{
    struct stage_rules *sr = ctx;
    void *nr = NULL;
    const struct na_daemon_opts *c = sr->caller;
    int rc =
        (sr->window && c->reload_windows ? c->reload_windows : c->reload)(c->reload_ctx, &nr, cfg);
    if (rc)
        return rc;
    sr->set(sr->stage, nr);
    if (sr->cur != sr->first)
        sr->caller->free_rules(sr->cur);
    sr->cur = nr;
    *rules = sr->stage; /* the eval context stays the stage's */
    if (sr->then_ask)
        *sr->then_ask = 1;
    return 0;
}

/* Runs a stage's daemon with o (the stage's copy), reloading through sr when the caller can. */
static int run_stage(struct na_daemon_opts *o, struct stage_rules *sr)
{
    if (sr->caller->reload) {
        o->reload = reload_stage;
        o->reload_ctx = sr;
    }
    return na_daemon_run(o);
}

/* After the stage is destroyed (it used the set in force until then). */
static void stage_rules_free(struct stage_rules *sr)
{
    if (sr->cur != sr->first)
        sr->caller->free_rules(sr->cur);
}

static void set_windows(void *stage, na_rules *r)
{
    na_windows_set_rules(stage, r);
}

static void set_matches(void *stage, na_rules *r)
{
    na_matches_set_rules(stage, r);
}

struct window_run {
    struct na_daemon_opts o;
    const struct na_daemon_opts *caller;
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
    struct stage_rules sr = {w->caller, 1, w->r, w->r, set_windows, ws, NULL};
    int rc = run_stage(&w->o, &sr);
    na_windows_destroy(ws);
    stage_rules_free(&sr);
    return rc;
}

static void *window_thread(void *arg)
{
    struct window_run *w = arg;
    w->status = run_window(w);
    na_daemon_request_stop(); /* the window stage ended: so does the match stage */
    return NULL;
}

/* window_reload: the window stage of this process, asked to reload after each reload here. */
static int run_match(struct na_daemon_opts *o, na_rules *r, const char *topic,
                     volatile int *window_reload)
{
    char err[512];
    struct na_daemon_opts m = *o;
    na_matches *mx = na_matches_new(&m, r, topic, err, sizeof err);
    if (!mx) {
        na_err("daemon", "match stage: %s", err);
        return 2;
    }
    struct stage_rules sr = {o, 0, r, r, set_matches, mx, window_reload};
    int rc = run_stage(&m, &sr);
    na_matches_destroy(mx);
    stage_rules_free(&sr);
    return rc;
}

int na_daemon_run_stages(const struct na_daemon_opts *o, const char *stage, na_rules *r,
                         na_rules *wr)
{
    char topic[512], group[512];
    na_matches_topic(o->topic, o->group, topic, sizeof topic);
    snprintf(group, sizeof group, "%s.windows", o->group);
    struct na_daemon_opts m = *o;
    static volatile int match_done;    /* written here, read by the window thread */
    static volatile int window_reload; /* set by the match stage's reloads, cleared by the other */
    struct window_run w = {.o = *o, .caller = o, .r = wr ? wr : r, .match_done = &match_done};
    w.o.topic = topic;
    w.o.group = group;
    w.o.from = NULL; /* --from, --until and --max-records place the articles, not matches */
    w.o.until_ms = 0;
    w.o.max_records = 0;
    /* w.o.report stays: the window stage's alerts go to the same (locked) report */
    w.o.exit_at_end = o->exit_at_end || o->until_ms > 0;
    w.o.reload = NULL; /* run_window sets its own */
    char err[512];
    if (na_matches_topic_ensure(o, topic, err, sizeof err)) {
        na_err("daemon", "matches topic: %s", err);
        return 2;
    }
    if (!strcmp(stage, "match"))
        return run_match(&m, r, topic, NULL);
    if (!strcmp(stage, "window")) { /* SIGHUP and --watch are its own */
        w.match_done = NULL;
        return run_window(&w);
    }
    w.o.n_watch_paths = 0; /* the match stage watches, and asks this one to reload */
    w.o.reload_asked = &window_reload;
    match_done = window_reload = 0;
    pthread_t t;
    if (pthread_create(&t, NULL, window_thread, &w)) {
        na_err("daemon", "cannot start the window stage's thread");
        return 2;
    }
    int rc = run_match(&m, r, topic, &window_reload);
    match_done = 1;
    if (rc || (!o->exit_at_end && o->until_ms <= 0))
        na_daemon_request_stop();
    pthread_join(t, NULL);
    na_info("daemon", "match stage exit %d, window stage exit %d", rc, w.status);
    return rc > w.status ? rc : w.status;
}
