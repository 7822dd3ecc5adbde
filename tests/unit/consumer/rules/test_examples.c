/* Rule examples (rules/examples.c): fire and quiet examples, failures named file:rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules.h"

struct msgs {
    char text[4][512];
    size_t n;
};

static void keep(const char *msg, void *ud)
{
    struct msgs *m = ud;
    if (m->n < 4)
        snprintf(m->text[m->n++], sizeof m->text[0], "%s", msg);
}

static na_rules *load(const char *json)
{
    char err[512];
    na_rules *r =
        na_rules_load_text("x.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

static void test_examples_pass(void **state)
{
    (void)state;
    na_rules *r =
        load("{\"rules\":[{\"id\":\"s\",\"match\":{\"near\":[\"sanctions\",\"eu\"],"
             "\"scope\":\"sentence\"},\"examples\":{\"fire\":[\"The EU adds sanctions.\","
             "{\"headline\":\"EU sanctions\"}],\"quiet\":[\"Sanctions. The EU met.\"]}}]}");
    struct msgs m = {0};
    size_t n = 0;
    assert_int_equal(na_rules_check_examples(r, keep, &m, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(m.n, 0);
    na_rules_destroy(r);
}

static void test_failures_name_file_rule_and_condition(void **state)
{
    (void)state;
    na_rules *r = load("{\"rules\":[{\"id\":\"s\",\"match\":{\"all\":[\"sanctions\",\"eu\"]},"
                       "\"examples\":{\"fire\":[\"New sanctions on Iran.\"],"
                       "\"quiet\":[\"EU sanctions on Iran.\"]}}]}");
    struct msgs m = {0};
    size_t n = 0;
    assert_int_equal(na_rules_check_examples(r, keep, &m, &n), 2);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.text[0], "x.json:s: example 0 should fire but did not (condition "
                                   "/rules/0/match/all/1: too few mentions)");
    assert_non_null(strstr(m.text[1], "x.json:s: quiet example 0 fired"));
    na_rules_destroy(r);
}

static void test_bad_examples_are_load_errors(void **state)
{
    (void)state;
    const char *j = "{\"rules\":[{\"id\":\"s\",\"match\":\"x\",\"examples\":{\"fire\":[3]}}]}";
    char err[512];
    assert_null(na_rules_load_text("x.json", j, strlen(j), NULL, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "x.json:1:"));
    const char *k = "{\"rules\":[{\"id\":\"s\",\"match\":\"x\",\"examples\":{\"fires\":[]}}]}";
    assert_null(na_rules_load_text("x.json", k, strlen(k), NULL, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "unknown key \"fires\""));
}

/* The default pack ships at least 20 fire and 20 quiet examples per rule, and they all pass. */
static void test_default_pack_examples(void **state)
{
    (void)state;
    char err[512];
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    assert_non_null(r);
    struct msgs m = {0};
    size_t n = 0;
    assert_int_equal(na_rules_check_examples(r, keep, &m, &n), 0);
    assert_true(n >= 40 * na_rules_count(r));
    na_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_pass),
        cmocka_unit_test(test_failures_name_file_rule_and_condition),
        cmocka_unit_test(test_bad_examples_are_load_errors),
        cmocka_unit_test(test_default_pack_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
