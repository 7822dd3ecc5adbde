/*
 * The routing part of a report: per destination the alerts sent alone, held for digests and
 * below min_severity, the messages that makes, and the digests and inhibited alerts listed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/report_int.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/grow.h"
#include "newsalert/json_util.h"

#define LISTED 1000 /* digests and inhibited alerts listed; more are only counted */

struct dest_counts {
    char *name;
    size_t alone, in_digests, below_min, silenced, digests;
};

struct digest_row {
    char *destination, *id, *group;
    size_t n;
    int64_t time_ms;
};

struct inhibited_row {
    char *alert_id, *rule_id, *headline;
    size_t rule;
    int64_t time_ms;
};

struct na_report_routing {
    pthread_mutex_t lock;
    struct dest_counts *dests;
    size_t n_dests, cap_dests;
    struct digest_row *digests;
    size_t n_digests, cap_digests, digests_total;
    struct inhibited_row *inhibited;
    size_t n_inhibited, cap_inhibited, inhibited_total;
};

na_report_routing *na_report_routing_new(void)
{
    na_report_routing *x = calloc(1, sizeof *x);
    if (x && pthread_mutex_init(&x->lock, NULL)) {
        free(x);
        return NULL;
    }
    return x;
}

void na_report_routing_destroy(na_report_routing *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n_dests; i++)
        free(x->dests[i].name);
    for (size_t i = 0; i < x->n_digests; i++) {
        free(x->digests[i].destination);
        free(x->digests[i].id);
        free(x->digests[i].group);
    }
    for (size_t i = 0; i < x->n_inhibited; i++) {
        free(x->inhibited[i].alert_id);
        free(x->inhibited[i].rule_id);
        free(x->inhibited[i].headline);
    }
    free(x->dests);
    free(x->digests);
    free(x->inhibited);
    pthread_mutex_destroy(&x->lock);
    free(x);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static struct dest_counts *dest_of(na_report_routing *x, const char *name)
{
    for (size_t i = 0; i < x->n_dests; i++)
        if (!strcmp(x->dests[i].name, name))
            return &x->dests[i];
    if (na_grow((void **)&x->dests, &x->cap_dests, x->n_dests, sizeof *x->dests, 8))
        return NULL;
    struct dest_counts *d = &x->dests[x->n_dests];
    *d = (struct dest_counts){.name = strdup(name)};
    if (!d->name)
        return NULL;
    x->n_dests++;
    return d;
}

void na_report_count_route(na_report *r, const char *destination, const char *verdict)
{
    na_report_routing *x = na_report_routing_of(r);
    pthread_mutex_lock(&x->lock);
    struct dest_counts *d = dest_of(x, destination ? destination : "");
    if (d && !strcmp(verdict, "send"))
        d->alone++;
    else if (d && !strcmp(verdict, "digest"))
        d->in_digests++;
    else if (d && !strcmp(verdict, "below_min_severity"))
        d->below_min++;
    else if (d && !strcmp(verdict, "silenced"))
        d->silenced++;
    pthread_mutex_unlock(&x->lock);
}

int na_report_add_inhibited(na_report *r, const na_alert *al, size_t rule)
{
    na_report_routing *x = na_report_routing_of(r);
    int rc = NA_OK;
    pthread_mutex_lock(&x->lock);
    x->inhibited_total++;
    if (x->n_inhibited < LISTED) {
        rc = na_grow((void **)&x->inhibited, &x->cap_inhibited, x->n_inhibited,
                     sizeof *x->inhibited, 16);
        if (!rc)
            x->inhibited[x->n_inhibited++] =
                (struct inhibited_row){dup_or_null(al->id), dup_or_null(al->rule_id),
                                       dup_or_null(al->headline), rule, al->time_ms};
    }
    pthread_mutex_unlock(&x->lock);
    return rc;
}

int na_report_add_digest(na_report *r, const char *destination, const char *id, const char *group,
                         size_t n, int64_t time_ms)
{
    na_report_routing *x = na_report_routing_of(r);
    int rc = NA_OK;
    pthread_mutex_lock(&x->lock);
    struct dest_counts *d = dest_of(x, destination);
    if (d)
        d->digests++;
    x->digests_total++;
    if (x->n_digests < LISTED) {
        rc = na_grow((void **)&x->digests, &x->cap_digests, x->n_digests, sizeof *x->digests, 16);
        if (!rc)
            x->digests[x->n_digests++] = (struct digest_row){
                strdup(destination), strdup(id), strdup(group ? group : ""), n, time_ms};
    }
    pthread_mutex_unlock(&x->lock);
    return rc;
}

