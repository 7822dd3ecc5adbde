/* Rule logic over the indexed matches of one event: no rescans, alerts with evidence. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/metrics.h"
#include "rules/rules_state.h"

#define MAX_EVIDENCE 20

struct ev {
    const na_rules *r;
    na_rules_state *st;
    const na_article *a;
    const rule *ru;
    na_alert *al; /* non-NULL on the second pass, which collects evidence */
    int err;
};

static const char *field_name(unsigned seg_field, unsigned hit_fields, unsigned scope)
{
    switch (seg_field) {
    case NA_F_HEADLINE:
        return "headline";
    case NA_F_STANDFIRST:
        return "standfirst";
    case NA_F_BODY:
        return (hit_fields & NA_F_QUOTES) && !(scope & NA_F_BODY) ? "quotes" : "body";
    default:
        return "entities";
    }
}

/* Whether h overlaps an exclusion match: st->ex is sorted and merged (set_exclusions). */
static int masked(const na_rules_state *st, const struct na_hit *h)
{
    size_t lo = 0, hi = st->n_ex;
    while (lo < hi) { /* the first exclusion starting at or after h's end */
        size_t mid = lo + (hi - lo) / 2;
        if (st->ex[mid].s < h->e)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && st->ex[lo - 1].e > h->s;
}

static int accepted(const na_rules_state *st, const struct na_hit *h, unsigned scope)
{
    return (h->fields & scope) && !masked(st, h);
}

static void add_evidence(struct ev *e, uint32_t seg, size_t os, size_t oe, const char *term,
                         unsigned hit_fields, unsigned scope)
{
    if (e->al->n_evidence >= MAX_EVIDENCE || e->err)
        return;
    const struct na_seg *g = &e->st->segs[seg];
    char *snip = strndup(g->orig + os, oe - os);
    if (!snip || na_alert_add_evidence(e->al, field_name(g->fields, hit_fields, scope), g->index,
                                       os, oe, term, snip))
        e->err = NA_ENOMEM;
    free(snip);
}

static void orig_span(const na_rules_state *st, uint32_t seg, uint32_t s, uint32_t e, size_t *os,
                      size_t *oe)
{
    *os = na_rules_orig(st, seg, s);
    *oe = e > s ? na_rules_orig_end(st, seg, e - 1) : *os;
}

static int term_in(const na_rules_state *st, const uint32_t *terms, size_t n, uint32_t lo,
                   uint32_t hi);
static void widen(const na_rules_state *st, uint32_t seg, uint32_t *s, uint32_t *e, size_t n);
static int actor_ok(na_rules_state *st, const rnode *n, uint32_t seg, uint32_t s, uint32_t e);

/* Whether a term condition drops mention h: one of its "unless" terms stands in h's sentence
 * (or within unless_within words of it), or it asks for an actor and h has none. */
static int dropped(na_rules_state *st, const rnode *n, const struct na_hit *h)
{
    if (n->kind != RN_TERMS)
        return 0;
    if (!actor_ok(st, n, h->seg, h->s, h->e))
        return 1;
    if (!n->n_unless)
        return 0;
    uint32_t lo = h->s, hi = h->e;
    if (n->unless_within != SIZE_MAX) {
        widen(st, h->seg, &lo, &hi, n->unless_within);
    } else {
        uint32_t sent = na_rules_sentence(st, h->seg, h->s);
        if (sent == NA_NO_SENTENCE)
            return 0;
        na_rules_sentence_norm(st, h->seg, sent, &lo, &hi);
    }
    return term_in(st, n->unless, n->n_unless, lo, hi);
}

static int posv_push(struct na_posv *v, struct na_pos p)
{
    if (na_grow((void **)&v->p, &v->cap, v->n, sizeof *v->p, 64))
        return NA_ENOMEM;
    v->p[v->n++] = p;
    return NA_OK;
}

static int term_positions(struct ev *e, const rnode *n, struct na_posv *out)
{
    na_rules_state *st = e->st;
    for (size_t i = 0; i < n->n_terms; i++) {
        uint32_t t = n->terms[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        for (uint32_t k = st->toff[t]; k < st->toff[t] + st->tcnt[t]; k++) {
            const struct na_hit *h = &st->sorted[k];
            if (accepted(st, h, n->fields) && !dropped(st, n, h) &&
                posv_push(
                    out, (struct na_pos){h->seg, h->s, h->e, h->fields, e->r->terms[t].text, NULL}))
                return NA_ENOMEM;
        }
    }
    return NA_OK;
}

/* Whether a quantity's unit is one of the node's units (term patterns, whole string). */
static int unit_matches(const na_rules *r, const rnode *n, const char *unit)
{
    char *u = na_norm_string(unit);
    int ok = 0;
    for (size_t i = 0; u && !ok && i < n->n_terms; i++)
        ok = na_rules_term_match(r->terms[n->terms[i]].norm, u, strlen(u), 0) == (long)strlen(u);
    free(u);
    return ok;
}

static int is_num_tok(const char *t, size_t n, double *v)
{
    char buf[64];
    size_t k = 0;
    if (n == 0 || n >= sizeof buf || t[0] < '0' || t[0] > '9')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == ',')
            continue;
        if (!((t[i] >= '0' && t[i] <= '9') || t[i] == '.' || (i == n - 1 && t[i] == 'k')))
            return 0;
        buf[k++] = t[i];
    }
    double mult = 1;
    if (buf[k - 1] == 'k') {
        mult = 1e3;
        k--;
    }
    buf[k] = '\0';
    char *end;
    *v = strtod(buf, &end) * mult;
    return *end == '\0';
}

