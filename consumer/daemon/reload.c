/*
 * SIGHUP: the rules and the destinations are read again and compiled; the new set replaces the
 * old one between two records, or is rejected whole (its file:line:col errors logged) and the
 * old one stays. Deliveries already submitted finish on the engine they were submitted to.
 */
#include <stdio.h>
#include <string.h>

#include "daemon/daemon_int.h"
#include "newsalert/grow.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"

/* "news.articles [0] @ 120, [1] @ start": where each partition of l goes on from. */
static void positions(na_daemon *d, const rd_kafka_topic_partition_list_t *l, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "%s", d->o->topic);
    if (!l || !l->cnt) {
        snprintf(buf + k, n - k, " (no partition assigned)");
        return;
    }
    for (int i = 0; i < l->cnt && k < n; i++) {
        int64_t off = l->elems[i].offset;
        if (off >= 0)
            k += (size_t)snprintf(buf + k, n - k, "%s [%d] @ %lld", i ? "," : "",
                                  (int)l->elems[i].partition, (long long)off);
        else
            k += (size_t)snprintf(buf + k, n - k, "%s [%d] @ start", i ? "," : "",
                                  (int)l->elems[i].partition);
    }
}

static void reject(const char *why)
{
    na_err("reload", "new rule set rejected, the old one stays in force: %s", why);
    na_metrics_inc(NA_M_C_RELOADS, "rejected", NULL);
}

/* Engines replaced by a reload run until their last delivery has an outcome. */
void na_daemon_retire_drive(na_daemon *d, int64_t drain_until_ms)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n_retired; i++) {
        struct na_retired *r = &d->retired[i];
        if (drain_until_ms > 0)
            na_delivery_drain(r->dl, drain_until_ms);
        else
            na_delivery_run(r->dl, 0);
        if (na_delivery_pending(r->dl) == 0) {
            na_delivery_destroy(r->dl);
            na_destinations_destroy(r->cfg);
        } else
            d->retired[k++] = *r;
    }
    d->n_retired = k;
}

size_t na_daemon_retired_pending(const na_daemon *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_retired; i++)
        n += na_delivery_pending(d->retired[i].dl);
    return n;
}

void na_daemon_reload(na_daemon *d, na_delivery_cb on_outcome)
{
    const struct na_daemon_opts *o = d->o;
    char err[1024];
    if (!o->reload) {
        na_warn("reload", "SIGHUP: nothing to reload in this mode");
        return;
    }
    void *rules = NULL;
    na_destinations *cfg = NULL;
    if (o->reload(o->reload_ctx, &rules, &cfg)) {
        reject("see the errors above");
        return;
    }
    if (o->dry_run) { /* nothing is delivered: only the rules change */
        na_destinations_destroy(cfg);
        cfg = NULL;
    } else if (!cfg) {
        reject("no destinations");
        o->free_rules(rules);
        return;
    }
    na_delivery *dl = NULL;
    if (cfg) {
        if (strcmp(cfg->dlq_topic ? cfg->dlq_topic : "",
                   d->cfg->dlq_topic ? d->cfg->dlq_topic : ""))
            na_warn("reload", "dead_letter_topic changes only at a restart");
        if (!(dl = na_delivery_new(cfg, on_outcome, d, err, sizeof err)) ||
            na_grow((void **)&d->retired, &d->cap_retired, d->n_retired, sizeof *d->retired, 4)) {
            reject(dl ? "out of memory" : err);
            na_delivery_destroy(dl);
            na_destinations_destroy(cfg);
            o->free_rules(rules);
            return;
        }
        /* The old engine finishes what it holds, then goes with its destinations. */
        na_daemon_routing_flush(d); /* held digests go to the engine being retired */
        na_daemon_routing_close(d);
        d->retired[d->n_retired++] = (struct na_retired){d->dl, d->cfg_owned};
        d->dl = dl;
        d->cfg = d->cfg_owned = cfg;
        if (na_daemon_routing_setup(d))
            na_warn("reload", "routing: out of memory");
    }
    if (d->eval_ctx != o->eval_ctx) /* the caller's set is the caller's to free */
        o->free_rules(d->eval_ctx);
    d->eval_ctx = rules;
    d->horizon_ms = o->rules_horizon ? o->rules_horizon(rules) : 0;
    d->parts = o->event_parts ? o->event_parts(rules) : NA_EVENT_ALL;
    d->generation++;
    rd_kafka_topic_partition_list_t *next = NULL;
    if (d->assigned) { /* the next offsets: the first record the new set evaluates */
        next = rd_kafka_topic_partition_list_copy(d->assigned);
        rd_kafka_position(d->rk, next);
        na_daemon_rebuild_to(d, next); /* its windows, from what the old set saw */
    }
    na_metrics_inc(NA_M_C_RELOADS, "ok", NULL);
    na_metrics_set(NA_M_C_RULESET_GENERATION, NULL, NULL, (double)d->generation);
    char where[512];
    positions(d, next, where, sizeof where);
    if (next)
        rd_kafka_topic_partition_list_destroy(next);
    na_log_write(NA_LOG_INFO, "reload", "rule set generation %lu in force from %s", d->generation,
                 where);
}
