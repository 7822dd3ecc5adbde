/* Stream rules: the stage that turns per-article matches into window alerts (docs/rules.md,
 * "Stream rules"; docs/stream-rules.md). The window keys are read in stream/parse.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsalert/error.h"
#include "newsalert/clock.h"
#include "rules/rules_int.h"
#include "stream/window.h"

#define EVIDENCE_EVENTS 5
#define EXPIRE_EVERY 256

struct na_rstream {
    na_window *w;
    int64_t first; /* the earliest event time the rule has seen (-1: none) */
    size_t adds;
    na_match_cb sink; /* match stage: window matches go here instead of w (NULL: offline) */
    int64_t clock_at; /* flatline, offline: the window end the clock last passed */
    void *sink_ud;
};

/* How far back the rule's state looks: events for its windows, or its last alert's mark. */
static int64_t horizon_ms(const rwindow *w)
{
    /* A spike compares with the previous window; a flatline also checks windows a step behind
     * the clock. */
    int64_t horizon = w->type == RW_SPIKE      ? 2 * w->within
                      : w->type == RW_FLATLINE ? 3 * w->within
                                               : w->within;
    /* Cooldown marks must outlive the events, or an expired key would forget its last alert. */
    return horizon > w->cooldown ? horizon : w->cooldown;
}

int64_t na_rules_state_horizon_ms(const na_rules *r)
{
    int64_t max = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        /* A window rule whose matches go to the window stage keeps no state here. */
        int staged = ru->stream && ru->win.type && ru->stream->sink;
        int64_t h =
            ru->stream && ru->enabled && !staged ? horizon_ms(&ru->win) + ru->win.lateness : 0;
        max = h > max ? h : max;
    }
    return max;
}

na_rstream *na_rstream_new(const rwindow *w)
{
    na_rstream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->w = na_window_new(horizon_ms(w), w->lateness);
    s->first = -1;
    s->clock_at = INT64_MIN;
    if (!s->w) {
        free(s);
        return NULL;
    }
    return s;
}

void na_rstream_destroy(na_rstream *s)
{
    if (!s)
        return;
    na_window_destroy(s->w);
    free(s);
}

/* The distinct values of an article field (rw_group): entities of the kind, or the outlet. */
static size_t field_values(int field, const na_article *a, const char **keys, size_t max)
{
    const na_strlist *l = field == RW_G_PLACES   ? &a->places
                          : field == RW_G_PEOPLE ? &a->people
                          : field == RW_G_ORGS   ? &a->organizations
                                                 : NULL;
    if (field == RW_G_OUTLET) {
        keys[0] = a->outlet;
        return a->outlet && *a->outlet;
    }
    size_t n = 0;
    for (size_t i = 0; i < l->n && n < max; i++) {
        size_t j = 0;
        while (j < n && strcmp(keys[j], l->items[i]))
            j++;
        if (j == n)
            keys[n++] = l->items[i];
    }
    return n;
}

/* The group keys of one article: each distinct value of group_by, or "*". */
static size_t group_keys(const rule *ru, const na_article *a, const char **keys, size_t max)
{
    if (ru->win.group_by == RW_G_ALL || !ru->win.type) {
        keys[0] = "*";
        return 1;
    }
    return field_values(ru->win.group_by, a, keys, max);
}

/* Whether the window of key ending at t holds enough events to alert; *count gets its count. */
static int window_fires(const rule *ru, na_rstream *s, const char *key, int64_t t, size_t *count)
{
    const rwindow *w = &ru->win;
    if (w->type == RW_CARDINALITY) {
        long d = na_window_distinct(s->w, key, t - w->within, t);
        *count = d > 0 ? (size_t)d : 0;
        return d > 0 && (size_t)d >= w->min_distinct;
    }
    if (w->type == RW_FLATLINE) /* absence: decided as the clock passes (flatline_key) */
        return 0;
    *count = na_window_count(s->w, key, t - w->within, t);
    if (*count < w->min_events)
        return 0;
    if (w->type == RW_FREQUENCY)
        return 1;
    /* A spike needs a previous window the stream has actually covered. */
    if (s->first > t - w->within)
        return 0;
    size_t prev = na_window_count(s->w, key, t - 2 * w->within, t - w->within);
    return (double)*count >= w->factor * (double)prev;
}

