/*
 * Evaluator states (consumer/rules/state.c): two threads share one const na_rules, each with its
 * own na_rules_state, and get what serial evaluation gets; the compiled rules are not written.
 *
 * Under ThreadSanitizer (no preset; the libraries must be instrumented too):
 *   cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug \
 *     -DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
 *     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread
 *   cmake --build build-tsan -j2 --target consumer_rules_test_state
 *   NA_SOURCE_DIR=$PWD build-tsan/tests/consumer_rules_test_state
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "newsalert/error.h"
#include "rules/rules_state.h"

/* The default pack's per-article rules (invasion-surge has a window: its state is shared). */
static const char *const PACK[] = {"invasion-denial", "sanctions", "sanctions-new-measure",
                                   "troop-buildup", "troop-buildup-fresh"};
#define N_PACK (sizeof PACK / sizeof *PACK)
#define ITER 6
#define SIG 4096

struct fixture {
    char dir[64];
    na_rules *r;
    na_article **arts;
    size_t n;
    char (*want)[SIG]; /* serial results, one signature per article */
};

/* One article's results as text: rule, score and every piece of evidence of each alert. */
struct sig {
    char *buf;
    size_t len;
    size_t alerts;
};

static int sign(na_alert *al, void *ud)
{
    struct sig *s = ud;
    int n = snprintf(s->buf + s->len, SIG - s->len, "%s %.3f %zu;", al->rule_id, al->score,
                     al->n_evidence);
    s->len += n > 0 && (size_t)n < SIG - s->len ? (size_t)n : 0;
    for (size_t i = 0; i < al->n_evidence && s->len < SIG; i++) {
        n = snprintf(s->buf + s->len, SIG - s->len, "%zu:%zu-%zu,", al->evidence[i].paragraph,
                     al->evidence[i].start, al->evidence[i].end);
        s->len += n > 0 && (size_t)n < SIG - s->len ? (size_t)n : 0;
    }
    s->alerts++;
    na_alert_destroy(al);
    return 0;
}

