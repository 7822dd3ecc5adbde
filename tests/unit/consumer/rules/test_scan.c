/* Per-event cost (rules/scan.c and the evaluator): linear work on a 1.4 MB paragraph, and the
 * CPU budget that stops an event over it without raising alerts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "rules/rules.h"

static int count(na_alert *al, void *ud)
{
    (*(size_t *)ud)++;
    na_alert_destroy(al);
    return 0;
}

/* One paragraph of about `bytes` bytes made of sentence, repeated, without a sentence end when
 * run_on (the worst case for sentence-scoped proximity: one sentence of the whole paragraph). */
static na_article *big(const char *sentence, size_t bytes)
{
    size_t n = strlen(sentence), k = bytes / n;
    char *p = malloc(k * n + 1);
    assert_non_null(p);
    for (size_t i = 0; i < k; i++)
        memcpy(p + i * n, sentence, n);
    p[k * n] = '\0';
    na_article *a = na_article_new();
    na_article_set(&a->id, "big");
    na_article_set(&a->headline, "A long one");
    na_strlist_push_owned(&a->paragraphs, p);
    return a;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The default pack on 1.4 MB of denial, invasion, troop and sanctions words in one run-on
 * sentence: the old pairwise proximity took about the cube of this. The work counted must grow
 * linearly: 1.4 MB may cost at most 12x the work of 140 KB (10x the text). */
static void test_large_paragraph_is_linear(void **state)
{
    (void)state;
    char err[512];
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    assert_non_null(r);
    const char *s = "moscow denies it plans to invade and denied an invasion, troops massed "
                    "near the border, 20,000 troops, new sanctions, rejects the attack claims, ";
    na_article *small = big(s, 140 * 1024), *large = big(s, 1400 * 1024);
    size_t n = 0;
    assert_int_equal(na_rules_eval(r, small, count, &n), NA_OK);
    uint64_t w_small = na_rules_work(r);
    double t0 = cpu_s();
    assert_int_equal(na_rules_eval(r, large, count, &n), NA_OK);
    double took = cpu_s() - t0;
    uint64_t w_large = na_rules_work(r);
    print_message(
        "work: %llu units for 140 KB, %llu for 1.4 MB; 1.4 MB in %.2f s CPU; %zu alerts\n",
        (unsigned long long)w_small, (unsigned long long)w_large, took, n);
    assert_true(w_large > w_small);
    assert_true(w_large <= 12 * w_small);
    assert_true(took < 10.0); /* generous: linear work takes well under a second */
    assert_true(n >= 2);      /* it still raises its alerts */
    na_article_destroy(small);
    na_article_destroy(large);
    na_rules_destroy(r);
}

/* An event over its budget stops with NA_EBUDGET, raises nothing, and the next event is fine. */
static void test_budget_stops_an_event(void **state)
{
    (void)state;
    char err[512];
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    assert_non_null(r);
    na_article *a =
        big("moscow denies plans to invade; troops massed near the border. ", 2000 * 1024);
    na_rules_set_budget(r, 1e-6);
    size_t n = 0;
    assert_int_equal(na_rules_eval(r, a, count, &n), NA_EBUDGET);
    assert_int_equal(n, 0);
    na_rules_set_budget(r, NA_RULES_BUDGET_S);
    assert_int_equal(na_rules_eval(r, a, count, &n), NA_OK);
    assert_true(n >= 2);
    na_article_destroy(a);
    na_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_paragraph_is_linear),
        cmocka_unit_test(test_budget_stops_an_event),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
