/* Rule examples: sentences a rule must raise ("fire") or must not ("quiet"), run by --check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "rules/rules_state.h"

/* An article from an example: a text (paragraphs split at blank lines) and/or a headline. */
static na_article *example_article(json_t *x, const char *id)
{
    na_article *a = na_article_new();
    if (!a)
        return NULL;
    json_t *t = json_is_object(x) ? json_object_get(x, "text") : x;
    json_t *h = json_is_object(x) ? json_object_get(x, "headline") : NULL;
    int rc =
        na_article_set(&a->id, id) | na_article_set(&a->headline, h ? json_string_value(h) : "");
    const char *p = t ? json_string_value(t) : "";
    while (!rc && *p) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            rc = na_strlist_push_n(&a->paragraphs, p, n);
        p += n;
        while (*p == '\n')
            p++;
    }
    if (rc) {
        na_article_destroy(a);
        return NULL;
    }
    return a;
}

/* The condition that made n fail: the first failing part of an "all", else n itself. */
static const rnode *failing(na_rules *r, const na_article *a, const rule *ru, const rnode *n,
                            const char **why)
{
    double s;
    switch (n->kind) {
    case RN_ALL:
        for (size_t i = 0; i < n->n_kids; i++)
            if (na_rules_node_eval(r, r->st, a, ru, n->kids[i], &s) == 0)
                return failing(r, a, ru, n->kids[i], why);
        *why = "holds, but the rule's score is below min_score";
        return n;
    case RN_ANY:
        *why = "no branch holds";
        return n;
    case RN_NONE:
        *why = "one of its conditions holds";
        return n;
    case RN_NEAR:
        *why = "no pair close enough";
        return n;
    case RN_QUANTITY:
        *why = "no quantity in range";
        return n;
    default:
        *why = "too few mentions";
        return n;
    }
}

static int run_one(na_rules *r, const rule *ru, json_t *x, int want, size_t idx,
                   na_rules_error_cb cb, void *ud)
{
    char id[64];
    snprintf(id, sizeof id, "example-%zu", idx);
    na_article *a = example_article(x, id);
    if (!a)
        return NA_ENOMEM;
    int rc = na_rules_scan(r, r->st, a);
    double score = 0;
    int ok = rc ? rc : na_rules_node_eval(r, r->st, a, ru, ru->match, &score);
    if (ok < 0) {
        na_article_destroy(a);
        return ok;
    }
    int fired = ok && score >= ru->min_score;
    int bad = fired != want;
    if (bad && cb) {
        char msg[1024];
        const char *why = "";
        if (want) {
            const rnode *f = failing(r, a, ru, ru->match, &why);
            snprintf(msg, sizeof msg,
                     "%s:%s: example %zu should fire but did not (condition %s: %s)", ru->file,
                     ru->id, idx, f->pointer, why);
        } else {
            snprintf(msg, sizeof msg, "%s:%s: quiet example %zu fired (score %g; see --explain %s)",
                     ru->file, ru->id, idx, score, ru->id);
        }
        cb(msg, ud);
    }
    na_article_destroy(a);
    return bad;
}

int na_rules_check_examples(na_rules *r, na_rules_error_cb cb, void *ud, size_t *n_run)
{
    int failures = 0;
    *n_run = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (!ru->examples)
            continue;
        static const char *const kinds[] = {"quiet", "fire"};
        for (int want = 1; want >= 0; want--) {
            json_t *arr = json_object_get(ru->examples, kinds[want]);
            size_t k;
            json_t *x;
            json_array_foreach(arr, k, x)
            {
                int rc = run_one(r, ru, x, want, k, cb, ud);
                if (rc < 0)
                    return rc;
                failures += rc;
                (*n_run)++;
            }
        }
    }
    return failures;
}