static void add_article(struct fixture *f, const char *headline, const char *const *paras, size_t n)
{
    na_article *a = na_article_new();
    char id[32];
    snprintf(id, sizeof id, "a%zu", f->n);
    assert_int_equal(na_article_set(&a->id, id) | na_article_set(&a->headline, headline), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(na_strlist_push(&a->paragraphs, paras[i]), 0);
    f->arts = realloc(f->arts, (f->n + 1) * sizeof *f->arts);
    assert_non_null(f->arts);
    f->arts[f->n++] = a;
}

/* Articles from the rules' own examples: each alone, and runs of four as one article. */
static void load_articles(struct fixture *f, const char *src)
{
    const char *ex[512];
    size_t n_ex = 0;
    json_t *docs[N_PACK];
    for (size_t i = 0; i < N_PACK; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/config/rules/%s.json", src, PACK[i]);
        json_error_t je;
        docs[i] = json_load_file(path, 0, &je);
        if (!docs[i])
            fail_msg("%s: %s", path, je.text);
        size_t k;
        json_t *ru;
        json_array_foreach(json_object_get(docs[i], "rules"), k, ru)
        {
            const char *kinds[] = {"fire", "quiet"};
            for (size_t q = 0; q < 2; q++) {
                size_t j;
                json_t *x;
                json_array_foreach(json_object_get(json_object_get(ru, "examples"), kinds[q]), j, x)
                {
                    json_t *t = json_is_object(x) ? json_object_get(x, "text") : x;
                    if (json_is_string(t) && n_ex < 512)
                        ex[n_ex++] = json_string_value(t);
                }
            }
        }
    }
    assert_true(n_ex >= 40);
    for (size_t i = 0; i < n_ex; i++)
        add_article(f, "", &ex[i], 1);
    for (size_t i = 0; i + 4 <= n_ex; i += 4)
        add_article(f, ex[i + 1], &ex[i], 4);
    for (size_t i = 0; i < N_PACK; i++) /* the strings are copied into the articles */
        json_decref(docs[i]);
}

static int setup(void **state)
{
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src) {
        fprintf(stderr, "NA_SOURCE_DIR not set (run through ctest)\n");
        exit(77);
    }
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/na-test-state-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    for (size_t i = 0; i < N_PACK; i++) {
        char from[1024], to[128];
        snprintf(from, sizeof from, "%s/config/rules/%s.json", src, PACK[i]);
        snprintf(to, sizeof to, "%s/%s.json", f->dir, PACK[i]);
        assert_int_equal(symlink(from, to), 0);
    }
    char err[1024];
    f->r = na_rules_load(f->dir, err, sizeof err);
    if (!f->r)
        fail_msg("%s", err);
    load_articles(f, src);
    f->want = calloc(f->n, sizeof *f->want);
    size_t fired = 0;
    for (size_t i = 0; i < f->n; i++) { /* serial, with the rule set's own state */
        struct sig s = {f->want[i], 0, 0};
        assert_int_equal(na_rules_eval(f->r, f->arts[i], sign, &s), 0);
        fired += s.alerts > 0;
    }
    /* Not a vacuous comparison: some articles raise alerts and some do not. */
    assert_true(fired >= 20);
    assert_true(fired < f->n);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < f->n; i++)
        na_article_destroy(f->arts[i]);
    free(f->arts);
    free(f->want);
    na_rules_destroy(f->r);
    for (size_t i = 0; i < N_PACK; i++) {
        char to[128];
        snprintf(to, sizeof to, "%s/%s.json", f->dir, PACK[i]);
        unlink(to);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

struct worker {
    const na_rules *r;
    const struct fixture *f;
    size_t part, evals, mismatches;
    int failed;
};

/* Each thread takes every other article, shifting each round, so both see every article. */
static void *work(void *ud)
{
    struct worker *w = ud;
    char err[256];
    na_rules_state *st = na_rules_state_new(w->r, err, sizeof err);
    if (!st) {
        w->failed = 1;
        return NULL;
    }
    char *buf = malloc(SIG);
    for (size_t it = 0; buf && it < ITER; it++)
        for (size_t i = (w->part + it) % 2; i < w->f->n; i += 2) {
            struct sig s = {buf, 0, 0};
            buf[0] = '\0';
            if (na_rules_eval_state(w->r, st, w->f->arts[i], sign, &s, 1))
                w->failed = 1;
            w->mismatches += strcmp(buf, w->f->want[i]) != 0;
            w->evals++;
        }
    w->failed |= !buf;
    free(buf);
    na_rules_state_destroy(st);
    return NULL;
}

static void test_two_threads_match_serial(void **state)
{
    struct fixture *f = *state;
    struct worker w[2] = {{f->r, f, 0, 0, 0, 0}, {f->r, f, 1, 0, 0, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_false(w[i].failed);
        assert_int_equal(w[i].mismatches, 0);
        assert_int_equal(w[i].evals, ITER * f->n / 2);
    }
}

/* FNV-1a over every byte the evaluation reads from the compiled rules. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; p && i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "", 1);
}

static uint64_t sum_node(uint64_t h, const rnode *n)
{
    h = fnv(h, n, sizeof *n);
    h = fnv(h, n->terms, n->n_terms * sizeof *n->terms);
    h = fnv(h, n->unless, n->n_unless * sizeof *n->unless);
    h = fnv(h, n->actor, n->n_actor * sizeof *n->actor);
    h = fnv_str(h, n->pointer);
    for (size_t i = 0; i < n->n_kids; i++)
        h = sum_node(h, n->kids[i]);
    return h;
}

static uint64_t checksum(const na_rules *r)
{
    uint64_t h = fnv(0xcbf29ce484222325ULL, r, sizeof *r);
    h = fnv(h, r->rules, r->n_rules * sizeof *r->rules);
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        h = fnv_str(fnv_str(fnv_str(h, ru->id), ru->description), ru->severity);
        for (size_t k = 0; k < ru->destinations.n; k++)
            h = fnv_str(h, ru->destinations.items[k]);
        h = fnv(h, ru->exclude, ru->n_exclude * sizeof *ru->exclude);
        h = sum_node(h, ru->match);
    }
    h = fnv(h, r->terms, r->n_terms * sizeof *r->terms);
    for (size_t i = 0; i < r->n_terms; i++)
        h = fnv_str(fnv_str(h, r->terms[i].text), r->terms[i].norm);
    h = fnv(h, r->lit_len, r->n_lits * sizeof *r->lit_len);
    for (size_t i = 0; i < r->n_lits; i++)
        h = fnv(h, r->lits[i], r->lit_len[i]);
    h = fnv(h, r->lit_first, (r->n_lits + 1) * sizeof *r->lit_first);
    h = fnv(h, r->lit_terms, r->lit_first[r->n_lits] * sizeof *r->lit_terms);
    h = fnv(h, r->term_first, (r->n_terms + 1) * sizeof *r->term_first);
    h = fnv(h, r->term_rules, r->term_first[r->n_terms] * sizeof *r->term_rules);
    h = fnv(h, r->always, r->n_always * sizeof *r->always);
    h = fnv(h, r->lit_tab, r->n_lits * sizeof *r->lit_tab);
    h = fnv(h, r->lit_rt, r->lit_first[r->n_lits] * sizeof *r->lit_rt);
    h = fnv(h, r->gate_first, (r->n_rules + 1) * sizeof *r->gate_first);
    h = fnv(h, r->gate_pool, r->gate_first[r->n_rules] * sizeof *r->gate_pool);
    char *bytes = NULL;
    size_t len = 0;
    assert_int_equal(hs_serialize_database(r->db, &bytes, &len), HS_SUCCESS);
    h = fnv(h, bytes, len);
    free(bytes);
    return h;
}

static void test_compiled_rules_not_written(void **state)
{
    struct fixture *f = *state;
    uint64_t before = checksum(f->r);
    assert_int_equal(checksum(f->r), before); /* the sum itself is stable */
    test_two_threads_match_serial(state);
    assert_int_equal(checksum(f->r), before);
    /* The sum sees a change: one term's text altered, then restored. */
    char c = f->r->terms[0].norm[0];
    f->r->terms[0].norm[0] = (char)(c ^ 1);
    assert_int_not_equal(checksum(f->r), before);
    f->r->terms[0].norm[0] = c;
    assert_int_equal(checksum(f->r), before);
}

static void test_state_belongs_to_its_rules(void **state)
{
    struct fixture *f = *state;
    char err[512];
    const char *other = "{\"rules\":[{\"id\":\"x\",\"match\":{\"terms\":[\"sanctions\"]}}]}";
    na_rules *r2 =
        na_rules_load_text("o.json", other, strlen(other), NULL, NULL, NULL, err, sizeof err);
    assert_non_null(r2);
    na_rules_state *st = na_rules_state_new(r2, err, sizeof err);
    assert_non_null(st);
    struct sig s = {calloc(1, SIG), 0, 0};
    assert_int_equal(na_rules_eval_state(f->r, st, f->arts[0], sign, &s, 1), NA_EINVAL);
    assert_int_equal(s.alerts, 0);
    free(s.buf);
    na_rules_state_destroy(st);
    na_rules_destroy(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads_match_serial),
        cmocka_unit_test(test_compiled_rules_not_written),
        cmocka_unit_test(test_state_belongs_to_its_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
