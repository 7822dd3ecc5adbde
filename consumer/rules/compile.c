/* Terms become literals; all literals of all rules become one Vectorscan database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "rules/rules_int.h"

/* Checks that every '*' ends a word stem ("sanction*") and every '~' a word ("deny~"). */
static const char *term_problem(const char *norm)
{
    if (!*norm)
        return "empty term";
    for (size_t i = 0; norm[i]; i++) {
        if (norm[i] != '*' && norm[i] != '~')
            continue;
        if (i == 0 || !na_norm_word_before(norm, i))
            return norm[i] == '*' ? "'*' must follow a word stem, as in \"sanction*\""
                                  : "'~' must follow a word, as in \"deny~\"";
        if (norm[i + 1] && norm[i + 1] != ' ')
            return norm[i] == '*' ? "'*' must end a word, as in \"sanction*\""
                                  : "'~' must end a word, as in \"deny~\"";
    }
    return NULL;
}

/* Replaces every "word~" of norm by the word's forms (NA_FORMS_*); NULL on a bad word. */
static char *expand_forms(char *norm, const char **why)
{
    if (!strchr(norm, '~'))
        return norm;
    size_t cap = strlen(norm) * 8 + 256, o = 0;
    char *out = malloc(cap);
    if (!out) {
        free(norm);
        *why = "out of memory";
        return NULL;
    }
    size_t w = 0; /* start of the current word in norm */
    for (size_t i = 0; norm[i]; i++) {
        if (norm[i] == ' ' || norm[i] == '*')
            w = i + 1;
        if (norm[i] != '~') {
            out[o++] = norm[i];
            continue;
        }
        o -= i - w;
        size_t m = na_rules_forms(norm + w, i - w, out + o, cap - o);
        if (!m) {
            free(out);
            free(norm);
            *why = "'~' needs a word of ASCII letters, as in \"deny~\"";
            return NULL;
        }
        o += m;
    }
    out[o] = '\0';
    free(norm);
    return out;
}

static int64_t intern_literal(na_rules *r, const char *lit, size_t n)
{
    char *key = strndup(lit, n);
    if (!key)
        return NA_ENOMEM;
    int64_t id = na_strmap_get(r->lit_map, key);
    if (id >= 0) {
        free(key);
        return id;
    }
    if (r->n_lits == r->cap_lits) {
        size_t ncap = r->cap_lits ? r->cap_lits * 2 : 64;
        char **nl = realloc(r->lits, ncap * sizeof *nl);
        if (nl)
            r->lits = nl;
        size_t *nn = realloc(r->lit_len, ncap * sizeof *nn);
        if (nn)
            r->lit_len = nn;
        if (!nl || !nn) {
            free(key);
            return NA_ENOMEM;
        }
        r->cap_lits = ncap;
    }
    if (na_strmap_put(r->lit_map, key, (uint32_t)r->n_lits)) {
        free(key);
        return NA_ENOMEM;
    }
    r->lits[r->n_lits] = key;
    r->lit_len[r->n_lits] = n;
    return (int64_t)r->n_lits++;
}

int64_t na_rules_add_term(na_rules *r, const char *text, const char **why)
{
    *why = "out of memory";
    if ((!r->term_map && !(r->term_map = na_strmap_new())) ||
        (!r->lit_map && !(r->lit_map = na_strmap_new())))
        return NA_ENOMEM;
    char *norm = na_norm_string(text);
    if (!norm)
        return NA_ENOMEM;
    if ((*why = term_problem(norm))) {
        free(norm);
        return NA_EINVAL;
    }
    if (!(norm = expand_forms(norm, why)))
        return strcmp(*why, "out of memory") ? NA_EINVAL : NA_ENOMEM;
    if (norm[0] == NA_FORMS_OPEN) {
        free(norm);
        *why = "a term must start with a literal";
        return NA_EINVAL;
    }
    *why = "out of memory";
    int64_t id = na_strmap_get(r->term_map, norm);
    if (id >= 0) {
        free(norm);
        return id;
    }
    if (r->n_terms == r->cap_terms) {
        size_t ncap = r->cap_terms ? r->cap_terms * 2 : 64;
        rterm *nt = realloc(r->terms, ncap * sizeof *nt);
        if (!nt) {
            free(norm);
            return NA_ENOMEM;
        }
        r->terms = nt;
        r->cap_terms = ncap;
    }
    int64_t lit = intern_literal(r, norm, strcspn(norm, "*\x01"));
    char *copy = strdup(text);
    if (lit < 0 || !copy || na_strmap_put(r->term_map, norm, (uint32_t)r->n_terms)) {
        free(copy);
        free(norm);
        return NA_ENOMEM;
    }
    r->terms[r->n_terms] = (rterm){copy, norm, (uint32_t)lit};
    return (int64_t)r->n_terms++;
}