static int tok_is(const char *t, size_t n, const char *w)
{
    return strlen(w) == n && !memcmp(t, w, n);
}

/* The number written just before a unit ("100,000 Russian troops", "40 thousand troops"). */
static int number_before(const na_rules_state *st, const struct na_seg *g, uint32_t s,
                         double *value, uint32_t *start)
{
    const char *t = st->norm.text;
    uint32_t end = s;
    double mult = 1;
    int skipped = 0;
    for (int k = 0; k < 5; k++) {
        while (end > g->ns && t[end - 1] == ' ')
            end--;
        uint32_t b = end;
        while (b > g->ns && t[b - 1] != ' ')
            b--;
        if (b == end)
            return 0;
        const char *tok = t + b;
        size_t n = end - b;
        double v;
        if (is_num_tok(tok, n, &v)) {
            *value = v * mult;
            *start = b;
            return 1;
        }
        if (mult == 1 && (tok_is(tok, n, "thousand") || tok_is(tok, n, "million"))) {
            mult = tok[0] == 't' ? 1e3 : 1e6;
        } else if (skipped < 2 && mult == 1 && na_norm_word_at(tok, n, 0)) {
            skipped++;
        } else {
            return 0;
        }
        end = b;
    }
    return 0;
}

static int quantity_positions(struct ev *e, const rnode *n, struct na_posv *out)
{
    na_rules_state *st = e->st;
    const na_article *a = e->a;
    int unit_seen = 0;
    size_t body_segs = st->n_segs - st->para_seg0;
    for (size_t i = 0; i < a->n_quantities; i++) {
        const na_quantity *q = &a->quantities[i];
        if (!unit_matches(e->r, n, q->unit))
            continue;
        unit_seen = 1;
        if (q->value < n->qmin || q->value > n->qmax)
            continue;
        uint32_t seg;
        unsigned f;
        if (q->span.paragraph == NA_SPAN_HEADLINE) { /* the headline is segment 0 when scanned */
            if (!st->n_segs || st->segs[0].fields != NA_F_HEADLINE)
                continue;
            seg = 0;
            f = NA_F_HEADLINE;
        } else {
            if (q->span.paragraph >= body_segs ||
                st->segs[st->para_seg0 + q->span.paragraph].fields != NA_F_BODY)
                continue;
            seg = (uint32_t)(st->para_seg0 + q->span.paragraph);
            f = NA_F_BODY | na_rules_quote_bit(a, q->span.paragraph, q->span.start, q->span.end);
        }
        if ((f & n->fields) &&
            posv_push(out,
                      (struct na_pos){seg, na_rules_to_norm(st, seg, q->span.start),
                                      na_rules_to_norm(st, seg, q->span.end), f, q->unit, q->text}))
            return NA_ENOMEM;
    }
    if (unit_seen)
        return NA_OK;
    /* No quantity with this unit in the event: read "<number> [words] <unit>" from the text. */
    size_t before = out->n;
    if (term_positions(e, n, out))
        return NA_ENOMEM;
    size_t w = before;
    for (size_t i = before; i < out->n; i++) {
        struct na_pos p = out->p[i];
        double v;
        uint32_t start;
        const struct na_seg *g = &st->segs[p.seg];
        if ((g->fields != NA_F_BODY && g->fields != NA_F_HEADLINE) ||
            !number_before(st, g, p.s, &v, &start) || v < n->qmin || v > n->qmax)
            continue;
        p.s = start;
        out->p[w++] = p;
    }
    out->n = w;
    return NA_OK;
}

