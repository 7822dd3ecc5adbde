/* Per event: normalise every field into one buffer, scan it once, index the term matches. */
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "rules/rules_state.h"

int na_rules_state_fit(const na_rules *r, na_rules_state *st)
{
    if (st->n_terms == r->n_terms && st->n_rules == r->n_rules && st->rbits)
        return NA_OK;
    free(st->tstamp);
    free(st->toff);
    free(st->tcnt);
    free(st->rbits);
    free(st->cand);
    free(st->touched);
    free(st->tfill);
    st->touched = calloc(r->n_terms + 1, sizeof *st->touched);
    st->tfill = calloc(r->n_terms + 1, sizeof *st->tfill);
    st->tstamp = calloc(r->n_terms + 1, sizeof *st->tstamp);
    st->toff = calloc(r->n_terms + 1, sizeof *st->toff);
    st->tcnt = calloc(r->n_terms + 1, sizeof *st->tcnt);
    st->rbits = calloc(r->n_rules / 64 + 1, sizeof *st->rbits);
    st->cand = calloc(r->n_rules + 1, sizeof *st->cand);
    st->n_terms = r->n_terms;
    st->n_rules = r->n_rules;
    st->stamp = 0;
    return st->tstamp && st->toff && st->tcnt && st->rbits && st->cand && st->touched && st->tfill
               ? NA_OK
               : NA_ENOMEM;
}

static int add_seg(na_rules_state *st, const char *text, unsigned field, size_t index)
{
    if (!text)
        return NA_OK;
    if (na_grow((void **)&st->segs, &st->cap_segs, st->n_segs, sizeof *st->segs, 64))
        return NA_ENOMEM;
    size_t olen = strlen(text);
    struct na_seg *g = &st->segs[st->n_segs++];
    *g = (struct na_seg){text, olen, (uint32_t)st->norm.len, 0, field, (uint32_t)index, 0};
    if (na_norm_append(&st->norm, text, olen))
        return NA_ENOMEM;
    g->ne = (uint32_t)st->norm.len;
    g->ident = st->norm.ident;
    /* A NUL between fields: no literal contains one, so no match spans two fields. */
    return na_norm_append_raw(&st->norm, '\0', (uint32_t)olen);
}

static int add_list(na_rules_state *st, const na_strlist *l, unsigned field)
{
    for (size_t i = 0; i < l->n; i++)
        if (add_seg(st, l->items[i], field, i))
            return NA_ENOMEM;
    return NA_OK;
}

static int build_segments(const na_rules *r, na_rules_state *st, const na_article *a)
{
    unsigned u = r->used_fields;
    na_norm_reset(&st->norm);
    st->n_segs = 0;
    if ((u & NA_F_HEADLINE && add_seg(st, a->headline, NA_F_HEADLINE, 0)) ||
        (u & NA_F_STANDFIRST && add_seg(st, a->standfirst, NA_F_STANDFIRST, 0)))
        return NA_ENOMEM;
    st->para_seg0 = st->n_segs;
    st->segs_outside_default = (u & NA_F_ENTITIES) != 0;
    if (((u & (NA_F_BODY | NA_F_QUOTES)) && add_list(st, &a->paragraphs, NA_F_BODY)) ||
        (u & NA_F_PEOPLE && add_list(st, &a->people, NA_F_PEOPLE)) ||
        (u & NA_F_PLACES && add_list(st, &a->places, NA_F_PLACES)) ||
        (u & NA_F_ORGS && add_list(st, &a->organizations, NA_F_ORGS)))
        return NA_ENOMEM;
    return NA_OK;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    na_rules_state *st = ctx;
    if (id >= st->r->n_lits)
        return 0; /* not a literal of these rules (a cached database is trusted this far only) */
    if (na_grow((void **)&st->raw, &st->cap_raw, st->n_raw, sizeof *st->raw, 64))
        return 1;
    st->raw[st->n_raw++] = (struct na_raw){id, (uint32_t)to - 1}; /* the view starts with ' ' */
    return 0;
}

