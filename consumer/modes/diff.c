#include "modes/diff.h"

#include <string.h>

#include <jansson.h>

#include "config/destinations.h"
#include "modes/event_file.h"
#include "modes/report_int.h"
#include "modes/route_sim.h"
#include "newsalert/error.h"
#include "rules/rules.h"
#include "newsalert/clock.h"
#include "silence/silences.h"
#include "story/fold.h"

/* The alerts one rule set raised on the current event, by id (insertion order kept). */
struct side {
    na_rules *rules;
    json_t *now;
    size_t total;
    na_story_fold *fold; /* each side folds its own alerts (NULL: --no-stories) */
    size_t sent;         /* alerts that would be sent: not folded into a story */
    na_report *report;   /* -c CONFIG: this side's routing and digests (route_sim.c) */
    na_route_sim *routing;
    const na_silences *silences; /* --silences / -b: muted alerts are counted, not routed */
    size_t silenced;
};

struct diff {
    struct side old, new;
    FILE *out;
    size_t added, removed, same;
    int err;
};

static int collect(na_alert *al, void *ud)
{
    struct side *s = ud;
    enum na_story_outcome oc = NA_STORY_NEW;
    if (s->fold && al->story && na_story_fold_apply(s->fold, al, al->time_ms, &oc))
        return NA_ENOMEM;
    const na_silence *by[64];
    size_t muted =
        oc != NA_STORY_FOLDED && s->silences
            ? na_silences_mutes(s->silences, al,
                                al->time_ms >= 0 ? al->time_ms : na_clock_wall_ms(), by, 64)
            : 0;
    s->sent += oc != NA_STORY_FOLDED && !muted;
    s->silenced += muted > 0;
    int routed =
        s->routing && oc != NA_STORY_FOLDED && !muted ? na_route_sim_alert(s->routing, al) : 0;
    json_t *j = na_alert_to_json(al);
    if (j && al->story) /* what this side's story fold made of it: new, update or folded */
        json_object_set_new(j, "story_outcome", json_string(na_story_outcome_name(oc)));
    if (j && muted) /* the silence that mutes it (its first destination's) */
        json_object_set_new(j, "silenced_by", json_string(by[0]->id));
    int rc = !routed && j && !json_object_set_new(s->now, al->id, j) ? NA_OK : NA_ENOMEM;
    na_alert_destroy(al);
    s->total++;
    return rc;
}

/* Writes the alerts of a that b lacks, each marked with change. */
static int emit(struct diff *d, json_t *a, json_t *b, const char *change, size_t *count)
{
    const char *id;
    json_t *al;
    json_object_foreach(a, id, al)
    {
        if (json_object_get(b, id)) {
            if (!strcmp(change, "added"))
                d->same++;
            continue;
        }
        json_t *line = json_pack("{s:s}", "change", change);
        if (!line || json_object_update(line, al) || na_json_write_line(line, d->out))
            return NA_EIO;
        (*count)++;
    }
    return NA_OK;
}

static int diff_event(const na_article *a, void *ud)
{
    struct diff *d = ud;
    json_object_clear(d->old.now);
    json_object_clear(d->new.now);
    int rc = na_rules_eval(d->old.rules, a, collect, &d->old);
    if (!rc)
        rc = na_rules_eval(d->new.rules, a, collect, &d->new);
    if (!rc)
        rc = emit(d, d->old.now, d->new.now, "removed", &d->removed);
    if (!rc)
        rc = emit(d, d->new.now, d->old.now, "added", &d->added);
    return rc;
}

/* -c CONFIG: each side routes its own alerts (digests on event time, inhibition). */
static int routing_new(struct side *s, const na_destinations *cfg)
{
    s->report = na_report_new("diff-rules");
    s->routing = s->report ? na_route_sim_new(cfg, s->report) : NULL;
    return s->routing ? NA_OK : NA_ENOMEM;
}

