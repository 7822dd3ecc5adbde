/* The stories part of a backtest report: per story its alerts and what the fold made of them. */
#include "modes/report_story.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/grow.h"
#include "newsalert/json_util.h"

#define ALERTS_KEPT 20    /* per story; more are only counted */
#define STORIES_SHOWN 100 /* stories with copies on the page; all are in the JSON */

struct entry {
    char *alert_id, *rule_id, *severity, *event_id, *outlet;
    int64_t time_ms;
    int outcome;
};

struct story {
    char *id, *headline;
    na_strlist events, outlets;
    struct entry *alerts; /* the first ALERTS_KEPT */
    size_t n_alerts, cap_alerts, total, by_outcome[3];
};

struct na_report_stories {
    struct story *v;
    size_t n, cap, by_outcome[3];
};

static const char *const outcome_names[3] = {"new", "update", "folded"};

na_report_stories *na_report_stories_new(void)
{
    return calloc(1, sizeof(na_report_stories));
}

void na_report_stories_destroy(na_report_stories *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        struct story *st = &s->v[i];
        for (size_t k = 0; k < st->n_alerts; k++) {
            struct entry *e = &st->alerts[k];
            free(e->alert_id);
            free(e->rule_id);
            free(e->severity);
            free(e->event_id);
            free(e->outlet);
        }
        free(st->alerts);
        free(st->id);
        free(st->headline);
        na_strlist_clear(&st->events);
        na_strlist_clear(&st->outlets);
    }
    free(s->v);
    free(s);
}

static struct story *story_get(na_report_stories *s, const na_alert *al)
{
    for (size_t i = s->n; i-- > 0;) /* the latest stories first: copies come close together */
        if (!strcmp(s->v[i].id, al->story))
            return &s->v[i];
    if (na_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v, 64))
        return NULL;
    struct story *st = &s->v[s->n];
    memset(st, 0, sizeof *st);
    st->id = strdup(al->story);
    st->headline = al->headline ? strdup(al->headline) : NULL;
    if (!st->id)
        return NULL;
    s->n++;
    return st;
}

int na_report_stories_add(na_report_stories *s, const na_alert *al)
{
    if (!al->story)
        return NA_OK;
    struct story *st = story_get(s, al);
    if (!st)
        return NA_ENOMEM;
    int oc = al->story_outcome >= 0 && al->story_outcome < 3 ? al->story_outcome : 0;
    st->total++;
    st->by_outcome[oc]++;
    s->by_outcome[oc]++;
    if ((al->event_id && !na_strlist_contains(&st->events, al->event_id) &&
         na_strlist_push(&st->events, al->event_id)) ||
        (al->outlet && !na_strlist_contains(&st->outlets, al->outlet) &&
         na_strlist_push(&st->outlets, al->outlet)))
        return NA_ENOMEM;
    if (st->n_alerts >= ALERTS_KEPT)
        return NA_OK;
    if (na_grow((void **)&st->alerts, &st->cap_alerts, st->n_alerts + 1, sizeof *st->alerts, 4))
        return NA_ENOMEM;
    struct entry *e = &st->alerts[st->n_alerts++];
    memset(e, 0, sizeof *e);
    int rc = na_article_set(&e->alert_id, al->id) | na_article_set(&e->rule_id, al->rule_id) |
             na_article_set(&e->severity, al->severity) |
             na_article_set(&e->event_id, al->event_id) | na_article_set(&e->outlet, al->outlet);
    e->time_ms = al->time_ms;
    e->outcome = oc;
    return rc ? NA_ENOMEM : NA_OK;
}

static size_t with_copies(const na_report_stories *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].events.n > 1;
    return n;
}

json_t *na_report_stories_json(const na_report_stories *s)
{
    json_t *list = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct story *st = &s->v[i];
        json_t *alerts = json_array(), *outlets = json_array();
        for (size_t k = 0; k < st->n_alerts; k++) {
            const struct entry *e = &st->alerts[k];
            json_array_append_new(alerts, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id",
                                                    na_json_str_or_null(e->alert_id), "rule_id",
                                                    na_json_str_or_null(e->rule_id), "severity",
                                                    na_json_str_or_null(e->severity), "event_id",
                                                    na_json_str_or_null(e->event_id), "outlet",
                                                    na_json_str_or_null(e->outlet), "time",
                                                    na_json_time_or_null(e->time_ms), "outcome",
                                                    outcome_names[e->outcome]));
        }
        for (size_t k = 0; k < st->outlets.n; k++)
            json_array_append_new(outlets, json_string(st->outlets.items[k]));
        json_array_append_new(
            list,
            json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "id", st->id, "headline",
                      na_json_str_or_null(st->headline), "copies", (json_int_t)st->events.n,
                      "alerts", (json_int_t)st->total, "new", (json_int_t)st->by_outcome[0],
                      "updates", (json_int_t)st->by_outcome[1], "folded",
                      (json_int_t)st->by_outcome[2], "outlets", outlets, "first_alerts", alerts));
    }
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)s->n, "with_copies",
                     (json_int_t)with_copies(s), "new", (json_int_t)s->by_outcome[0], "updates",
                     (json_int_t)s->by_outcome[1], "folded", (json_int_t)s->by_outcome[2],
                     "stories", list);
}

static void html_story(const struct story *st, FILE *f, void (*esc)(FILE *, const char *))
{
    fputs("<tr><td>", f);
    esc(f, st->headline ? st->headline : st->id);
    fprintf(f, "</td><td class=\"num\">%zu</td><td>", st->events.n);
    for (size_t k = 0; k < st->outlets.n; k++) {
        fputs(k ? ", " : "", f);
        esc(f, st->outlets.items[k]);
    }
    fprintf(f,
            "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
            "<td>",
            st->by_outcome[0], st->by_outcome[1], st->by_outcome[2]);
    for (size_t k = 0; k < st->n_alerts; k++) {
        const struct entry *e = &st->alerts[k];
        char t[40] = "-";
        if (e->time_ms >= 0)
            na_time_format(e->time_ms, t, sizeof t);
        fputs(k ? "<br>" : "", f);
        esc(f, e->rule_id);
        fputs(" &middot; ", f);
        esc(f, e->outlet ? e->outlet : e->event_id);
        fprintf(f, " &middot; %s &middot; %s", t, outcome_names[e->outcome]);
    }
    fputs("</td></tr>\n", f);
}

void na_report_stories_html(const na_report_stories *s, FILE *f,
                            void (*esc)(FILE *f, const char *text))
{
    size_t copies = with_copies(s), shown = 0;
    fprintf(f,
            "<section class=\"rule\" id=\"stories\">\n<h2>Stories</h2>\n<p>%zu stories raised "
            "alerts; %zu of them had copies (more than one article). Alerts: %zu new, %zu sent as "
            "updates of their story's alert, %zu folded (counted, not sent).</p>\n",
            s->n, copies, s->by_outcome[0], s->by_outcome[1], s->by_outcome[2]);
    if (!copies) {
        fputs("</section>\n", f);
        return;
    }
    fputs("<table class=\"summary\">\n<thead><tr><th>Story</th><th>Copies</th><th>Outlets</th>"
          "<th>New</th><th>Updates</th><th>Folded</th><th>Alerts</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < s->n && shown < STORIES_SHOWN; i++)
        if (s->v[i].events.n > 1) {
            html_story(&s->v[i], f, esc);
            shown++;
        }
    fputs("</tbody>\n</table>\n", f);
    if (copies > shown)
        fprintf(f, "<p class=\"meta\">The first %zu stories with copies are listed.</p>\n", shown);
    fputs("</section>\n", f);
}