static size_t find_seg(const na_rules_state *st, uint32_t s)
{
    size_t lo = 0, hi = st->n_segs;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (st->segs[mid].ns <= s)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

unsigned na_rules_quote_bit(const na_article *a, size_t p, size_t os, size_t oe)
{
    for (size_t q = 0; q < a->n_quotes; q++) {
        const na_span *sp = &a->quotes[q].span;
        if (sp->paragraph == p && sp->start <= os && oe <= sp->end)
            return NA_F_QUOTES;
    }
    return 0;
}

size_t na_rules_orig(const na_rules_state *st, uint32_t seg, uint32_t i)
{
    return na_norm_orig(&st->norm, st->segs[seg].ns, st->segs[seg].ident, i);
}

size_t na_rules_orig_end(const na_rules_state *st, uint32_t seg, uint32_t i)
{
    const struct na_seg *g = &st->segs[seg];
    return na_norm_orig_end(&st->norm, g->orig, g->ns, g->ident, i);
}

/* The word-character test with the ASCII case inline: it runs once per automaton match. */
static int word_at(const char *t, size_t len, size_t e)
{
    unsigned char c = e < len ? (unsigned char)t[e] : ' ';
    return c < 0x80 ? na_norm_ascii_word(c) : na_norm_word_at(t, len, e);
}

static int verify_raw(const na_rules *r, na_rules_state *st, const na_article *a)
{
    const char *t = st->norm.text;
    size_t g = 0;
    for (size_t i = 0; i < st->n_raw; i++) {
        const struct na_lit *L = &r->lit_tab[st->raw[i].lit];
        uint32_t end = st->raw[i].end, s = end - L->len;
        if (L->exact && memcmp(t + s, r->lits[st->raw[i].lit], L->len))
            continue; /* the view matched; the text has other non-word characters there */
        if (s < st->segs[g].ns || s >= st->segs[g].ne) /* matches come in text order, mostly */
            g = find_seg(st, s);
        const struct na_seg *seg = &st->segs[g];
        int open = -1; /* whether the literal ends at a word's end, looked at once */
        for (uint32_t k = L->first; k < L->end; k++) {
            const struct na_lit_term *lt = k == L->first ? &L->one : &r->lit_rt[k];
            long e;
            if (lt->rest) { /* the automaton matched the literal; the rest is checked here */
                e = na_rules_term_match(lt->rest, t, seg->ne, end);
            } else {
                if (open < 0)
                    open = word_at(t, seg->ne, end);
                e = open ? -1 : (long)end;
            }
            if (e < 0)
                continue;
            if (na_grow((void **)&st->hits, &st->cap_hits, st->n_hits, sizeof *st->hits, 64))
                return NA_ENOMEM;
            unsigned f = seg->fields;
            if (r->need_quotes && f == NA_F_BODY)
                f |= na_rules_quote_bit(a, seg->index, na_rules_orig(st, (uint32_t)g, s),
                                        na_rules_orig_end(st, (uint32_t)g, (uint32_t)e - 1));
            st->hits[st->n_hits++] = (struct na_hit){lt->term, (uint32_t)g, s, (uint32_t)e, f};
        }
    }
    return NA_OK;
}

/* Keeps a term's matches in start order (they nearly always arrive so). */
static void sort_slice(struct na_hit *h, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct na_hit x = h[i];
        size_t j = i;
        for (; j > 0 && h[j - 1].s > x.s; j--)
            h[j] = h[j - 1];
        h[j] = x;
    }
}

/* Candidate rules are bits, so listing them in rule order needs no sort. */
static void add_candidates(const na_rules *r, na_rules_state *st, uint32_t t)
{
    for (uint32_t k = r->term_first[t]; k < r->term_first[t + 1]; k++)
        st->rbits[r->term_rules[k] >> 6] |= 1ULL << (r->term_rules[k] & 63);
}

