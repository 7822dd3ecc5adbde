/* The story fold: new alert, update or folded copy, per story and rule (fold.h). */
#include "story/fold.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/strmap.h"

struct rule_seen {
    char *rule_id;
    int severity;   /* rank: info 0, warning 1, critical 2 */
    char *alert_id; /* the alert this rule raised first on the story */
};

struct story {
    char *id;
    int64_t first_ms, last_msg_ms;
    struct rule_seen *rules;
    size_t n_rules, cap_rules;
    na_strlist events;  /* distinct events that raised an alert: the copies */
    na_strlist outlets; /* distinct outlets of those events */
};

struct na_story_fold {
    int64_t horizon_ms, update_every_ms, latest;
    struct story *v; /* stories with an alert within the horizon */
    size_t n, cap;
    na_strmap *index; /* story id -> its slot in v; stale entries fail find()'s check */
    na_story_counts counts;
};

static int severity_rank(const char *s)
{
    if (!s)
        return 0;
    return !strcmp(s, "critical") ? 2 : !strcmp(s, "warning") ? 1 : 0;
}

static void story_free(struct story *s)
{
    for (size_t i = 0; i < s->n_rules; i++) {
        free(s->rules[i].rule_id);
        free(s->rules[i].alert_id);
    }
    free(s->rules);
    free(s->id);
    na_strlist_clear(&s->events);
    na_strlist_clear(&s->outlets);
}

na_story_fold *na_story_fold_new(int64_t horizon_ms, int64_t update_every_ms)
{
    na_story_fold *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->horizon_ms = horizon_ms > 0 ? horizon_ms : NA_STORY_FOLD_HORIZON_MS;
    f->update_every_ms = update_every_ms >= 0 ? update_every_ms : NA_STORY_FOLD_UPDATE_EVERY_MS;
    f->latest = INT64_MIN;
    if (!(f->index = na_strmap_new())) {
        free(f);
        return NULL;
    }
    return f;
}

void na_story_fold_destroy(na_story_fold *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        story_free(&f->v[i]);
    free(f->v);
    na_strmap_destroy(f->index);
    free(f);
}

/* The index anew, from the stories kept (it forgets the ones dropped). 0 or NA_ENOMEM. */
static int reindex(na_story_fold *f)
{
    na_strmap *m = na_strmap_new();
    for (size_t i = 0; m && i < f->n; i++)
        if (na_strmap_put(m, f->v[i].id, (uint32_t)i)) {
            na_strmap_destroy(m);
            m = NULL;
        }
    if (!m)
        return NA_ENOMEM; /* the old index stays: find() checks every entry it gives */
    na_strmap_destroy(f->index);
    f->index = m;
    return NA_OK;
}

/* Drops the stories that began more than a horizon before the latest event time. */
static int expire(na_story_fold *f)
{
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].first_ms < f->latest - f->horizon_ms)
            story_free(&f->v[i]);
        else
            f->v[w++] = f->v[i];
    }
    size_t dropped = f->n - w;
    f->n = w;
    return dropped ? reindex(f) : NA_OK;
}

static struct story *find(na_story_fold *f, const char *id)
{
    int64_t i = na_strmap_get(f->index, id);
    if (i >= 0 && (size_t)i < f->n && !strcmp(f->v[i].id, id))
        return &f->v[i];
    return NULL;
}

static struct story *add_story(na_story_fold *f, const char *id, int64_t t)
{
    if (na_grow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v, 16))
        return NULL;
    struct story *s = &f->v[f->n];
    memset(s, 0, sizeof *s);
    if (!(s->id = strdup(id)) || na_strmap_put(f->index, id, (uint32_t)f->n)) {
        free(s->id);
        s->id = NULL;
        return NULL;
    }
    s->first_ms = t;
    s->last_msg_ms = INT64_MIN;
    f->n++;
    return s;
}

static struct rule_seen *find_rule(struct story *s, const char *rule_id)
{
    for (size_t i = 0; i < s->n_rules; i++)
        if (!strcmp(s->rules[i].rule_id, rule_id))
            return &s->rules[i];
    return NULL;
}