/* One of the endings of a forms group at t[p..], each tried with the rest of the pattern. */
static long forms_match(const char *pat, const char *t, size_t len, size_t p)
{
    const char *close = strchr(pat, NA_FORMS_CLOSE);
    for (const char *alt = pat + 1; alt <= close;) {
        size_t n = strcspn(alt, "\x02\x03");
        if (p + n <= len && !memcmp(t + p, alt, n)) {
            long e = na_rules_term_match(close + 1, t, len, p + n);
            if (e >= 0)
                return e;
        }
        alt += n + 1;
    }
    return -1;
}

long na_rules_term_match(const char *pat, const char *t, size_t len, size_t s)
{
    size_t p = s;
    for (; *pat; pat++) {
        if (*pat == '*') { /* to the end of the word, ASCII here, anything else there */
            while (p < len && (unsigned char)t[p] < 0x80 && na_norm_ascii_word((unsigned char)t[p]))
                p++;
            if (p < len && (unsigned char)t[p] >= 0x80)
                p = na_norm_word_end(t, len, p);
        } else if (*pat == NA_FORMS_OPEN) {
            return forms_match(pat, t, len, p);
        } else {
            if (p >= len || t[p] != *pat)
                return -1;
            p++;
        }
    }
    if (p < len && ((unsigned char)t[p] < 0x80 ? na_norm_ascii_word((unsigned char)t[p])
                                               : na_norm_word_at(t, len, p)))
        return -1;
    return (long)p;
}

/* CSR index: for each key in [0, nkeys), the values paired with it, in pairing order. */
static int csr(size_t nkeys, const uint32_t *keys, const uint32_t *vals, size_t n, uint32_t **first,
               uint32_t **out)
{
    *first = calloc(nkeys + 1, sizeof **first);
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*first || !*out)
        return NA_ENOMEM;
    for (size_t i = 0; i < n; i++)
        (*first)[keys[i] + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        (*first)[k + 1] += (*first)[k];
    uint32_t *fill = malloc((nkeys + 1) * sizeof *fill);
    if (!fill)
        return NA_ENOMEM;
    memcpy(fill, *first, (nkeys + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        (*out)[fill[keys[i]]++] = vals[i];
    free(fill);
    return NA_OK;
}

struct pairs {
    uint32_t *k, *v;
    size_t n, cap;
    int oom;
};

static void pair_add(struct pairs *p, uint32_t k, uint32_t v)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 256;
        uint32_t *nk = realloc(p->k, ncap * sizeof *nk);
        if (nk)
            p->k = nk;
        uint32_t *nv = realloc(p->v, ncap * sizeof *nv);
        if (nv)
            p->v = nv;
        if (!nk || !nv) {
            p->oom = 1;
            return;
        }
        p->cap = ncap;
    }
    p->k[p->n] = k;
    p->v[p->n++] = v;
}

static void node_terms(const rnode *n, uint32_t rule_ix, struct pairs *p, unsigned *fields,
                       int *quotes)
{
    *fields |= n->fields;
    if (n->fields & NA_F_QUOTES && !(n->fields & NA_F_BODY))
        *quotes = 1;
    for (size_t i = 0; i < n->n_terms; i++)
        pair_add(p, n->terms[i], rule_ix);
    for (size_t i = 0; i < n->n_kids; i++)
        node_terms(n->kids[i], rule_ix, p, fields, quotes);
}

struct u32v {
    uint32_t *v;
    size_t n, cap;
    int oom;
};

static void u32_push(struct u32v *p, uint32_t x)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 256;
        uint32_t *nv = realloc(p->v, ncap * sizeof *nv);
        if (!nv) {
            p->oom = 1;
            return;
        }
        p->v = nv;
        p->cap = ncap;
    }
    p->v[p->n++] = x;
}

/* The term groups n cannot hold without: a term node needing a mention, the parts of an "all",
 * the term operands of a "near" needing a pair. Anything else (any, none, quantity) gives none. */