/* A window alert: the per-article alert's fields, the key, the window and its events. */
static na_alert *window_alert(const rule *ru, na_rstream *s, const na_alert *src, const char *wkey,
                              const char *key, int64_t t, size_t count)
{
    na_alert *al = na_alert_new();
    if (!al)
        return NULL;
    al->time_ms = t;
    al->score = (double)count;
    al->window_count = count;
    al->window_start = t - ru->win.within;
    al->window_end = t;
    int rc = na_article_set(&al->rule_id, src->rule_id) |
             na_article_set(&al->description, src->description) |
             na_article_set(&al->severity, src->severity) | na_article_set(&al->url, src->url) |
             na_article_set(&al->headline, src->headline) |
             na_article_set(&al->outlet, src->outlet) | na_article_set(&al->group_key, key);
    for (size_t i = 0; !rc && i < src->destinations.n; i++)
        rc = na_strlist_push(&al->destinations, src->destinations.items[i]);
    na_window_event ev[EVIDENCE_EVENTS];
    size_t n = na_window_recent(s->w, wkey, al->window_start, t, ev, EVIDENCE_EVENTS);
    for (size_t i = 0; !rc && i < n; i++) {
        const char *h = ev[i].label ? ev[i].label : "";
        rc = na_alert_add_evidence(al, "headline", 0, 0, strlen(h), ev[i].event_id, h);
    }
    /* The id names the rule, the key and the window start, not the article: a re-raised
     * window alert (after a restart) gets the same id and is deduplicated downstream. */
    char start[40];
    snprintf(start, sizeof start, "window@%" PRId64, al->window_start);
    rc = rc || na_article_set(&al->event_id, start) || na_alert_make_id(al) ||
         na_article_set(&al->event_id, src->event_id);
    if (rc) {
        na_alert_destroy(al);
        return NULL;
    }
    return al;
}

static int discard_alert(na_alert *al, void *ud)
{
    (void)ud;
    na_alert_destroy(al);
    return 0;
}

/* wkey is the window's key (the group key, or it scoped to a partition); key the group key;
 * value what a cardinality window counts (else NULL). */
static int feed_key(const rule *ru, const char *id, const char *headline, const char *value,
                    const na_alert *src, const char *wkey, const char *key, int64_t t,
                    na_alert_cb cb, void *ud)
{
    na_rstream *s = ru->stream;
    int rc = na_window_add_valued(s->w, wkey, t, id, headline, value);
    size_t count;
    if (rc <= 0 || !window_fires(ru, s, wkey, t, &count))
        return rc < 0 ? rc : 0;
    if (ru->win.cooldown && na_window_cooling(s->w, wkey, t, ru->win.cooldown))
        return 0;
    na_alert *al = window_alert(ru, s, src, wkey, key, t, count);
    if (!al || na_window_mark_alert(s->w, wkey, t)) {
        na_alert_destroy(al);
        return NA_ENOMEM;
    }
    return cb(al, ud) ? 1 : 0;
}

#define MAX_KEYS 64

/* The values a match of ru counts: the field's for a cardinality window, else one NULL. */
static size_t match_values(const rule *ru, const na_article *a, const char **vals)
{
    if (ru->win.type != RW_CARDINALITY) {
        vals[0] = NULL;
        return 1;
    }
    return field_values(ru->win.field, a, vals, MAX_KEYS);
}

/* The match stage: each group key's match (one per value) goes to the sink; the window stage
 * counts them. */
static int send_matches(const rule *ru, const na_article *a, const char *const *keys, size_t n)
{
    na_rstream *s = ru->stream;
    const char *vals[MAX_KEYS];
    size_t n_vals = match_values(ru, a, vals);
    for (size_t i = 0; i < n; i++)
        for (size_t v = 0; v < n_vals; v++) {
            na_match m = {ru->id,      keys[i], a->id,     a->published_ms,
                          a->headline, a->url,  a->outlet, vals[v]};
            int rc = s->sink(&m, s->sink_ud);
            if (rc)
                return rc < 0 ? rc : 1;
        }
    return 0;
}

int na_rules_window_feed(const rule *ru, const na_article *a, na_alert *al, na_alert_cb cb,
                         void *ud)
{
    na_rstream *s = ru->stream;
    if (ru->win.type && s->sink) { /* the match stage: the window stage decides */
        const char *keys[MAX_KEYS];
        int rc = send_matches(ru, a, keys, group_keys(ru, a, keys, MAX_KEYS));
        na_alert_destroy(al);
        return rc;
    }
    /* Event time is the published time; an article without one is placed at processing time
     * (offline only: the daemon's match stage uses the record's time). */
    int64_t t = a->published_ms >= 0 ? a->published_ms : na_clock_wall_ms();
    if (s->first < 0 || t < s->first)
        s->first = t;
    int rc = 0;
    if (!ru->win.type) { /* cooldown only: the per-article alert, unless one was sent lately */
        if (na_window_cooling(s->w, "*", t, ru->win.cooldown)) {
            na_alert_destroy(al);
            return 0;
        }
        if (na_window_mark_alert(s->w, "*", t)) {
            na_alert_destroy(al);
            return NA_ENOMEM;
        }
        return cb(al, ud) ? 1 : 0;
    }
    const char *keys[MAX_KEYS], *vals[MAX_KEYS];
    size_t n = group_keys(ru, a, keys, MAX_KEYS), n_vals = match_values(ru, a, vals);
    for (size_t i = 0; rc == 0 && i < n; i++)
        for (size_t v = 0; rc == 0 && v < n_vals; v++)
            rc = feed_key(ru, a->id, a->headline, vals[v], al, keys[i], keys[i], t, cb, ud);
    na_alert_destroy(al);
    if (++s->adds % EXPIRE_EVERY == 0)
        na_window_expire(s->w, na_window_newest(s->w));
    return rc;
}

