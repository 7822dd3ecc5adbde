/* Stream rules: a rule's "window" and "cooldown" keys, and the stage that turns per-article
 * matches into window alerts (docs/rules.md, "Stream rules"; docs/stream-rules.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsalert/error.h"
#include "rules/rules_int.h"
#include "stream/window.h"

#define EVIDENCE_EVENTS 5
#define EXPIRE_EVERY 256
#define DEFAULT_LATENESS_MS 3600000LL

struct na_rstream {
    na_window *w;
    int64_t first; /* the earliest event time the rule has seen (-1: none) */
    size_t adds;
    na_match_cb sink; /* match stage: window matches go here instead of w (NULL: offline) */
    void *sink_ud;
};

/* "6h", "90m", "1h30m", "45s", "2d": a sum of integer parts; -1 when malformed or zero. */
static int64_t parse_duration(const char *s)
{
    int64_t total = 0;
    if (!*s)
        return -1;
    while (*s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s || v < 0 || v > 100000000)
            return -1;
        int64_t unit = *end == 's'   ? 1000
                       : *end == 'm' ? 60000
                       : *end == 'h' ? 3600000
                       : *end == 'd' ? 86400000
                                     : 0;
        if (!unit)
            return -1;
        total += v * unit;
        s = end + 1;
    }
    return total;
}

static int get_duration(json_t *o, const char *key, const char *ptr, int64_t *out, char *where,
                        size_t wlen, char *msg, size_t mlen)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    int64_t d = json_is_string(v) ? parse_duration(json_string_value(v)) : -1;
    if (d < 0) {
        snprintf(where, wlen, "%s%s", ptr, key);
        snprintf(msg, mlen, "\"%s\" must be a duration such as \"30m\", \"6h\" or \"1d\"", key);
        return -1;
    }
    *out = d;
    return 0;
}

static int fail(const char *ptr, const char *key, char *where, size_t wlen, char *msg, size_t mlen,
                const char *text)
{
    snprintf(where, wlen, "%s%s", ptr, key);
    snprintf(msg, mlen, "%s", text);
    return -1;
}

static int parse_group(json_t *win, rwindow *out, char *where, size_t wlen, char *msg, size_t mlen)
{
    static const char *const names[] = {"places", "people", "organizations", "outlet"};
    static const int groups[] = {RW_G_PLACES, RW_G_PEOPLE, RW_G_ORGS, RW_G_OUTLET};
    json_t *g = json_object_get(win, "group_by");
    out->group_by = RW_G_ALL;
    if (!g || json_is_null(g))
        return 0;
    for (size_t i = 0; json_is_string(g) && i < 4; i++) {
        if (!strcmp(json_string_value(g), names[i])) {
            out->group_by = groups[i];
            return 0;
        }
    }
    return fail("window/", "group_by", where, wlen, msg, mlen,
                "\"group_by\" must be \"places\", \"people\", \"organizations\", \"outlet\" or "
                "null");
}

static int parse_window(json_t *win, rwindow *out, char *where, size_t wlen, char *msg, size_t mlen)
{
    static const char *const keys[] = {"type",     "min_events", "within",  "group_by",
                                       "lateness", "factor",     "$comment"};
    const char *k;
    json_t *v;
    if (!json_is_object(win))
        return fail("", "window", where, wlen, msg, mlen, "\"window\" must be an object");
    json_object_foreach(win, k, v)
    {
        size_t i = 0;
        while (i < 7 && strcmp(keys[i], k))
            i++;
        if (i == 7) {
            snprintf(where, wlen, "window/%s", k);
            snprintf(msg, mlen, "unknown key \"%s\"", k);
            return -1;
        }
    }
    json_t *t = json_object_get(win, "type");
    const char *type = json_is_string(t) ? json_string_value(t) : "";
    out->type = !strcmp(type, "frequency") ? RW_FREQUENCY : !strcmp(type, "spike") ? RW_SPIKE : 0;
    if (!out->type)
        return fail(t ? "window/" : "", t ? "type" : "window", where, wlen, msg, mlen,
                    "\"window\" needs \"type\": \"frequency\" or \"spike\"");
    json_t *m = json_object_get(win, "min_events");
    if (!m && out->type == RW_FREQUENCY)
        return fail("", "window", where, wlen, msg, mlen,
                    "a frequency window needs \"min_events\": N");
    if (m && (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 1000000))
        return fail("window/", "min_events", where, wlen, msg, mlen,
                    "bad number for \"min_events\": expected an integer from 1 to 1000000");
    out->min_events = m ? (size_t)json_integer_value(m) : 1;
    json_t *f = json_object_get(win, "factor");
    if (f && out->type != RW_SPIKE)
        return fail("window/", "factor", where, wlen, msg, mlen,
                    "\"factor\" belongs to spike windows");
    if (f && (!json_is_number(f) || json_number_value(f) < 1 || json_number_value(f) > 1e6))
        return fail("window/", "factor", where, wlen, msg, mlen,
                    "bad number for \"factor\": expected a number from 1 to 1000000");
    out->factor = f ? json_number_value(f) : 2;
    if (!json_object_get(win, "within"))
        return fail("", "window", where, wlen, msg, mlen,
                    "\"window\" needs \"within\": a duration such as \"6h\"");
    out->lateness = DEFAULT_LATENESS_MS;
    if (get_duration(win, "within", "window/", &out->within, where, wlen, msg, mlen) ||
        get_duration(win, "lateness", "window/", &out->lateness, where, wlen, msg, mlen))
        return -1;
    if (out->within <= 0)
        return fail("window/", "within", where, wlen, msg, mlen, "\"within\" must not be zero");
    return parse_group(win, out, where, wlen, msg, mlen);
}