static int positions(struct ev *e, const rnode *n, struct na_posv *out)
{
    out->n = 0;
    return n->kind == RN_QUANTITY ? quantity_positions(e, n, out) : term_positions(e, n, out);
}

static size_t words_between(const na_rules_state *st, uint32_t lo, uint32_t hi, size_t cap)
{
    size_t n = 0;
    const char *t = st->norm.text;
    int in_word = 0;
    for (uint32_t i = lo; i < hi && n <= cap; i++) {
        if ((unsigned char)t[i] >= 0x80 && ((unsigned char)t[i] & 0xc0) == 0x80)
            continue;
        int w = na_norm_word_at(t, hi, i);
        if (w && !in_word)
            n++;
        in_word = w;
    }
    return n;
}

/* Whether name holds the words of orig[0..len) (case aside): "Peskov" in "Dmitry Peskov". */
static int names(const char *name, const char *orig, size_t len)
{
    for (const char *p = name; len && *p; p++) {
        if ((p > name && na_norm_ascii_word((unsigned char)p[-1])) || strncasecmp(p, orig, len))
            continue;
        if (!na_norm_ascii_word((unsigned char)p[len]))
            return 1;
    }
    return 0;
}

/* Whether a match of one of terms starts in [lo, hi) (each term's matches sorted by start)
 * and, when speaker is not NULL, names it. */
static int hit_in(const na_rules_state *st, const uint32_t *terms, size_t n, uint32_t lo,
                  uint32_t hi, const char *speaker)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t t = terms[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        const struct na_hit *h = st->sorted + st->toff[t];
        size_t a = 0, b = st->tcnt[t];
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            if (h[mid].s < lo)
                a = mid + 1;
            else
                b = mid;
        }
        for (; a < st->tcnt[t] && h[a].s < hi; a++) {
            if (!speaker)
                return 1;
            size_t os = na_rules_orig(st, h[a].seg, h[a].s),
                   oe = na_rules_orig_end(st, h[a].seg, h[a].e - 1);
            if (names(speaker, st->segs[h[a].seg].orig + os, oe - os))
                return 1;
        }
    }
    return 0;
}

static int term_in(const na_rules_state *st, const uint32_t *terms, size_t n, uint32_t lo,
                   uint32_t hi)
{
    return hit_in(st, terms, n, lo, hi, NULL);
}

/* Whether [s, e) of segment seg lies inside an attributed quotation whose speaker is one of
 * n's actors, named in the quotation's sentences outside it ("We will not invade," Lavrov
 * said). */