json_t *na_report_routing_json(const na_report_routing *x)
{
    json_t *dests = json_object(), *dg = json_array(), *inh = json_array();
    for (size_t i = 0; i < x->n_dests; i++) {
        const struct dest_counts *d = &x->dests[i];
        json_object_set_new(
            dests, d->name,
            json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "alone", (json_int_t)d->alone,
                      "in_digests", (json_int_t)d->in_digests, "digests", (json_int_t)d->digests,
                      "below_min_severity", (json_int_t)d->below_min, "silenced",
                      (json_int_t)d->silenced, "messages", (json_int_t)(d->alone + d->digests),
                      "messages_without_digests", (json_int_t)(d->alone + d->in_digests)));
    }
    for (size_t i = 0; i < x->n_digests; i++) {
        const struct digest_row *g = &x->digests[i];
        json_array_append_new(dg,
                              json_pack("{s:s, s:s, s:s, s:I, s:o}", "destination", g->destination,
                                        "id", g->id, "group", g->group, "alerts", (json_int_t)g->n,
                                        "time", na_json_time_or_null(g->time_ms)));
    }
    for (size_t i = 0; i < x->n_inhibited; i++) {
        const struct inhibited_row *h = &x->inhibited[i];
        json_array_append_new(inh, json_pack("{s:o, s:o, s:o, s:I, s:o}", "alert_id",
                                             na_json_str_or_null(h->alert_id), "rule_id",
                                             na_json_str_or_null(h->rule_id), "headline",
                                             na_json_str_or_null(h->headline), "inhibit_rule",
                                             (json_int_t)h->rule, "time",
                                             na_json_time_or_null(h->time_ms)));
    }
    return json_pack("{s:o, s:{s:I, s:o}, s:{s:I, s:o}}", "destinations", dests, "digests", "total",
                     (json_int_t)x->digests_total, "list", dg, "inhibited", "total",
                     (json_int_t)x->inhibited_total, "alerts", inh);
}

void na_report_routing_html(FILE *f, const na_report_routing *x)
{
    if (!x->n_dests && !x->inhibited_total)
        return;
    fputs("<section class=\"rule\" id=\"routing\">\n<h2>Routing</h2>\n<table class=\"summary\">\n"
          "<thead><tr><th>Destination</th><th>Alone</th><th>In digests</th><th>Digests</th>"
          "<th>Messages</th><th>Without digests</th><th>Below min_severity</th>"
          "<th>Silenced</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < x->n_dests; i++) {
        const struct dest_counts *d = &x->dests[i];
        char v[7][24];
        size_t k[7] = {d->alone,
                       d->in_digests,
                       d->digests,
                       d->alone + d->digests,
                       d->alone + d->in_digests,
                       d->below_min,
                       d->silenced};
        const char *row[8] = {d->name};
        for (int c = 0; c < 7; c++) {
            snprintf(v[c], sizeof v[c], "%zu", k[c]);
            row[c + 1] = v[c];
        }
        na_report_html_cells(f, row, 8);
    }
    fprintf(f,
            "</tbody>\n</table>\n<h3 id=\"digests\">Digests</h3>\n<p>%zu digest messages%s</p>\n",
            x->digests_total, x->digests_total > x->n_digests ? " (the first ones listed)" : "");
    if (x->n_digests) {
        fputs("<table class=\"summary\">\n<thead><tr><th>Destination</th><th>Group</th>"
              "<th>Alerts</th><th>Sent</th><th>webhook-id</th></tr></thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < x->n_digests; i++) {
            const struct digest_row *g = &x->digests[i];
            char n[24], t[40];
            snprintf(n, sizeof n, "%zu", g->n);
            na_report_time(g->time_ms, t, sizeof t);
            const char *row[] = {g->destination, g->group, n, t, g->id};
            na_report_html_cells(f, row, 5);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    fprintf(f,
            "<h3 id=\"inhibited\">Inhibited alerts</h3>\n<p>%zu alerts muted by an inhibit "
            "rule%s</p>\n",
            x->inhibited_total,
            x->inhibited_total > x->n_inhibited ? " (the first ones listed)" : "");
    if (x->n_inhibited) {
        fputs("<table class=\"summary\">\n<thead><tr><th>Rule</th><th>Inhibit rule</th>"
              "<th>Alert</th><th>Time</th></tr></thead>\n<tbody>\n",
              f);
        for (size_t i = 0; i < x->n_inhibited; i++) {
            const struct inhibited_row *h = &x->inhibited[i];
            char n[40], t[40];
            snprintf(n, sizeof n, "inhibit_rules[%zu]", h->rule);
            na_report_time(h->time_ms, t, sizeof t);
            const char *row[] = {h->rule_id, n, h->headline ? h->headline : h->alert_id, t};
            na_report_html_cells(f, row, 4);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("</section>\n", f);
}
