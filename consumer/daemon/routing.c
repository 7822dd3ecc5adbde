/*
 * The daemon's routing (docs/delivery.md "Routing"): per alert, inhibition; per destination,
 * min_severity and digests. A held alert keeps its record's reference (its offset stays
 * uncommitted) until the digest that lists it has an outcome.
 */
#include <stdint.h>

#include "daemon/daemon_int.h"
#include "delivery/digest.h"
#include "delivery/route.h"
#include "modes/report.h"
#include "newsalert/clock.h"
#include "newsalert/error.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"

static void emit(const na_digest_batch *b, void *ud)
{
    na_daemon *d = ud;
    d->digests++;
    na_metrics_inc(NA_M_C_DIGESTS, b->dest->name, NULL);
    if (d->o->report && na_report_add_digest(d->o->report, b->dest->name, b->id, b->group, b->n,
                                             na_clock_wall_ms()))
        na_warn("daemon", "report: out of memory");
    if (!na_delivery_submit_digest(d->dl, b->alerts, b->tags, b->n, b->dest->name, b->group, b->id))
        return;
    /* Out of memory for the message: each alert alone, or its dead letter. */
    for (size_t i = 0; i < b->n; i++) {
        na_offsets_rec *r = (na_offsets_rec *)(uintptr_t)b->tags[i];
        int rc = na_delivery_submit(d->dl, b->alerts[i], b->dest->name, b->tags[i]);
        if (rc) {
            na_daemon_undeliverable(d, r, b->alerts[i], b->dest->name, na_strerror(rc));
            na_daemon_release(d, r);
        }
    }
}

static int keep(const na_alert *al, void *ud)
{
    na_daemon *d = ud;
    return !d->router || !na_router_inhibited(d->router, al, NULL);
}

static void drop(const na_alert *al, uint64_t tag, void *ud)
{
    na_daemon *d = ud;
    size_t rule = 0;
    na_router_inhibited(d->router, al, &rule);
    d->inhibited++;
    na_metrics_inc(NA_M_C_ROUTED, "-", na_route_verdict_name(NA_ROUTE_INHIBITED));
    na_debug("daemon", "alert %s: inhibited while it waited for its digest", al->id);
    if (d->o->report && na_report_add_inhibited(d->o->report, al, rule))
        na_warn("daemon", "report: out of memory");
    na_daemon_release(d, (na_offsets_rec *)(uintptr_t)tag);
}

int na_daemon_routing_setup(na_daemon *d)
{
    static const na_digest_hooks hooks = {emit, keep, drop};
    d->router = na_router_new(d->cfg);
    d->digest = na_digest_new(d->cfg, &hooks, d);
    return d->router && d->digest ? NA_OK : NA_ENOMEM;
}

void na_daemon_routing_close(na_daemon *d)
{
    if (d->digest && na_digest_held(d->digest))
        na_warn("daemon",
                "%zu alerts still waiting for their digest: their records stay uncommitted",
                na_digest_held(d->digest));
    na_digest_destroy(d->digest);
    na_router_destroy(d->router);
    d->digest = NULL;
    d->router = NULL;
}

void na_daemon_routing_flush(na_daemon *d)
{
    if (d->digest)
        na_digest_flush(d->digest);
}

void na_daemon_routing_tick(na_daemon *d)
{
    if (d->digest && na_digest_held(d->digest))
        na_digest_tick(d->digest, na_clock_wall_ms());
}

size_t na_daemon_routing_held(const na_daemon *d)
{
    return d->digest ? na_digest_held(d->digest) : 0;
}

int na_daemon_route_inhibited(na_daemon *d, const na_alert *al)
{
    size_t rule = 0;
    if (!d->router || !na_router_observe(d->router, al, &rule))
        return 0;
    d->inhibited++;
    na_metrics_inc(NA_M_C_ROUTED, "-", na_route_verdict_name(NA_ROUTE_INHIBITED));
    na_debug("daemon", "alert %s (%s): inhibited by inhibit_rules[%zu]", al->id, al->rule_id, rule);
    if (d->o->report && na_report_add_inhibited(d->o->report, al, rule))
        na_warn("daemon", "report: out of memory");
    return 1;
}

void na_daemon_route(na_daemon *d, const na_alert *al, const char *name)
{
    if (na_daemon_silenced(d, al, name)) { /* a silence first: counted as silenced */
        if (d->o->report)
            na_report_count_route(d->o->report, name, "silenced");
        return;
    }
    const na_destination *dest = na_destinations_find(d->cfg, name);
    na_route_verdict v = dest ? na_route(dest, al, 0) : NA_ROUTE_SEND;
    if (v == NA_ROUTE_DIGEST && !d->digest)
        v = NA_ROUTE_SEND; /* no digest state (out of memory at a reload): alone */
    if (dest)
        na_metrics_inc(NA_M_C_ROUTED, name, na_route_verdict_name(v));
    if (dest && d->o->report)
        na_report_count_route(d->o->report, name, na_route_verdict_name(v));
    if (v == NA_ROUTE_BELOW_MIN) {
        d->below_min++;
        return;
    }
    if (v == NA_ROUTE_DIGEST) {
        na_offsets_ref(d->cur);
        if (!na_digest_add(d->digest, dest, al, (uint64_t)(uintptr_t)d->cur, na_clock_wall_ms()))
            return;
        na_daemon_release(d, d->cur); /* out of memory: sent alone */
    }
    na_daemon_submit(d, al, name);
}