static void list_candidates(const na_rules *r, na_rules_state *st)
{
    for (size_t i = 0; i < r->n_always; i++)
        st->rbits[r->always[i] >> 6] |= 1ULL << (r->always[i] & 63);
    st->n_cand = 0;
    for (size_t w = 0; w < (r->n_rules + 63) / 64; w++) {
        for (uint64_t b = st->rbits[w]; b; b &= b - 1)
            st->cand[st->n_cand++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
        st->rbits[w] = 0;
    }
}

/*
 * Groups the matches by term (a counting sort), keeps the leftmost non-overlapping ones per
 * term (what a regex finditer yields), and lists the rules those terms can make fire.
 */
static int index_hits(const na_rules *r, na_rules_state *st)
{
    if (na_grow((void **)&st->sorted, &st->cap_sorted, st->n_hits, sizeof *st->sorted, 64))
        return NA_ENOMEM;
    st->n_touched = 0;
    for (size_t i = 0; i < st->n_hits; i++) {
        uint32_t t = st->hits[i].term;
        if (st->tstamp[t] != st->stamp) {
            st->tstamp[t] = st->stamp;
            st->tcnt[t] = 0;
            st->touched[st->n_touched++] = t;
        }
        st->tcnt[t]++;
    }
    uint32_t off = 0;
    for (size_t k = 0; k < st->n_touched; k++) {
        uint32_t t = st->touched[k];
        st->toff[t] = st->tfill[t] = off;
        off += st->tcnt[t];
    }
    for (size_t i = 0; i < st->n_hits; i++)
        st->sorted[st->tfill[st->hits[i].term]++] = st->hits[i];
    for (size_t k = 0; k < st->n_touched; k++) {
        uint32_t t = st->touched[k];
        struct na_hit *h = st->sorted + st->toff[t];
        sort_slice(h, st->tcnt[t]);
        size_t w = 1;
        for (size_t i = 1; i < st->tcnt[t]; i++)
            if (h[i].s >= h[w - 1].e)
                h[w++] = h[i];
        st->tcnt[t] = (uint32_t)w;
        add_candidates(r, st, t);
    }
    list_candidates(r, st);
    return NA_OK;
}

int na_rules_scan(const na_rules *r, na_rules_state *st, const na_article *a)
{
    if (st->r != r || r->windows_only)
        return NA_EINVAL;
    if (na_rules_state_fit(r, st) || build_segments(r, st, a))
        return NA_ENOMEM;
    if (++st->stamp == 0) { /* wrapped: old stamps could collide */
        memset(st->tstamp, 0, (st->n_terms + 1) * sizeof *st->tstamp);
        st->stamp = 1;
    }
    st->a = a;
    st->sents_ready = st->breaks_ready = 0;
    st->n_raw = st->n_hits = 0;
    st->work = 0;
    st->over = 0;
    /* Reading the clock is a system call: a short event starts it at its first check, after at
     * most 4,096 work units (na_rules_spend); a long one starts it now. */
    st->started_ns = st->budget_ns && st->norm.len >= (1u << 16) ? na_rules_cpu_ns() : 0;
    if (r->db && st->norm.len > 0) {
        /* The view the normaliser wrote along: ' ', then the text with non-word bytes spaces. */
        hs_error_t he =
            hs_scan(r->db, st->norm.view, (unsigned)st->norm.len + 1, 0, st->scratch, on_match, st);
        if (he != HS_SUCCESS)
            return he == HS_SCAN_TERMINATED ? NA_ENOMEM : NA_EINVAL;
    }
    if (na_rules_spend(st, st->norm.len / 16 + st->n_raw))
        return NA_EBUDGET;
    if (verify_raw(r, st, a))
        return NA_ENOMEM;
    return index_hits(r, st);
}
