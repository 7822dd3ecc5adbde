/* Sentences and clauses for proximity: the event's sentence spans, or the producer's splitter
 * when it has none. */
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/sentences.h"
#include "rules/rules_state.h"

static int push(na_rules_state *st, size_t os, size_t oe, size_t para)
{
    if (na_grow((void **)&st->sents, &st->cap_sents, st->n_sents, sizeof *st->sents, 64))
        return NA_ENOMEM;
    st->sents[st->n_sents++] = (struct na_sent){os, oe, para};
    return NA_OK;
}

/* The event has no sentences for this paragraph: the producer's splitter finds them. */
static int split(na_rules_state *st, const char *p, na_tokens *tk, na_ranges *r, size_t para)
{
    int rc = na_tokenize(p, strlen(p), tk);
    if (!rc)
        rc = na_sentences_split(p, tk, r);
    for (size_t k = 0; !rc && k < r->n; k++) {
        size_t os, oe;
        na_range_bytes(tk, r->v[k], &os, &oe);
        rc = push(st, os, oe, para);
    }
    return rc;
}

static int cmp_sent(const void *x, const void *y)
{
    const struct na_sent *a = x, *b = y;
    if (a->para != b->para)
        return a->para < b->para ? -1 : 1;
    return a->os < b->os ? -1 : a->os > b->os;
}

/* The event's sentences sorted by paragraph and start (n log n), then the splitter for
 * paragraphs that have none: linear in the text. */
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
    for (size_t i = 0; i < a->n_sentences; i++)
        if (a->sentences[i].paragraph < np &&
            push(st, a->sentences[i].start, a->sentences[i].end, a->sentences[i].paragraph))
            return NA_ENOMEM;
    if (st->n_sents > 1)
        qsort(st->sents, st->n_sents, sizeof *st->sents, cmp_sent);
    size_t given = st->n_sents, k = 0;
    na_tokens tk = {0};
    na_ranges r = {0};
    int rc = NA_OK;
    for (size_t p = 0; !rc && p < np; p++) {
        while (k < given && st->sents[k].para < p)
            k++;
        if (k < given && st->sents[k].para == p)
            continue;
        rc = split(st, a->paragraphs.items[p], &tk, &r, p);
    }
    na_tokens_free(&tk);
    na_ranges_free(&r);
    if (rc)
        return rc;
    if (st->n_sents > given)
        qsort(st->sents, st->n_sents, sizeof *st->sents, cmp_sent);
    k = 0;
    for (size_t p = 0; p <= np; p++) {
        while (k < st->n_sents && st->sents[k].para < p)
            k++;
        st->para_first[p] = k;
    }
    st->sents_ready = 1;
    return na_rules_spend(st, st->n_sents);
}

uint32_t na_rules_sentence(na_rules_state *st, uint32_t seg, uint32_t s)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->fields != NA_F_BODY)
        return NA_NO_SENTENCE - 1 - seg; /* other fields are one sentence each */
    if (!st->sents_ready && build(st))
        return NA_NO_SENTENCE;
    size_t o = na_rules_orig(st, seg, s);
    size_t lo = st->para_first[g->index], hi = st->para_first[g->index + 1];
    while (lo < hi) { /* the first sentence starting after o */
        size_t mid = lo + (hi - lo) / 2;
        if (st->sents[mid].os <= o)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > st->para_first[g->index] && o < st->sents[lo - 1].oe)
        return (uint32_t)(lo - 1);
    return NA_NO_SENTENCE;
}

void na_rules_sentence_norm(na_rules_state *st, uint32_t seg, uint32_t id, uint32_t *lo,
                            uint32_t *hi)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->fields != NA_F_BODY || id >= st->n_sents) {
        *lo = g->ns;
        *hi = g->ne;
        return;
    }
    *lo = na_rules_to_norm(st, seg, st->sents[id].os);
    *hi = na_rules_to_norm(st, seg, st->sents[id].oe);
}

static int break_word(const char *t, size_t len, size_t i)
{
    static const char *const words[] = {"but",    "while",   "whereas", "although",
                                        "though", "however", NULL};
    if (i > 0 && na_norm_word_before(t, i))
        return 0;
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (!(i + n <= len && !memcmp(t + i, words[k], n) && !na_norm_word_at(t, len, i + n)))
            continue;
        /* "while denying", "but insisting": a participle shares the clause's subject */
        size_t w = i + n + 1, e = w < len ? na_norm_word_end(t, len, w) : w;
        return !(e >= w + 5 && !memcmp(t + e - 3, "ing", 3));
    }
    return 0;
}

static int build_breaks(na_rules_state *st)
{
    const char *t = st->norm.text;
    size_t len = st->norm.len;
    st->n_breaks = 0;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (c == ';' || c == ':' ||
            ((c == 'b' || c == 'w' || c == 'a' || c == 't' || c == 'h') && break_word(t, len, i))) {
            if (na_grow((void **)&st->breaks, &st->cap_breaks, st->n_breaks, sizeof *st->breaks,
                        64))
                return NA_ENOMEM;
            st->breaks[st->n_breaks++] = (uint32_t)i;
        }
    }
    st->breaks_ready = 1;
    return na_rules_spend(st, len / 64);
}

void na_rules_clause(na_rules_state *st, uint32_t seg, uint32_t s, uint32_t e, uint32_t *lo,
                     uint32_t *hi)
{
    uint32_t sent = na_rules_sentence(st, seg, s);
    if (sent == NA_NO_SENTENCE) {
        *lo = *hi = s;
        return;
    }
    na_rules_sentence_norm(st, seg, sent, lo, hi);
    if (!st->breaks_ready && build_breaks(st))
        return;
    size_t a = 0, b = st->n_breaks;
    while (a < b) { /* the first break at or after s */
        size_t mid = a + (b - a) / 2;
        if (st->breaks[mid] < s)
            a = mid + 1;
        else
            b = mid;
    }
    if (a > 0 && st->breaks[a - 1] > *lo)
        *lo = st->breaks[a - 1];
    while (a < st->n_breaks && st->breaks[a] < e) /* a break inside the match itself */
        a++;
    if (a < st->n_breaks && st->breaks[a] < *hi)
        *hi = st->breaks[a];
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
