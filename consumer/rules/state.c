/* The evaluator's per-event working memory: made per thread or consumer for one rule set. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "newsalert/error.h"
#include "rules/rules_state.h"

na_rules_state *na_rules_state_new(const na_rules *r, char *errstr, size_t errlen)
{
    na_rules_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(errstr, errlen, "out of memory");
        return NULL;
    }
    na_norm_init(&st->norm);
    st->r = r;
    na_rules_state_set_budget(st, NA_RULES_BUDGET_S);
    if (r->db && hs_alloc_scratch(r->db, &st->scratch) != HS_SUCCESS) {
        snprintf(errstr, errlen, "allocating Vectorscan scratch space");
        na_rules_state_destroy(st);
        return NULL;
    }
    if (na_rules_state_fit(r, st)) {
        snprintf(errstr, errlen, "out of memory");
        na_rules_state_destroy(st);
        return NULL;
    }
    return st;
}

void na_rules_state_destroy(na_rules_state *st)
{
    if (!st)
        return;
    hs_free_scratch(st->scratch);
    na_norm_free(&st->norm);
    free(st->pv[0].p);
    free(st->pv[1].p);
    free(st->segs);
    free(st->raw);
    free(st->hits);
    free(st->sorted);
    free(st->touched);
    free(st->tfill);
    free(st->tstamp);
    free(st->toff);
    free(st->tcnt);
    free(st->rbits);
    free(st->cand);
    free(st->ex);
    free(st->sents);
    free(st->para_first);
    free(st->breaks);
    free(st);
}

uint64_t na_rules_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int na_rules_spend(na_rules_state *st, uint64_t n)
{
    uint64_t before = st->work;
    st->work += n;
    if (st->over)
        return NA_EBUDGET;
    if (!st->budget_ns || (before >> 12) == (st->work >> 12)) /* look at the clock rarely */
        return NA_OK;
    uint64_t now = na_rules_cpu_ns();
    if (!st->started_ns) { /* the first check of a short event starts its clock (scan.c) */
        st->started_ns = now;
        return NA_OK;
    }
    if (now - st->started_ns > st->budget_ns) {
        st->over = 1;
        return NA_EBUDGET;
    }
    return NA_OK;
}

uint64_t na_rules_state_work(const na_rules_state *st)
{
    return st->work;
}

void na_rules_state_set_budget(na_rules_state *st, double seconds)
{
    st->budget_ns = seconds > 0 ? (uint64_t)(seconds * 1e9) : 0;
}

void na_rules_set_budget(na_rules *r, double seconds)
{
    na_rules_state_set_budget(r->st, seconds);
}

uint64_t na_rules_work(const na_rules *r)
{
    return r->st->work;
}