/* Records al's event and outlet as a copy of s. */
static int note_copy(struct story *s, const na_alert *al)
{
    if (al->event_id && !na_strlist_contains(&s->events, al->event_id) &&
        na_strlist_push(&s->events, al->event_id))
        return NA_ENOMEM;
    if (al->outlet && !na_strlist_contains(&s->outlets, al->outlet) &&
        na_strlist_push(&s->outlets, al->outlet))
        return NA_ENOMEM;
    return NA_OK;
}

/* A new result on s: remember the rule (or its higher severity) and this alert as its first. */
static int note_rule(struct story *s, struct rule_seen *r, const na_alert *al)
{
    if (!r) {
        if (na_grow((void **)&s->rules, &s->cap_rules, s->n_rules + 1, sizeof *s->rules, 4))
            return NA_ENOMEM;
        r = &s->rules[s->n_rules];
        memset(r, 0, sizeof *r);
        if (!(r->rule_id = strdup(al->rule_id)))
            return NA_ENOMEM;
        s->n_rules++;
    }
    r->severity = severity_rank(al->severity);
    free(r->alert_id);
    return (r->alert_id = strdup(al->id ? al->id : "")) ? NA_OK : NA_ENOMEM;
}

static int make_update(const struct story *s, const struct rule_seen *r, na_alert *al)
{
    free(al->story_update_of);
    na_strlist_clear(&al->story_outlets);
    if (!(al->story_update_of = strdup(r->alert_id)))
        return NA_ENOMEM;
    al->story_copies = s->events.n;
    for (size_t i = 0; i < s->outlets.n; i++)
        if (na_strlist_push(&al->story_outlets, s->outlets.items[i]))
            return NA_ENOMEM;
    return NA_OK;
}

static int decide(na_story_fold *f, na_alert *al, int64_t t, enum na_story_outcome *out)
{
    struct story *s = find(f, al->story);
    if (s && t - s->first_ms > f->horizon_ms) { /* past its horizon: the story begins again */
        story_free(s);
        *s = f->v[--f->n];
        if (s != &f->v[f->n] && na_strmap_put(f->index, s->id, (uint32_t)(s - f->v)))
            return NA_ENOMEM;
        s = NULL;
    }
    if (!s && !(s = add_story(f, al->story, t)))
        return NA_ENOMEM;
    struct rule_seen *r = find_rule(s, al->rule_id);
    int rc = note_copy(s, al);
    if (rc)
        return rc;
    /* the same alert again (a record read twice) is sent again: receivers dedupe on its id */
    if (!r || severity_rank(al->severity) > r->severity ||
        (al->id && !strcmp(al->id, r->alert_id))) {
        s->last_msg_ms = t;
        *out = NA_STORY_NEW;
        return note_rule(s, r, al);
    }
    if (s->last_msg_ms != INT64_MIN && t - s->last_msg_ms < f->update_every_ms) {
        *out = NA_STORY_FOLDED;
        return NA_OK;
    }
    s->last_msg_ms = t;
    *out = NA_STORY_UPDATE;
    return make_update(s, r, al);
}

int na_story_fold_apply(na_story_fold *f, na_alert *al, int64_t time_ms, enum na_story_outcome *out)
{
    *out = NA_STORY_NEW;
    if (!al->story || !al->rule_id) {
        f->counts.new_alerts++;
        return NA_OK;
    }
    int rc = NA_OK;
    if (time_ms > f->latest) {
        f->latest = time_ms;
        if (f->n + 1 >= f->cap) /* before the array grows (na_grow keeps n + 1 < cap) */
            rc = expire(f);
    }
    if (!rc)
        rc = decide(f, al, time_ms, out);
    if (rc)
        *out = NA_STORY_NEW;
    if (*out == NA_STORY_NEW)
        f->counts.new_alerts++;
    else if (*out == NA_STORY_UPDATE)
        f->counts.updates++;
    else
        f->counts.folded++;
    return rc;
}

na_story_counts na_story_fold_counts(const na_story_fold *f)
{
    na_story_counts c = f->counts;
    c.held = f->n;
    return c;
}

const char *na_story_outcome_name(enum na_story_outcome o)
{
    return o == NA_STORY_UPDATE ? "update" : o == NA_STORY_FOLDED ? "folded" : "new";
}
