/* --explain (rules/explain.c): verdicts per condition, matched terms with their positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "rules/rules.h"

static char *explain(const char *json, const char *para, const char *rule, int *rc)
{
    char err[512];
    na_rules *r =
        na_rules_load_text("x.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    assert_non_null(r);
    na_article *a = na_article_new();
    na_article_set(&a->id, "e1");
    na_article_set(&a->headline, "-");
    na_strlist_push(&a->paragraphs, para);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = na_rules_explain(r, a, rule, f);
    fclose(f);
    na_article_destroy(a);
    na_rules_destroy(r);
    return buf;
}

static void test_fires_with_terms_and_offsets(void **state)
{
    (void)state;
    int rc;
    char *out = explain("{\"rules\":[{\"id\":\"d\",\"match\":{\"near\":[\"deny~\",\"invade\"],"
                        "\"within\":5}}]}",
                        "Moscow denies it will invade.", "d", &rc);
    assert_int_equal(rc, NA_OK);
    assert_non_null(strstr(out, "event e1: rule d FIRES"));
    assert_non_null(strstr(out, "\"denies\" (term \"deny~\") body paragraph 0 bytes 7-13"));
    assert_non_null(strstr(out, "\"invade\" (term \"invade\") body paragraph 0 bytes 22-28"));
    free(out);
}

static void test_names_the_failing_condition(void **state)
{
    (void)state;
    int rc;
    char *out = explain("{\"rules\":[{\"id\":\"d\",\"match\":{\"all\":[\"deny~\",\"invade\"]}}]}",
                        "Moscow denies it.", "d", &rc);
    assert_int_equal(rc, NA_OK);
    assert_non_null(strstr(out, "rule d does not fire"));
    assert_non_null(strstr(out, "/rules/0/match/all/1 terms: FAILS"));
    assert_non_null(strstr(out, "/rules/0/match/all/0 terms: holds"));
    free(out);
    out = explain("{\"rules\":[{\"id\":\"d\",\"match\":\"x\"}]}", "x", "nope", &rc);
    assert_int_equal(rc, NA_ENOTFOUND);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fires_with_terms_and_offsets),
        cmocka_unit_test(test_names_the_failing_condition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