void na_rules_set_match_sink(na_rules *r, na_match_cb cb, void *ud)
{
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (ru->stream && ru->win.type) {
            ru->stream->sink = cb;
            ru->stream->sink_ud = ud;
        }
    }
}

static const rule *window_rule(const na_rules *r, const char *id)
{
    for (size_t i = 0; id && i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (ru->enabled && ru->stream && ru->win.type && !strcmp(ru->id, id))
            return ru;
    }
    return NULL;
}

int64_t na_rules_window_lateness(const na_rules *r, const char *rule_id)
{
    const rule *ru = window_rule(r, rule_id);
    return ru ? ru->win.lateness : -1;
}

/* The window key of m: its group, after scope when given. */
static const char *scoped(const char *scope, const char *group, char *buf, size_t n)
{
    if (!scope)
        return group;
    snprintf(buf, n, "%s%s", scope, group);
    return buf;
}

int na_rules_window_holds(const na_rules *r, const na_match *m, const char *scope)
{
    const rule *ru = window_rule(r, m->rule_id);
    char buf[1024];
    return ru && na_window_holds_value(ru->stream->w, scoped(scope, m->group, buf, sizeof buf),
                                       m->time_ms, m->article_id, m->value);
}

void na_rules_window_forget(na_rules *r, const char *scope)
{
    for (size_t i = 0; i < r->n_rules; i++)
        if (r->rules[i].stream && r->rules[i].win.type)
            na_window_forget(r->rules[i].stream->w, scope);
}

int na_rules_window_apply(na_rules *r, const na_match *m, const char *scope, na_alert_cb cb,
                          void *ud, int emit)
{
    const rule *ru = window_rule(r, m->rule_id);
    if (!ru || !m->group || !m->article_id || m->time_ms < 0)
        return NA_ENOTFOUND;
    na_rstream *s = ru->stream;
    /* The window stage hands events over in time order per key, late ones already dropped. */
    na_window_set_ordered(s->w, 1);
    if (s->first < 0 || m->time_ms < s->first)
        s->first = m->time_ms;
    na_alert *src = na_alert_new();
    int rc = !src || na_article_set(&src->rule_id, ru->id) ||
                     na_article_set(&src->description, ru->description) ||
                     na_article_set(&src->severity, ru->severity) ||
                     na_article_set(&src->url, m->url) ||
                     na_article_set(&src->headline, m->headline) ||
                     na_article_set(&src->outlet, m->outlet) ||
                     na_article_set(&src->event_id, m->article_id)
                 ? NA_ENOMEM
                 : 0;
    for (size_t i = 0; !rc && i < ru->destinations.n; i++)
        rc = na_strlist_push(&src->destinations, ru->destinations.items[i]);
    char buf[1024];
    if (!rc)
        rc = feed_key(ru, m->article_id, m->headline, m->value, src,
                      scoped(scope, m->group, buf, sizeof buf), m->group, m->time_ms,
                      emit ? cb : discard_alert, ud);
    na_alert_destroy(src);
    return rc < 0 ? rc : 0;
}

/* The window end at or below t (windows are (E - within, E], E a multiple of within). */
static int64_t floor_to(int64_t t, int64_t w)
{
    int64_t q = t / w;
    return (q * w > t ? q - 1 : q) * w;
}

struct flat {
    const rule *ru;
    int64_t last;     /* the latest window end the clock has passed (plus lateness) */
    size_t scope_len; /* the window keys' partition prefix, skipped in the alert's key */
    na_alert_cb cb;
    void *ud;
};

/* A flatline alert for the window ending at e of wkey: fewer than min_events after a window
 * with at least that many. The newest event before it names the alert's article. */