static void node_gates(const rnode *n, struct u32v *p)
{
    switch (n->kind) {
    case RN_TERMS:
        if (n->min < 1 || !n->n_terms)
            return;
        u32_push(p, (uint32_t)n->n_terms);
        for (size_t i = 0; i < n->n_terms; i++)
            u32_push(p, n->terms[i]);
        return;
    case RN_ALL:
        for (size_t i = 0; i < n->n_kids; i++)
            node_gates(n->kids[i], p);
        return;
    case RN_NEAR:
        for (size_t i = 0; n->min >= 1 && i < n->n_kids; i++)
            if (n->kids[i]->kind == RN_TERMS)
                node_gates(n->kids[i], p);
        return;
    default:
        return;
    }
}

static int gate_table(na_rules *r)
{
    struct u32v p = {0};
    if (!(r->gate_first = calloc(r->n_rules + 1, sizeof *r->gate_first)))
        return NA_ENOMEM;
    for (size_t i = 0; i < r->n_rules; i++) {
        r->gate_first[i] = (uint32_t)p.n;
        if (r->rules[i].enabled)
            node_gates(r->rules[i].match, &p);
    }
    r->gate_first[r->n_rules] = (uint32_t)p.n;
    u32_push(&p, 0); /* never empty */
    r->gate_pool = p.v;
    return p.oom ? NA_ENOMEM : NA_OK;
}

/*
 * A literal that starts with a shorter one ("sanctions", "sanction") is not looked for itself:
 * each of its matches is a match of the shorter one at the same start, and the verification
 * reads the rest of the term from there. Fewer automaton matches to deliver, same term matches.
 */
static int root_literals(na_rules *r)
{
    size_t max = 0;
    for (size_t i = 0; i < r->n_lits; i++)
        max = r->lit_len[i] > max ? r->lit_len[i] : max;
    char *buf = malloc(max + 1);
    if (!buf)
        return NA_ENOMEM;
    for (size_t t = 0; t < r->n_terms; t++) {
        uint32_t lit = r->terms[t].lit;
        for (size_t k = 1; k < r->lit_len[lit]; k++) { /* the shortest first: it is a root */
            memcpy(buf, r->lits[lit], k);
            buf[k] = '\0';
            int64_t a = na_strmap_get(r->lit_map, buf);
            if (a >= 0) {
                r->terms[t].lit = (uint32_t)a;
                break;
            }
        }
    }
    free(buf);
    return NA_OK;
}

/*
 * What the automaton looks for: a space, then the literal's word view. The scan reads the
 * text's word view (scan.c), so each match starts at a word start; a literal that holds a
 * non-word character (a space too) is compared with the text itself (na_lit.exact).
 */
static char *view_literal(const char *lit, size_t n)
{
    char *v = malloc(n + 2);
    if (!v)
        return NULL;
    v[0] = ' ';
    na_norm_word_view(lit, n, v + 1);
    v[n + 1] = '\0';
    return v;
}

/* The literal table the scan's verification reads: lengths, term ranges and term rests. */
static int lit_table(na_rules *r)
{
    size_t size = (r->n_lits + 1) * sizeof *r->lit_tab;
    size = (size + 63) / 64 * 64; /* aligned_alloc wants a multiple of the alignment */
    r->lit_tab = aligned_alloc(64, size);
    r->lit_rt = calloc(r->lit_first[r->n_lits] + 1, sizeof *r->lit_rt);
    if (!r->lit_tab || !r->lit_rt)
        return NA_ENOMEM;
    memset(r->lit_tab, 0, size);
    for (size_t i = 0; i < r->n_lits; i++) {
        for (uint32_t k = r->lit_first[i]; k < r->lit_first[i + 1]; k++) {
            const char *rest = r->terms[r->lit_terms[k]].norm + r->lit_len[i]; /* i: its root */
            r->lit_rt[k] = (struct na_lit_term){*rest ? rest : NULL, r->lit_terms[k]};
        }
        /* The view turns every non-word character into a space, a space included. */
        int exact = na_norm_word_end(r->lits[i], r->lit_len[i], 0) != r->lit_len[i];
        r->lit_tab[i] =
            (struct na_lit){(uint32_t)r->lit_len[i], r->lit_first[i], r->lit_first[i + 1],
                            (uint32_t)exact, r->lit_rt[r->lit_first[i]]};
    }
    return NA_OK;
}

