/* Backtest routing: na_route and the digests on event time, each decision into the report. */
#include "modes/route_sim.h"

#include <stdlib.h>

#include "delivery/digest.h"
#include "delivery/route.h"
#include "newsalert/error.h"

struct na_route_sim {
    const na_destinations *cfg;
    na_report *report;
    na_router *router;
    na_digest *digest;
    int64_t now; /* the latest event time seen */
};

static void emit(const na_digest_batch *b, void *ud)
{
    na_route_sim *s = ud;
    na_report_add_digest(s->report, b->dest->name, b->id, b->group, b->n, s->now);
}

static int keep(const na_alert *al, void *ud)
{
    na_route_sim *s = ud;
    return !na_router_inhibited(s->router, al, NULL);
}

static void drop(const na_alert *al, uint64_t tag, void *ud)
{
    (void)tag;
    na_route_sim *s = ud;
    size_t rule = 0;
    na_router_inhibited(s->router, al, &rule);
    na_report_add_inhibited(s->report, al, rule);
}

na_route_sim *na_route_sim_new(const na_destinations *cfg, na_report *report)
{
    static const na_digest_hooks hooks = {emit, keep, drop};
    na_route_sim *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    *s = (na_route_sim){cfg, report, na_router_new(cfg), NULL, 0};
    s->digest = na_digest_new(cfg, &hooks, s);
    if (!s->router || !s->digest) {
        na_route_sim_destroy(s);
        return NULL;
    }
    return s;
}

static int route_to(na_route_sim *s, const na_alert *al, const na_destination *dest)
{
    na_route_verdict v = na_route(dest, al, 0);
    na_report_count_route(s->report, dest->name, na_route_verdict_name(v));
    return v == NA_ROUTE_DIGEST ? na_digest_add(s->digest, dest, al, 0, s->now) : NA_OK;
}

int na_route_sim_alert(na_route_sim *s, const na_alert *al)
{
    if (al->time_ms > s->now)
        s->now = al->time_ms;
    na_digest_tick(s->digest, s->now);
    size_t rule = 0;
    if (na_router_observe(s->router, al, &rule))
        return na_report_add_inhibited(s->report, al, rule);
    int rc = NA_OK;
    for (size_t i = 0; !rc && i < al->destinations.n; i++) {
        const na_destination *d = na_destinations_find(s->cfg, al->destinations.items[i]);
        if (d)
            rc = route_to(s, al, d);
    }
    for (size_t i = 0; !rc && !al->destinations.n && i < s->cfg->n; i++)
        if (s->cfg->items[i].is_default)
            rc = route_to(s, al, &s->cfg->items[i]);
    return rc;
}

void na_route_sim_finish(na_route_sim *s)
{
    na_digest_flush(s->digest);
}

void na_route_sim_destroy(na_route_sim *s)
{
    if (!s)
        return;
    na_digest_destroy(s->digest);
    na_router_destroy(s->router);
    free(s);
}