static int speaker_actor(na_rules_state *st, const rnode *n, uint32_t seg, uint32_t s, uint32_t e)
{
    const struct na_seg *g = &st->segs[seg];
    if (g->fields != NA_F_BODY)
        return 0;
    size_t os = na_rules_orig(st, seg, s), oe = na_rules_orig_end(st, seg, e - 1);
    for (size_t q = 0; q < st->a->n_quotes; q++) {
        const na_quote *qt = &st->a->quotes[q];
        if (!qt->speaker || qt->span.paragraph != g->index || os < qt->span.start ||
            oe > qt->span.end)
            continue;
        uint32_t qs = na_rules_to_norm(st, seg, qt->span.start),
                 qe = na_rules_to_norm(st, seg, qt->span.end), lo, hi, l2, h2;
        uint32_t s1 = na_rules_sentence(st, seg, qs), s2 = na_rules_sentence(st, seg, qe - 1);
        if (s1 == NA_NO_SENTENCE || s2 == NA_NO_SENTENCE)
            continue;
        na_rules_sentence_norm(st, seg, s1, &lo, &h2);
        na_rules_sentence_norm(st, seg, s2, &l2, &hi);
        if (hit_in(st, n->actor, n->n_actor, lo, qs, qt->speaker) ||
            hit_in(st, n->actor, n->n_actor, qe, hi, qt->speaker))
            return 1;
    }
    return 0;
}

/* Whether [s, e) of segment seg has one of n's actors (when n asks for one): in its clause
 * (before it, with actor_before), or as the speaker of its quotation. */
static int actor_ok(na_rules_state *st, const rnode *n, uint32_t seg, uint32_t s, uint32_t e)
{
    if (!n->n_actor)
        return 1;
    uint32_t lo, hi;
    na_rules_clause(st, seg, s, e, &lo, &hi);
    return term_in(st, n->actor, n->n_actor, lo, n->actor_before ? s : hi) ||
           speaker_actor(st, n, seg, s, e);
}

/* Moves from [s, e) n words left and right within segment seg. */
static void widen(const na_rules_state *st, uint32_t seg, uint32_t *s, uint32_t *e, size_t n)
{
    const char *t = st->norm.text;
    const struct na_seg *g = &st->segs[seg];
    for (size_t k = 0; k <= n && *s > g->ns; k++) {
        while (*s > g->ns && !na_norm_word_before(t, *s))
            (*s)--;
        while (*s > g->ns && na_norm_word_before(t, *s))
            (*s)--;
    }
    for (size_t k = 0; k <= n && *e < g->ne; k++) {
        while (*e < g->ne && !na_norm_word_at(t, g->ne, *e))
            (*e)++;
        while (*e < g->ne && na_norm_word_at(t, g->ne, *e))
            (*e)++;
    }
}

static int pair_ok(struct ev *e, const rnode *n, const struct na_pos *a, const struct na_pos *b,
                   uint32_t *sent)
{
    na_rules_state *st = e->st;
    if (a->seg != b->seg || (a->s < b->e && b->s < a->e) || (n->ordered == 1 && b->s < a->e) ||
        (n->ordered == 2 && a->s < b->e))
        return 0;
    *sent = na_rules_sentence(st, a->seg, a->s);
    if (n->sentence && (*sent == NA_NO_SENTENCE || na_rules_sentence(st, b->seg, b->s) != *sent))
        return 0;
    if (n->sentence == 2) {
        uint32_t lo, hi;
        na_rules_clause(st, a->seg, a->s, a->e, &lo, &hi);
        if (b->s < lo || b->e > hi)
            return 0;
    }
    if (n->within != SIZE_MAX) {
        uint32_t lo = a->e <= b->s ? a->e : b->e, hi = a->e <= b->s ? b->s : a->s;
        if (words_between(st, lo, hi, n->within) > n->within)
            return 0;
    }
    if (n->n_unless && n->unless_within != SIZE_MAX) {
        uint32_t lo = a->s < b->s ? a->s : b->s, hi = a->e > b->e ? a->e : b->e;
        widen(st, a->seg, &lo, &hi, n->unless_within);
        return !term_in(st, n->unless, n->n_unless, lo, hi);
    }
    return 1;
}

/* Whether a (the first operand) can pair at all: its sentence has no "unless" term (when
 * unless is sentence-scoped) and its clause has an actor, or its quotation an actor as speaker
 * (when the node asks for one). */