static int flatline_alert(struct flat *f, const char *wkey, int64_t e, size_t count)
{
    const rule *ru = f->ru;
    na_rstream *s = ru->stream;
    const char *key = wkey + f->scope_len;
    na_window_event last;
    size_t got = na_window_recent(s->w, wkey, e - 3 * ru->win.within, e, &last, 1);
    na_alert *src = na_alert_new();
    int rc = !src || na_article_set(&src->rule_id, ru->id) ||
                     na_article_set(&src->description, ru->description) ||
                     na_article_set(&src->severity, ru->severity) ||
                     na_article_set(&src->event_id, got ? last.event_id : key) ||
                     (got && last.label && na_article_set(&src->headline, last.label)) ||
                     (ru->win.group_by == RW_G_OUTLET && na_article_set(&src->outlet, key))
                 ? NA_ENOMEM
                 : 0;
    for (size_t i = 0; !rc && i < ru->destinations.n; i++)
        rc = na_strlist_push(&src->destinations, ru->destinations.items[i]);
    na_alert *al = rc ? NULL : window_alert(ru, s, src, wkey, key, e, count);
    na_alert_destroy(src);
    if (!al || na_window_mark_alert(s->w, wkey, e)) {
        na_alert_destroy(al);
        return NA_ENOMEM;
    }
    return f->cb(al, f->ud) ? 1 : 0;
}

/* One key of a flatline rule: the windows the clock has passed since the last one checked. */
static int flatline_key(const char *wkey, int64_t oldest, int64_t newest, int64_t *mark, void *ud)
{
    struct flat *f = ud;
    const rwindow *w = &f->ru->win;
    na_window *win = f->ru->stream->w;
    if (*mark < 0 && oldest < 0)
        return 0;
    if (*mark < 0) /* the first event's window has no window before it to fall from */
        *mark = floor_to(oldest - 1, w->within) + w->within;
    for (int64_t e = *mark + w->within; e <= f->last; e += w->within) {
        if (newest < 0 || newest <= e - 2 * w->within) { /* silent since: nothing can fall */
            *mark = f->last > *mark ? f->last : *mark;
            return 0;
        }
        *mark = e;
        size_t now = na_window_count(win, wkey, e - w->within, e);
        size_t before = na_window_count(win, wkey, e - 2 * w->within, e - w->within);
        if (before < w->min_events || now >= w->min_events ||
            (w->cooldown && na_window_cooling(win, wkey, e, w->cooldown)))
            continue;
        int rc = flatline_alert(f, wkey, e, now);
        if (rc)
            return rc < 0 ? rc : 0;
    }
    return 0;
}

/* Every flatline rule of the window stage (no sink there) over the keys starting with scope. */
static int flatline_advance(na_rules *r, const char *scope, int64_t clock, na_alert_cb cb, void *ud)
{
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (!ru->enabled || !ru->stream || ru->win.type != RW_FLATLINE || ru->stream->sink)
            continue;
        struct flat f = {ru, floor_to(clock - ru->win.lateness, ru->win.within),
                         scope ? strlen(scope) : 0, cb, ud};
        int rc = na_window_each_key(ru->stream->w, scope, flatline_key, &f);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int na_rules_window_clock(const na_rules *r, int64_t t, na_alert_cb cb, void *ud)
{
    if (t < 0 || !r->n_flatline)
        return 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (!ru->enabled || !ru->stream || ru->win.type != RW_FLATLINE || ru->stream->sink)
            continue;
        /* Only when the clock crosses a window end: per article, this is one comparison. */
        int64_t last = floor_to(t - ru->win.lateness, ru->win.within);
        if (last <= ru->stream->clock_at)
            continue;
        ru->stream->clock_at = last;
        struct flat f = {ru, last, 0, cb, ud};
        int rc = na_window_each_key(ru->stream->w, NULL, flatline_key, &f);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int na_rules_window_advance(na_rules *r, const char *scope, int64_t clock, na_alert_cb cb, void *ud,
                            int emit)
{
    return flatline_advance(r, scope, clock, emit ? cb : discard_alert, ud);
}

void na_rules_window_expire(na_rules *r, int64_t low)
{
    for (size_t i = 0; i < r->n_rules; i++)
        if (r->rules[i].stream && r->rules[i].win.type)
            na_window_expire(r->rules[i].stream->w, low);
}

size_t na_rules_window_count(const na_rules *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        n += r->rules[i].enabled && r->rules[i].stream && r->rules[i].win.type;
    return n;
}

size_t na_rules_window_memory(const na_rules *r, size_t *events)
{
    size_t bytes = 0;
    *events = 0;
    for (size_t i = 0; i < r->n_rules; i++)
        if (r->rules[i].stream) {
            bytes += na_window_bytes(r->rules[i].stream->w);
            *events += na_window_events(r->rules[i].stream->w);
        }
    return bytes;
}