/* "diff-rules: routing with NAME: desk 12 messages (3 digests of 9 alerts), ...; 2 inhibited" */
static void routing_summary(struct side *s, const char *name, FILE *errf)
{
    na_route_sim_finish(s->routing);
    json_t *r = na_report_routing_json(na_report_routing_of(s->report));
    fprintf(errf, "diff-rules: routing with %s:", name);
    const char *dest;
    json_t *c;
    int first = 1;
    json_object_foreach(json_object_get(r, "destinations"), dest, c)
    {
        fprintf(errf, "%s %s %lld messages (%lld digests of %lld alerts, %lld below min_severity)",
                first ? "" : ",", dest,
                (long long)json_integer_value(json_object_get(c, "messages")),
                (long long)json_integer_value(json_object_get(c, "digests")),
                (long long)json_integer_value(json_object_get(c, "in_digests")),
                (long long)json_integer_value(json_object_get(c, "below_min_severity")));
        first = 0;
    }
    fprintf(
        errf, "; %lld inhibited\n",
        (long long)json_integer_value(json_object_get(json_object_get(r, "inhibited"), "total")));
    json_decref(r);
}

static void print_error(const char *msg, void *ud)
{
    fprintf(ud, "%s\n", msg);
}

int na_diff_rules_run(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    char err[1024];
    struct diff d = {{NULL, json_object(), 0, NULL, 0, NULL, NULL, NULL, 0},
                     {NULL, json_object(), 0, NULL, 0, NULL, NULL, NULL, 0},
                     out,
                     0,
                     0,
                     0,
                     0};
    na_destinations *cfg = NULL;
    na_silences *sil = NULL;
    int status = NA_EXIT_DATA;
    struct na_event_file_stats st = {0, 0};
    if (!(d.old.rules = na_rules_load_ex(o->diff_old, NULL, print_error, errf, err, sizeof err)) ||
        !(d.new.rules = na_rules_load_ex(o->diff_new, NULL, print_error, errf, err, sizeof err)))
        goto done;
    if (!o->no_stories &&
        (!(d.old.fold = na_story_fold_new(o->story_horizon_ms, o->story_update_every_ms)) ||
         !(d.new.fold = na_story_fold_new(o->story_horizon_ms, o->story_update_every_ms))))
        goto done;
    if (o->config && !(cfg = na_destinations_load(o->config, err, sizeof err))) {
        fprintf(errf, "%s\n", err);
        status = NA_EXIT_USAGE;
        goto done;
    }
    if (cfg && (routing_new(&d.old, cfg) || routing_new(&d.new, cfg)))
        goto done;
    if ((status = na_backtest_silences_load(o, &sil, errf)))
        goto done;
    status = NA_EXIT_DATA;
    d.old.silences = d.new.silences = sil;
    int rd = na_event_file_each(o->input, errf, diff_event, &d, &st);
    if (fflush(out) || ferror(out)) {
        fprintf(errf, "<stdout>: write error\n");
        rd = NA_EIO;
    }
    fprintf(errf,
            "diff-rules: %zu events; %zu alerts with %s, %zu with %s: %zu added, %zu removed, "
            "%zu unchanged\n",
            st.events, d.old.total, o->diff_old, d.new.total, o->diff_new, d.added, d.removed,
            d.same);
    if (d.old.fold)
        fprintf(errf, "diff-rules: after story folding, %zu alerts sent with %s, %zu with %s\n",
                d.old.sent, o->diff_old, d.new.sent, o->diff_new);
    if (sil)
        fprintf(errf, "diff-rules: silences mute %zu alerts of %s, %zu of %s\n", d.old.silenced,
                o->diff_old, d.new.silenced, o->diff_new);
    if (cfg) {
        routing_summary(&d.old, o->diff_old, errf);
        routing_summary(&d.new, o->diff_new, errf);
    }
    status = rd ? NA_EXIT_USAGE : st.bad ? NA_EXIT_DATA : NA_EXIT_OK;
done:
    na_route_sim_destroy(d.old.routing);
    na_route_sim_destroy(d.new.routing);
    na_report_destroy(d.old.report);
    na_report_destroy(d.new.report);
    na_destinations_destroy(cfg);
    na_silences_destroy(sil);
    na_rules_destroy(d.old.rules);
    na_rules_destroy(d.new.rules);
    na_story_fold_destroy(d.old.fold);
    na_story_fold_destroy(d.new.fold);
    json_decref(d.old.now);
    json_decref(d.new.now);
    return status;
}