static int first_ok(struct ev *e, const rnode *n, const struct na_pos *a)
{
    na_rules_state *st = e->st;
    uint32_t lo, hi;
    if (n->n_unless && n->unless_within == SIZE_MAX) {
        uint32_t sent = na_rules_sentence(st, a->seg, a->s);
        if (sent == NA_NO_SENTENCE)
            return 0;
        na_rules_sentence_norm(st, a->seg, sent, &lo, &hi);
        if (term_in(st, n->unless, n->n_unless, lo, hi))
            return 0;
    }
    return actor_ok(st, n, a->seg, a->s, a->e);
}

/* Evidence quoting the sentence of a (once per sentence); 0 when a has no sentence. */
static int sentence_evidence(struct ev *e, const rnode *n, const struct na_pos *a, const char *term)
{
    uint32_t sent = na_rules_sentence(e->st, a->seg, a->s);
    if (sent == NA_NO_SENTENCE)
        return 0;
    size_t os, oe;
    na_rules_sentence_span(e->st, a->seg, sent, &os, &oe);
    for (size_t i = 0; i < e->al->n_evidence; i++)
        if (e->al->evidence[i].start == os && e->al->evidence[i].end == oe &&
            e->al->evidence[i].paragraph == e->st->segs[a->seg].index)
            return 1;
    add_evidence(e, a->seg, os, oe, term, a->fields, n->fields);
    return 1;
}

static void near_evidence(struct ev *e, const rnode *n, const struct na_pos *a,
                          const struct na_pos *b, uint32_t sent)
{
    size_t os, oe;
    if (sent != NA_NO_SENTENCE) {
        na_rules_sentence_span(e->st, a->seg, sent, &os, &oe);
    } else {
        orig_span(e->st, a->seg, a->s < b->s ? a->s : b->s, a->e > b->e ? a->e : b->e, &os, &oe);
    }
    for (size_t i = 0; i < e->al->n_evidence; i++) /* one piece of evidence per sentence */
        if (e->al->evidence[i].start == os && e->al->evidence[i].end == oe &&
            e->al->evidence[i].paragraph == e->st->segs[a->seg].index)
            return;
    char term[512];
    snprintf(term, sizeof term, "%s ~ %s", a->term, b->term);
    add_evidence(e, a->seg, os, oe, term, a->fields, n->fields);
}

static int cmp_pos(const void *x, const void *y)
{
    const struct na_pos *a = x, *b = y;
    if (a->seg != b->seg)
        return a->seg < b->seg ? -1 : 1;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return a->e < b->e ? -1 : a->e > b->e;
}

/* The first position of v at or after (seg, s). */
static size_t lower(const struct na_posv *v, uint32_t seg, uint32_t s)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->p[mid].seg < seg || (v->p[mid].seg == seg && v->p[mid].s < s))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A partner for a: the nearest second operand after it and the nearest before it are the best
 * candidates for every constraint (same sentence, clause, word distance), so each first-operand
 * match costs a binary search, not a scan: O((|A| + |B|) log |B|) per condition. */
static const struct na_pos *partner(struct ev *e, const rnode *n, const struct na_pos *a,
                                    const struct na_posv *pb, uint32_t *sent)
{
    size_t j = lower(pb, a->seg, a->e);
    if (n->ordered != 2 && j < pb->n && pb->p[j].seg == a->seg && pair_ok(e, n, a, &pb->p[j], sent))
        return &pb->p[j];
    if (n->ordered == 1)
        return NULL;
    size_t k = lower(pb, a->seg, a->s);
    for (size_t steps = 0; k > 0 && steps < 64; steps++) { /* skip those overlapping a */
        const struct na_pos *b = &pb->p[--k];
        if (b->seg != a->seg)
            break;
        if (b->e <= a->s)
            return pair_ok(e, n, a, b, sent) ? b : NULL;
    }
    return NULL;
}

