/* Sentences for proximity: the event's sentence spans, or the producer's splitter when it has none.
 */
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/sentences.h"
#include "rules/rules_state.h"

static int push(na_rules_state *st, size_t os, size_t oe)
{
    if (na_grow((void **)&st->sents, &st->cap_sents, st->n_sents, sizeof *st->sents, 64))
        return NA_ENOMEM;
    st->sents[st->n_sents++] = (struct na_sent){os, oe};
    return NA_OK;
}

/* The event has no sentences for this paragraph: the producer's splitter finds them. */
static int split(na_rules_state *st, const char *p, na_tokens *tk, na_ranges *r)
{
    int rc = na_tokenize(p, strlen(p), tk);
    if (!rc)
        rc = na_sentences_split(p, tk, r);
    for (size_t k = 0; !rc && k < r->n; k++) {
        size_t os, oe;
        na_range_bytes(tk, r->v[k], &os, &oe);
        rc = push(st, os, oe);
    }
    return rc;
}

static int cmp_sent(const void *x, const void *y)
{
    const struct na_sent *a = x, *b = y;
    return a->os < b->os ? -1 : a->os > b->os;
}

static int build(na_rules_state *st)
{
    const na_article *a = st->a;
    size_t np = a->paragraphs.n;
    if (np + 1 > st->cap_para) {
        size_t *pf = realloc(st->para_first, (np + 1) * sizeof *pf);
        if (!pf)
            return NA_ENOMEM;
        st->para_first = pf;
        st->cap_para = np + 1;
    }
    st->n_sents = 0;
    na_tokens tk = {0};
    na_ranges r = {0};
    int rc = NA_OK;
    for (size_t p = 0; !rc && p < np; p++) {
        st->para_first[p] = st->n_sents;
        for (size_t i = 0; !rc && i < a->n_sentences; i++)
            if (a->sentences[i].paragraph == p)
                rc = push(st, a->sentences[i].start, a->sentences[i].end);
        if (!rc && st->n_sents == st->para_first[p])
            rc = split(st, a->paragraphs.items[p], &tk, &r);
        else if (!rc)
            qsort(st->sents + st->para_first[p], st->n_sents - st->para_first[p], sizeof *st->sents,
                  cmp_sent);
    }
    na_tokens_free(&tk);
    na_ranges_free(&r);
    if (rc)
        return rc;
    st->para_first[np] = st->n_sents;
    st->sents_ready = 1;
    return NA_OK;
}

uint32_t na_rules_sentence(na_rules_state *st, uint32_t seg, uint32_t s)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->fields != NA_F_BODY)
        return NA_NO_SENTENCE - 1 - seg; /* other fields are one sentence each */
    if (!st->sents_ready && build(st))
        return NA_NO_SENTENCE;
    size_t o = na_rules_orig(st, seg, s);
    for (size_t i = st->para_first[g->index]; i < st->para_first[g->index + 1]; i++)
        if (st->sents[i].os <= o && o < st->sents[i].oe)
            return (uint32_t)i;
    return NA_NO_SENTENCE;
}

void na_rules_sentence_span(na_rules_state *st, uint32_t seg, uint32_t id, size_t *os, size_t *oe)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->fields != NA_F_BODY || id >= st->n_sents) {
        *os = 0;
        *oe = g->olen;
        return;
    }
    *os = st->sents[id].os;
    *oe = st->sents[id].oe;
}

uint32_t na_rules_to_norm(const na_rules_state *st, uint32_t seg, size_t o)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->ident)
        return g->ns + o < g->ne ? g->ns + (uint32_t)o : g->ne;
    uint32_t lo = g->ns, hi = g->ne;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (st->norm.ostart[mid] < o)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
