/* Rule logic over the indexed matches of one event: no rescans, alerts with evidence. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/metrics.h"
#include "rules/rules_state.h"

#define MAX_EVIDENCE 20

struct ev {
    na_rules *r;
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

static int masked(const na_rules_state *st, const struct na_hit *h)
{
    for (size_t i = 0; i < st->n_ex; i++)
        if (st->ex[i].seg == h->seg && st->ex[i].s < h->e && h->s < st->ex[i].e)
            return 1;
    return 0;
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
            if (accepted(st, h, n->fields) &&
                posv_push(
                    out, (struct na_pos){h->seg, h->s, h->e, h->fields, e->r->terms[t].text, NULL}))
                return NA_ENOMEM;
        }
    }
    return NA_OK;
}

/* Whether a quantity's unit is one of the node's units (term patterns, whole string). */
static int unit_matches(na_rules *r, const rnode *n, const char *unit)
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
        if (q->value < n->qmin || q->value > n->qmax || q->span.paragraph >= body_segs ||
            st->segs[st->para_seg0 + q->span.paragraph].fields != NA_F_BODY)
            continue;
        uint32_t seg = (uint32_t)(st->para_seg0 + q->span.paragraph);
        unsigned f =
            NA_F_BODY | na_rules_quote_bit(a, q->span.paragraph, q->span.start, q->span.end);
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
        if (g->fields != NA_F_BODY || !number_before(st, g, p.s, &v, &start) || v < n->qmin ||
            v > n->qmax)
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

static int unless_in(struct ev *e, const rnode *n, uint32_t seg, uint32_t sent)
{
    na_rules_state *st = e->st;
    for (size_t i = 0; i < n->n_unless; i++) {
        uint32_t t = n->unless[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        for (uint32_t k = st->toff[t]; k < st->toff[t] + st->tcnt[t]; k++)
            if (st->sorted[k].seg == seg && na_rules_sentence(st, seg, st->sorted[k].s) == sent)
                return 1;
    }
    return 0;
}

static int pair_ok(struct ev *e, const rnode *n, const struct na_pos *a, const struct na_pos *b,
                   uint32_t *sent)
{
    na_rules_state *st = e->st;
    if (a->seg != b->seg || (a->s < b->e && b->s < a->e) || (n->ordered && b->s < a->e))
        return 0;
    *sent = na_rules_sentence(st, a->seg, a->s);
    if (n->sentence && (*sent == NA_NO_SENTENCE || na_rules_sentence(st, b->seg, b->s) != *sent))
        return 0;
    if (n->within != SIZE_MAX) {
        uint32_t lo = a->e <= b->s ? a->e : b->e, hi = a->e <= b->s ? b->s : a->s;
        if (words_between(st, lo, hi, n->within) > n->within)
            return 0;
    }
    return !n->n_unless || !unless_in(e, n, a->seg, *sent);
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

static double eval_near(struct ev *e, const rnode *n, int *ok)
{
    struct na_posv *pa = &e->st->pv[0], *pb = &e->st->pv[1];
    size_t count = 0;
    if (positions(e, n->kids[0], pa) || positions(e, n->kids[1], pb)) {
        e->err = NA_ENOMEM;
        pa->n = 0;
    }
    for (size_t i = 0; i < pa->n; i++) {
        for (size_t j = 0; j < pb->n; j++) {
            uint32_t sent;
            if (!pair_ok(e, n, &pa->p[i], &pb->p[j], &sent))
                continue;
            count++;
            if (e->al)
                near_evidence(e, n, &pa->p[i], &pb->p[j], sent);
            break;
        }
    }
    *ok = count >= n->min;
    return *ok ? (double)count : 0;
}

/* Mentions of a term node's terms in its scope, not masked by the rule's exclusions. */
static size_t term_count(const na_rules_state *st, const rnode *n)
{
    size_t count = 0;
    for (size_t i = 0; i < n->n_terms; i++) {
        uint32_t t = n->terms[i];
        if (st->tstamp[t] != st->stamp)
            continue;
        if (!st->n_ex && (n->fields & NA_F_DEFAULT) == NA_F_DEFAULT &&
            !(st->segs_outside_default)) {
            count += st->tcnt[t]; /* every match is in scope and none is masked */
            continue;
        }
        for (uint32_t k = st->toff[t]; k < st->toff[t] + st->tcnt[t]; k++)
            count += (size_t)accepted(st, &st->sorted[k], n->fields);
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
             na_article_set(&al->outlet, a->outlet);
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

int na_rules_eval_ex(na_rules *r, const na_article *a, na_alert_cb cb, void *ud, int emit)
{
    int rc = na_rules_scan(r, a);
    struct ev e = {r, r->st, a, NULL, NULL, 0};
    for (size_t i = 0; !rc && i < r->st->n_cand; i++) {
        e.ru = &r->rules[r->st->cand[i]];
        if (emit)
            rc = eval_rule(&e, cb, ud);
        else if (e.ru->stream) /* per-article rules keep no state: nothing to rebuild */
            rc = eval_rule(&e, discard, NULL);
    }
    return rc > 0 ? NA_OK : rc;
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
        rnode one = *n; /* the same node narrowed to one term */
        one.terms = &t;
        one.n_terms = 1;
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
    int rc = na_rules_scan(r, a);
    struct ev e = {r, r->st, a, NULL, NULL, 0};
    for (size_t i = 0; !rc && i < r->st->n_cand; i++) {
        e.ru = &r->rules[r->st->cand[i]];
        if ((rc = set_exclusions(r->st, e.ru)))
            break;
        rc = mentions_node(&e, e.ru->match, cb, ud);
    }
    return rc > 0 ? NA_OK : rc;
}
