/*
 * The routing decision per alert and destination, and the inhibition state: per inhibit rule,
 * the recent source alerts (their equal-field values and event time).
 */
#include "delivery/route.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/clock.h"
#include "newsalert/grow.h"

#define SOURCES_MAX 65536 /* per rule; beyond it the oldest is forgotten */

typedef struct source {
    char *key; /* the equal fields' values, joined by \x1f */
    int64_t t;
    int also_target; /* matched the target side too (such an alert never inhibits its kind) */
} source;

typedef struct rule_state {
    source *items;
    size_t n, cap;
} rule_state;

struct na_router {
    const na_destinations *cfg;
    rule_state *rules;
};

const char *na_alert_field(const na_alert *al, const char *field)
{
    if (!strcmp(field, "rule"))
        return al->rule_id;
    if (!strcmp(field, "story")) /* the story id (docs/stories.md); an event without: itself */
        return al->story ? al->story : al->event_id;
    if (!strcmp(field, "severity"))
        return al->severity;
    if (!strcmp(field, "outlet"))
        return al->outlet;
    if (!strcmp(field, "event"))
        return al->event_id;
    if (!strcmp(field, "key"))
        return al->group_key;
    return NULL;
}

int64_t na_route_time(const na_alert *al, int64_t now_ms)
{
    return al->time_ms >= 0 ? al->time_ms : now_ms;
}

na_router *na_router_new(const na_destinations *cfg)
{
    na_router *r = calloc(1, sizeof *r);
    if (r && cfg->n_inhibit && !(r->rules = calloc(cfg->n_inhibit, sizeof *r->rules))) {
        free(r);
        return NULL;
    }
    if (r)
        r->cfg = cfg;
    return r;
}

void na_router_destroy(na_router *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->cfg && i < r->cfg->n_inhibit; i++) {
        for (size_t k = 0; k < r->rules[i].n; k++)
            free(r->rules[i].items[k].key);
        free(r->rules[i].items);
    }
    free(r->rules);
    free(r);
}

/* Every "field=value" of m holds for al. */
static int matches(const na_alert *al, const na_strlist *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const char *eq = strchr(m->items[i], '=');
        char field[32];
        size_t n = (size_t)(eq - m->items[i]);
        if (n >= sizeof field)
            return 0;
        memcpy(field, m->items[i], n);
        field[n] = '\0';
        const char *v = na_alert_field(al, field);
        if (!v || strcmp(v, eq + 1))
            return 0;
    }
    return 1;
}

/* The equal fields' values of al, joined (a missing field is empty); malloc'd. */
static char *equal_key(const na_alert *al, const na_strlist *equal)
{
    size_t n = 1;
    for (size_t i = 0; i < equal->n; i++) {
        const char *v = na_alert_field(al, equal->items[i]);
        n += (v ? strlen(v) : 0) + 1;
    }
    char *k = malloc(n), *o = k;
    if (!k)
        return NULL;
    for (size_t i = 0; i < equal->n; i++) {
        const char *v = na_alert_field(al, equal->items[i]);
        size_t l = v ? strlen(v) : 0;
        memcpy(o, v ? v : "", l);
        o += l;
        *o++ = '\x1f';
    }
    *o = '\0';
    return k;
}

static int inhibited_by(const rule_state *s, const na_inhibit_rule *ir, const na_alert *al,
                        int64_t t)
{
    if (!matches(al, &ir->target_match))
        return 0;
    int both = matches(al, &ir->source_match);
    char *k = equal_key(al, &ir->equal);
    int hit = 0;
    for (size_t i = 0; k && !hit && i < s->n; i++) {
        const source *src = &s->items[i];
        int64_t dt = t > src->t ? t - src->t : src->t - t;
        hit = dt <= ir->duration_ms && !(both && src->also_target) && !strcmp(src->key, k);
    }
    free(k);
    return hit;
}

int na_router_inhibited(const na_router *r, const na_alert *al, size_t *rule)
{
    int64_t t = na_route_time(al, na_clock_wall_ms());
    for (size_t i = 0; i < r->cfg->n_inhibit; i++)
        if (inhibited_by(&r->rules[i], &r->cfg->inhibit[i], al, t)) {
            if (rule)
                *rule = i;
            return 1;
        }
    return 0;
}

/* Forgets sources too old to inhibit an alert at t, and the oldest when the list is full. */
static void prune(rule_state *s, int64_t horizon_ms, int64_t t)
{
    size_t kept = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (t - s->items[i].t > horizon_ms || (s->n >= SOURCES_MAX && i == 0)) {
            free(s->items[i].key);
            continue;
        }
        s->items[kept++] = s->items[i];
    }
    s->n = kept;
}

static void remember(rule_state *s, const na_inhibit_rule *ir, const na_alert *al, int64_t t)
{
    if (s->n >= SOURCES_MAX || (s->n && s->n % 1024 == 0))
        prune(s, ir->duration_ms, t);
    char *k = equal_key(al, &ir->equal);
    if (!k || na_grow((void **)&s->items, &s->cap, s->n, sizeof *s->items, 64)) {
        free(k);
        return; /* out of memory: this source is not remembered */
    }
    s->items[s->n++] = (source){k, t, matches(al, &ir->target_match)};
}

int na_router_observe(na_router *r, const na_alert *al, size_t *rule)
{
    int64_t t = na_route_time(al, na_clock_wall_ms());
    int hit = 0;
    for (size_t i = 0; i < r->cfg->n_inhibit; i++) {
        const na_inhibit_rule *ir = &r->cfg->inhibit[i];
        if (!hit && inhibited_by(&r->rules[i], ir, al, t)) {
            hit = 1;
            if (rule)
                *rule = i;
        }
        if (matches(al, &ir->source_match))
            remember(&r->rules[i], ir, al, t);
    }
    return hit;
}

na_route_verdict na_route(const na_destination *dest, const na_alert *al, int inhibited)
{
    if (inhibited)
        return NA_ROUTE_INHIBITED;
    int rank = na_severity_rank(al->severity);
    rank = rank < 0 ? 0 : rank; /* rules only raise the three; anything else counts as info */
    if (rank < dest->min_rank)
        return NA_ROUTE_BELOW_MIN;
    if (dest->digest && rank < dest->bypass_rank)
        return NA_ROUTE_DIGEST;
    return NA_ROUTE_SEND;
}

const char *na_route_verdict_name(na_route_verdict v)
{
    static const char *const names[] = {"send", "digest", "below_min_severity", "inhibited"};
    return (unsigned)v < 4 ? names[v] : "?";
}