int na_rules_window_parse(json_t *o, rwindow *out, char *where, size_t wlen, char *msg, size_t mlen)
{
    memset(out, 0, sizeof *out);
    json_t *win = json_object_get(o, "window");
    if (win && parse_window(win, out, where, wlen, msg, mlen))
        return -1;
    if (json_object_get(o, "cooldown") && json_object_get(o, "realert"))
        return fail("", "realert", where, wlen, msg, mlen,
                    "give \"cooldown\" or \"realert\" (the same thing), not both");
    out->cooldown = -1;
    if (get_duration(o, "cooldown", "", &out->cooldown, where, wlen, msg, mlen) ||
        get_duration(o, "realert", "", &out->cooldown, where, wlen, msg, mlen))
        return -1;
    if (out->cooldown < 0) /* a window rule alerts at most once per window length by default */
        out->cooldown = out->type ? out->within : 0;
    return 0;
}

/* How far back the rule's state looks: events for its windows, or its last alert's mark. */
static int64_t horizon_ms(const rwindow *w)
{
    int64_t horizon = w->type == RW_SPIKE ? 2 * w->within : w->within;
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

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The group keys of one article: each distinct entity of the kind, the outlet, or "*". */
static size_t group_keys(const rule *ru, const na_article *a, const char **keys, size_t max)
{
    const na_strlist *l = ru->win.group_by == RW_G_PLACES   ? &a->places
                          : ru->win.group_by == RW_G_PEOPLE ? &a->people
                          : ru->win.group_by == RW_G_ORGS   ? &a->organizations
                                                            : NULL;
    if (ru->win.group_by == RW_G_ALL || !ru->win.type) {
        keys[0] = "*";
        return 1;
    }
    if (ru->win.group_by == RW_G_OUTLET) {
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

/* Whether the window of key ending at t holds enough events to alert; *count gets its count. */
static int window_fires(const rule *ru, na_rstream *s, const char *key, int64_t t, size_t *count)
{
    const rwindow *w = &ru->win;
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

/* wkey is the window's key (the group key, or it scoped to a partition); key the group key. */
static int feed_key(const rule *ru, const char *id, const char *headline, const na_alert *src,
                    const char *wkey, const char *key, int64_t t, na_alert_cb cb, void *ud)
{
    na_rstream *s = ru->stream;
    int rc = na_window_add_labelled(s->w, wkey, t, id, headline);
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

/* The match stage: each group key's match goes to the sink; the window stage counts them. */
static int send_matches(const rule *ru, const na_article *a, const char *const *keys, size_t n)
{
    na_rstream *s = ru->stream;
    for (size_t i = 0; i < n; i++) {
        na_match m = {ru->id, keys[i], a->id, a->published_ms, a->headline, a->url, a->outlet};
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
        const char *keys[64];
        int rc = send_matches(ru, a, keys, group_keys(ru, a, keys, 64));
        na_alert_destroy(al);
        return rc;
    }
    /* Event time is the published time; an article without one is placed at processing time
     * (offline only: the daemon's match stage uses the record's time). */
    int64_t t = a->published_ms >= 0 ? a->published_ms : now_ms();
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
    const char *keys[64];
    size_t n = group_keys(ru, a, keys, 64);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = feed_key(ru, a->id, a->headline, al, keys[i], keys[i], t, cb, ud);
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
    return ru && na_window_holds(ru->stream->w, scoped(scope, m->group, buf, sizeof buf),
                                 m->time_ms, m->article_id);
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
        rc = feed_key(ru, m->article_id, m->headline, src, scoped(scope, m->group, buf, sizeof buf),
                      m->group, m->time_ms, emit ? cb : discard_alert, ud);
    na_alert_destroy(src);
    return rc < 0 ? rc : 0;
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