static double eval_near(struct ev *e, const rnode *n, int *ok)
{
    struct na_posv *pa = &e->st->pv[0], *pb = &e->st->pv[1];
    size_t count = 0;
    if (positions(e, n->kids[0], pa) || positions(e, n->kids[1], pb)) {
        e->err = NA_ENOMEM;
        pa->n = 0;
    }
    if (pa->n && pb->n) {
        qsort(pa->p, pa->n, sizeof *pa->p, cmp_pos);
        qsort(pb->p, pb->n, sizeof *pb->p, cmp_pos);
    }
    for (size_t i = 0; pb->n && i < pa->n && !e->err; i++) {
        uint32_t sent;
        if (na_rules_spend(e->st, 1)) {
            e->err = NA_EBUDGET;
            break;
        }
        if (!first_ok(e, n, &pa->p[i]))
            continue;
        const struct na_pos *b = partner(e, n, &pa->p[i], pb, &sent);
        if (!b)
            continue;
        count++;
        if (e->al)
            near_evidence(e, n, &pa->p[i], b, sent);
    }
    *ok = count >= n->min;
    return *ok ? (double)count : 0;
}

/* Mentions of a term node's terms in its scope, not masked by the rule's exclusions. */
static size_t term_count(na_rules_state *st, const rnode *n)
{
    size_t count = 0;
    for (size_t i = 0; i < n->n_terms; i++) {
        uint32_t t = n->terms[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        if (!st->n_ex && !n->n_unless && !n->n_actor &&
            (n->fields & NA_F_DEFAULT) == NA_F_DEFAULT && !(st->segs_outside_default)) {
            count += st->tcnt[t]; /* every match is in scope and none is masked */
            continue;
        }
        for (uint32_t k = st->toff[t]; k < st->toff[t] + st->tcnt[t]; k++)
            count += (size_t)(accepted(st, &st->sorted[k], n->fields) &&
                              !dropped(st, n, &st->sorted[k]));
    }
    return count;
}

static double eval_leaf(struct ev *e, const rnode *n, int *ok)
{
    if (n->kind == RN_TERMS && !e->al) { /* first pass: counting is enough */
        size_t c = term_count(e->st, n);
        *ok = c >= n->min;
        return *ok ? (double)c : 0;
    }
    struct na_posv *v = &e->st->pv[0];
    if (positions(e, n, v)) {
        e->err = NA_ENOMEM;
        v->n = 0;
    }
    *ok = v->n >= n->min;
    for (size_t i = 0; *ok && e->al && i < v->n; i++) {
        size_t os, oe;
        if (n->n_unless) { /* its sentence was looked at: quote it, once */
            if (sentence_evidence(e, n, &v->p[i], v->p[i].term))
                continue;
        }
        orig_span(e->st, v->p[i].seg, v->p[i].s, v->p[i].e, &os, &oe);
        add_evidence(e, v->p[i].seg, os, oe, v->p[i].term, v->p[i].fields, n->fields);
    }
    return *ok ? (double)v->n : 0;
}

/* Whether n holds; its score (weight times mentions, or the sum of its parts) goes to *score. */
static int eval(struct ev *e, const rnode *n, double *score)
{
    int ok = 0;
    double s = 0;
    size_t n_true = 0;
    switch (n->kind) {
    case RN_TERMS:
    case RN_QUANTITY:
        s = eval_leaf(e, n, &ok);
        break;
    case RN_NEAR:
        s = eval_near(e, n, &ok);
        break;
    case RN_ALL:
        ok = 1;
        for (size_t i = 0; i < n->n_kids && ok; i++)
            ok = eval(e, n->kids[i], &s);
        break;
    case RN_ANY:
        for (size_t i = 0; i < n->n_kids; i++)
            n_true += (size_t)eval(e, n->kids[i], &s);
        ok = n_true >= n->min;
        break;
    case RN_NONE: {
        na_alert *al = e->al; /* what must be absent is no evidence */
        e->al = NULL;
        double ignored = 0;
        ok = 1;
        for (size_t i = 0; i < n->n_kids && ok; i++)
            ok = !eval(e, n->kids[i], &ignored);
        e->al = al;
        break;
    }
    }
    if (ok)
        *score += n->weight * s;
    return ok;
}

static int cmp_hit(const void *x, const void *y)
{
    const struct na_hit *a = x, *b = y;
    return a->s < b->s ? -1 : a->s > b->s;
}

static int set_exclusions(na_rules_state *st, const rule *ru)
{
    st->n_ex = 0;
    for (size_t i = 0; i < ru->n_exclude; i++) {
        uint32_t t = ru->exclude[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        if (st->n_ex + st->tcnt[t] > st->cap_ex) {
            size_t ncap = (st->n_ex + st->tcnt[t]) * 2;
            struct na_hit *nx = realloc(st->ex, ncap * sizeof *nx);
            if (!nx)
                return NA_ENOMEM;
            st->ex = nx;
            st->cap_ex = ncap;
        }
        memcpy(st->ex + st->n_ex, st->sorted + st->toff[t], st->tcnt[t] * sizeof *st->ex);
        st->n_ex += st->tcnt[t];
    }
    if (st->n_ex > 1) { /* sorted and merged, for masked()'s binary search */
        qsort(st->ex, st->n_ex, sizeof *st->ex, cmp_hit);
        size_t w = 0;
        for (size_t i = 1; i < st->n_ex; i++) {
            if (st->ex[i].s < st->ex[w].e) {
                if (st->ex[i].e > st->ex[w].e)
                    st->ex[w].e = st->ex[i].e;
            } else {
                st->ex[++w] = st->ex[i];
            }
        }
        st->n_ex = w + 1;
    }
    return NA_OK;
}

static na_alert *make_alert(const rule *ru, const na_article *a, double score)
{
    na_alert *al = na_alert_new();
    if (!al)
        return NULL;
    al->time_ms = a->published_ms;
    al->score = score;
    int rc = na_article_set(&al->rule_id, ru->id) |
             na_article_set(&al->description, ru->description) |
             na_article_set(&al->severity, ru->severity) | na_article_set(&al->event_id, a->id) |
             na_article_set(&al->url, a->url) | na_article_set(&al->headline, a->headline) |
             na_article_set(&al->outlet, a->outlet) | na_article_set(&al->story, a->story);
    for (size_t i = 0; !rc && i < ru->destinations.n; i++)
        rc = na_strlist_push(&al->destinations, ru->destinations.items[i]);
    if (rc || na_alert_make_id(al)) {
        na_alert_destroy(al);
        return NULL;
    }
    return al;
}

static int discard(na_alert *al, void *ud);

static int eval_rule(struct ev *e, na_alert_cb cb, void *ud)
{
    const rule *ru = e->ru;
    if (set_exclusions(e->st, ru))
        return NA_ENOMEM;
    double score = 0;
    e->al = NULL;
    if (!eval(e, ru->match, &score) || score < ru->min_score || e->err)
        return e->err;
    if (cb != discard) /* not when rebuilding window state */
        na_metrics_inc(NA_M_C_RULE_MATCHES, ru->id, NULL);
    if (!(e->al = make_alert(ru, e->a, score)))
        return NA_ENOMEM;
    double again = 0;
    eval(e, ru->match, &again);
    na_alert *al = e->al;
    e->al = NULL;
    if (e->err) {
        na_alert_destroy(al);
        return e->err;
    }
    if (ru->stream) /* the match feeds the rule's window or cooldown, which decides */
        return na_rules_window_feed(ru, e->a, al, cb, ud);
    return cb(al, ud) ? 1 : NA_OK;
}

static int discard(na_alert *al, void *ud)
{
    (void)ud;
    na_alert_destroy(al);
    return 0;
}

/* Alerts of one event, held until every rule ran: an event over budget raises none. */
struct held {
    na_alert **al;
    size_t n, cap;
};

static int hold(na_alert *al, void *ud)
{
    struct held *h = ud;
    if (na_grow((void **)&h->al, &h->cap, h->n, sizeof *h->al, 64)) {
        na_alert_destroy(al);
        return NA_ENOMEM;
    }
    h->al[h->n++] = al;
    return 0;
}

/* Whether rule i's gates pass: some term of each of its required groups matched in this event. */
static int gates_open(const na_rules *r, const na_rules_state *st, uint32_t i)
{
    const uint32_t *g = r->gate_pool + r->gate_first[i], *end = r->gate_pool + r->gate_first[i + 1];
    while (g < end) {
        uint32_t n = *g++, k = 0;
        while (k < n && st->tstamp[g[k]] != st->stamp)
            k++;
        if (k == n)
            return 0;
        g += n;
    }
    return 1;
}

int na_rules_eval_state(const na_rules *r, na_rules_state *st, const na_article *a, na_alert_cb cb,
                        void *ud, int emit)
{
    int rc = na_rules_scan(r, st, a);
    struct ev e = {r, st, a, NULL, NULL, 0};
    struct held h = {0};
    if (!rc) /* flatline windows: this article's time may complete some (stream/stage.c) */
        rc = na_rules_window_clock(r, a->published_ms, emit ? hold : discard, &h);
    for (size_t i = 0; !rc && i < st->n_cand; i++) {
        if (na_rules_spend(st, 1)) {
            rc = NA_EBUDGET;
            break;
        }
        if (!gates_open(r, st, st->cand[i])) /* it cannot hold: no need to look closer */
            continue;
        e.ru = &r->rules[st->cand[i]];
        if (emit)
            rc = eval_rule(&e, hold, &h);
        else if (e.ru->stream) /* per-article rules keep no state: nothing to rebuild */
            rc = eval_rule(&e, discard, NULL);
        if (!rc && st->over)
            rc = NA_EBUDGET;
    }
    size_t i = 0;
    for (; rc == NA_OK && i < h.n; i++)
        if (cb(h.al[i], ud)) {
            i++;
            break;
        }
    for (; i < h.n; i++)
        na_alert_destroy(h.al[i]);
    free(h.al);
    return rc > 0 ? NA_OK : rc;
}

int na_rules_eval_ex(na_rules *r, const na_article *a, na_alert_cb cb, void *ud, int emit)
{
    return na_rules_eval_state(r, r->st, a, cb, ud, emit);
}

int na_rules_eval(na_rules *r, const na_article *a, na_alert_cb cb, void *ud)
{
    return na_rules_eval_ex(r, a, cb, ud, 1);
}

static int mentions_node(struct ev *e, const rnode *n, na_mention_cb cb, void *ud)
{
    na_rules_state *st = e->st;
    for (size_t i = 0; n->kind == RN_TERMS && i < n->n_terms; i++) {
        uint32_t t = n->terms[i];
        rnode one = *n; /* the same node narrowed to one term, before its "unless" and actor */
        one.terms = &t;
        one.n_terms = 1;
        one.n_unless = 0;
        one.n_actor = 0;
        size_t count = term_count(st, &one);
        char node[600];
        snprintf(node, sizeof node, "%s/%zu", n->pointer, i);
        if (count && cb(e->ru->id, node, e->r->terms[t].text, count, ud))
            return 1;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (mentions_node(e, n->kids[i], cb, ud))
            return 1;
    return 0;
}

int na_rules_mentions(na_rules *r, const na_article *a, na_mention_cb cb, void *ud)
{
    int rc = na_rules_scan(r, r->st, a);
    struct ev e = {r, r->st, a, NULL, NULL, 0};
    for (size_t i = 0; !rc && i < r->st->n_cand; i++) {
        e.ru = &r->rules[r->st->cand[i]];
        if ((rc = set_exclusions(r->st, e.ru)))
            break;
        rc = mentions_node(&e, e.ru->match, cb, ud);
    }
    return rc > 0 ? NA_OK : rc;
}

int na_rules_node_eval(const na_rules *r, na_rules_state *st, const na_article *a, const rule *ru,
                       const rnode *n, double *score)
{
    struct ev e = {r, st, a, ru, NULL, 0};
    *score = 0;
    if (set_exclusions(st, ru))
        return NA_ENOMEM;
    int ok = eval(&e, n, score);
    return e.err ? e.err : ok;
}

int na_rules_node_positions(const na_rules *r, na_rules_state *st, const na_article *a,
                            const rule *ru, const rnode *n, struct na_posv *out)
{
    struct ev e = {r, st, a, ru, NULL, 0};
    if (set_exclusions(st, ru))
        return NA_ENOMEM;
    out->n = 0;
    if (n->kind == RN_QUANTITY)
        return quantity_positions(&e, n, out);
    return term_positions(&e, n, out);
}