static int build_db(na_rules *r, char *errstr, size_t errlen)
{
    int rc = NA_ENOMEM;
    unsigned *ids = malloc(r->n_lits * sizeof *ids), *flags = calloc(r->n_lits, sizeof *flags);
    char **lits = calloc(r->n_lits, sizeof *lits);
    size_t *lens = malloc(r->n_lits * sizeof *lens), n = 0;
    if (!ids || !flags || !lits || !lens)
        goto done;
    for (size_t i = 0; i < r->n_lits; i++)
        if (r->lit_first[i] < r->lit_first[i + 1]) { /* a root literal (root_literals) */
            ids[n] = (unsigned)i;
            if (!(lits[n] = view_literal(r->lits[i], r->lit_len[i])))
                goto done;
            lens[n++] = r->lit_len[i] + 1;
        }
    char key[65];
    if (na_rules_db_key((const char *const *)lits, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK,
                        key))
        goto done;
    if ((r->db = na_rules_db_cache_load(key))) {
        rc = NA_OK;
        goto done;
    }
    hs_compile_error_t *cerr = NULL;
    /* Literals, not regular expressions: nothing in a term is a metacharacter. */
    if (hs_compile_lit_multi((const char *const *)lits, flags, ids, lens, (unsigned)n,
                             HS_MODE_BLOCK, NULL, &r->db, &cerr) != HS_SUCCESS) {
        snprintf(errstr, errlen, "compiling %zu patterns: %s", n,
                 cerr ? cerr->message : "unknown error");
        hs_free_compile_error(cerr);
        rc = NA_EINVAL;
        goto done;
    }
    na_rules_db_cache_store(key, r->db);
    rc = NA_OK;
done:
    for (size_t i = 0; lits && i < n; i++)
        free(lits[i]);
    free(ids);
    free(flags);
    free(lits);
    free(lens);
    if (rc == NA_ENOMEM && !*errstr)
        snprintf(errstr, errlen, "out of memory");
    return rc;
}

int na_rules_compile(na_rules *r, char *errstr, size_t errlen)
{
    int rc = NA_ENOMEM;
    errstr[0] = '\0';
    struct pairs lt = {0}, tr = {0};
    uint32_t *always = calloc(r->n_rules + 1, sizeof *always);
    if (!always)
        goto done;
    if (root_literals(r))
        goto done;
    for (size_t t = 0; t < r->n_terms; t++)
        pair_add(&lt, r->terms[t].lit, (uint32_t)t);
    for (size_t i = 0; i < r->n_rules; i++) {
        rule *ru = &r->rules[i];
        if (!ru->enabled)
            continue;
        r->n_flatline += ru->stream && ru->win.type == RW_FLATLINE;
        node_terms(ru->match, (uint32_t)i, &tr, &r->used_fields, &r->need_quotes);
        if (!ru->needs_hit)
            always[r->n_always++] = (uint32_t)i;
    }
    if (lt.oom || tr.oom || csr(r->n_lits, lt.k, lt.v, lt.n, &r->lit_first, &r->lit_terms) ||
        csr(r->n_terms, tr.k, tr.v, tr.n, &r->term_first, &r->term_rules))
        goto done;
    r->always = always;
    always = NULL;
    if (lit_table(r) || gate_table(r))
        goto done;
    if (r->n_lits && !r->windows_only && (rc = build_db(r, errstr, errlen)))
        goto done;
    rc = (r->st = na_rules_state_new(r, errstr, errlen)) ? NA_OK : NA_ENOMEM;
done:
    free(always);
    free(lt.k);
    free(lt.v);
    free(tr.k);
    free(tr.v);
    if (rc == NA_ENOMEM && !*errstr)
        snprintf(errstr, errlen, "out of memory");
    return rc;
}

void na_rules_free_compiled(na_rules *r)
{
    na_rules_state_destroy(r->st); /* before the database its scratch was made for */
    hs_free_database(r->db);
    free(r->lit_first);
    free(r->lit_terms);
    free(r->lit_tab);
    free(r->lit_rt);
    free(r->gate_first);
    free(r->gate_pool);
    free(r->term_first);
    free(r->term_rules);
    free(r->always);
    for (size_t i = 0; i < r->n_lits; i++)
        free(r->lits[i]);
    free(r->lits);
    free(r->lit_len);
    for (size_t i = 0; i < r->n_terms; i++) {
        free(r->terms[i].text);
        free(r->terms[i].norm);
    }
    free(r->terms);
    na_strmap_destroy(r->term_map);
    na_strmap_destroy(r->lit_map);
}
