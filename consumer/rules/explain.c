/* --explain: why a rule fired on an event, or which of its conditions failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "rules/rules_state.h"

static const char *const kind_names[] = {"terms", "all", "any", "none", "near", "quantity"};

static const char *seg_name(const struct na_seg *g)
{
    switch (g->fields) {
    case NA_F_HEADLINE:
        return "headline";
    case NA_F_STANDFIRST:
        return "standfirst";
    case NA_F_BODY:
        return "body";
    default:
        return "entities";
    }
}

/* Each place a term or quantity condition matched: term, field, paragraph, byte offsets. */
static void print_positions(na_rules *r, const na_article *a, const rule *ru, const rnode *n,
                            int depth, FILE *out)
{
    struct na_posv v = {0};
    if (na_rules_node_positions(r, r->st, a, ru, n, &v) == NA_OK) {
        for (size_t i = 0; i < v.n && i < 50; i++) {
            const struct na_pos *p = &v.p[i];
            const struct na_seg *g = &r->st->segs[p->seg];
            size_t os = na_rules_orig(r->st, p->seg, p->s);
            size_t oe = p->e > p->s ? na_rules_orig_end(r->st, p->seg, p->e - 1) : os;
            fprintf(out, "%*s- \"%.*s\" (term \"%s\") %s", depth * 2 + 2, "", (int)(oe - os),
                    g->orig + os, p->term, seg_name(g));
            if (g->fields == NA_F_BODY)
                fprintf(out, " paragraph %u", g->index);
            fprintf(out, " bytes %zu-%zu\n", os, oe);
        }
        if (v.n > 50)
            fprintf(out, "%*s... %zu more\n", depth * 2 + 2, "", v.n - 50);
    }
    free(v.p);
}

static void explain_node(na_rules *r, const na_article *a, const rule *ru, const rnode *n,
                         int depth, FILE *out)
{
    double score = 0;
    int ok = na_rules_node_eval(r, r->st, a, ru, n, &score);
    fprintf(out, "%*s%s %s: %s (score %g)", depth * 2, "", n->pointer, kind_names[n->kind],
            ok > 0    ? "holds"
            : ok == 0 ? "FAILS"
                      : na_strerror(ok),
            score);
    if (n->kind == RN_NEAR) {
        fprintf(out, " [%s%s",
                n->sentence == 2 ? "same clause"
                : n->sentence    ? "same sentence"
                                 : "",
                n->within != SIZE_MAX ? ", within " : "");
        if (n->within != SIZE_MAX)
            fprintf(out, "%zu words", n->within);
        fprintf(out, "%s%s%s]", n->ordered == 1 ? ", first before second" : "",
                n->ordered == 2 ? ", first after second" : "",
                n->n_actor ? ", an actor in the first's clause or speaking its quotation" : "");
    }
    if (n->kind == RN_TERMS || n->kind == RN_QUANTITY)
        fprintf(out, " [at least %zu%s]", n->min,
                n->n_actor ? ", an actor in its clause or speaking its quotation" : "");
    fputc('\n', out);
    if (n->kind == RN_TERMS || n->kind == RN_QUANTITY)
        print_positions(r, a, ru, n, depth, out);
    for (size_t i = 0; i < n->n_kids; i++)
        explain_node(r, a, ru, n->kids[i], depth + 1, out);
}

int na_rules_explain(na_rules *r, const na_article *a, const char *rule_id, FILE *out)
{
    int found = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (strcmp(ru->id, rule_id))
            continue;
        found = 1;
        int rc = na_rules_scan(r, r->st, a);
        if (rc)
            return rc;
        double score = 0;
        int ok = na_rules_node_eval(r, r->st, a, ru, ru->match, &score);
        fprintf(out, "event %s: rule %s %s (score %g, min_score %g)%s\n", a->id ? a->id : "?",
                ru->id, ok > 0 && score >= ru->min_score ? "FIRES" : "does not fire", score,
                ru->min_score, ru->enabled ? "" : " [disabled]");
        explain_node(r, a, ru, ru->match, 1, out);
    }
    return found ? NA_OK : NA_ENOTFOUND;
}
