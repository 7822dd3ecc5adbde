/* The loader names every problem as file:line:column and loads files and folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules/rules.h"

struct errs {
    char all[2048];
    int n;
};

static void collect(const char *msg, void *ud)
{
    struct errs *e = ud;
    size_t n = strlen(e->all);
    snprintf(e->all + n, sizeof e->all - n, "%s\n", msg);
    e->n++;
}

/* Loads text, expecting failure; returns the first error (static buffer). */
static const char *first_error(const char *text, const na_strlist *dests, struct errs *e)
{
    static char err[512];
    memset(e, 0, sizeof *e);
    na_rules *r =
        na_rules_load_text("r.json", text, strlen(text), dests, collect, e, err, sizeof err);
    assert_null(r);
    assert_true(e->n >= 1);
    return err;
}

static void test_unknown_key_position(void **state)
{
    (void)state;
    struct errs e;
    const char *text = "{\"rules\": [\n"
                       "  {\"id\": \"a\",\n"
                       "   \"match\": {\"terms\": \"x\", \"thresold\": 2}}\n"
                       "]}\n";
    assert_string_equal(first_error(text, NULL, &e), "r.json:3:28: unknown key \"thresold\"");
    text = "{\"rules\": [{\"id\": \"a\", \"match\": \"x\", \"severty\": \"info\"}]}";
    assert_string_equal(first_error(text, NULL, &e), "r.json:1:38: unknown key \"severty\"");
}

static void test_empty_and_bad_terms(void **state)
{
    (void)state;
    struct errs e;
    const char *text = "{\"rules\": [\n  {\"id\": \"a\", \"match\": {\"any\": [\"x\", \"  \"]}}]}";
    assert_string_equal(first_error(text, NULL, &e), "r.json:2:38: empty term: \"  \"");
    text = "{\"rules\": [{\"id\": \"a\", \"match\": \"*ing\"}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "r.json:1:33: '*' must follow"));
    text = "{\"rules\": [{\"id\": \"a\", \"match\": \"sanc*tions\"}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "'*' must end a word"));
    text = "{\"rules\": [{\"id\": \"a\", \"match\": {\"terms\": []}}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "r.json:1:43: expected a term"));
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    struct errs e;
    const char *text = "{\"rules\": [\n"
                       "  {\"id\": \"a\", \"match\": \"x\"},\n"
                       "  {\"id\": \"a\", \"match\": \"y\"}\n"
                       "]}";
    assert_string_equal(first_error(text, NULL, &e),
                        "r.json:3:10: duplicate rule id \"a\" (first defined at r.json:2:3)");
}

static void test_bad_numbers(void **state)
{
    (void)state;
    struct errs e;
    const char *text = "{\"rules\": [{\"id\": \"a\", \"match\": {\"terms\": \"x\", \"min\": 0}}]}";
    assert_string_equal(first_error(text, NULL, &e),
                        "r.json:1:55: bad number for \"min\": expected an integer from 1 to "
                        "1000000");
    text = "{\"rules\": [{\"id\": \"a\", \"min_score\": \"high\", \"match\": \"x\"}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "r.json:1:37: bad number for "
                                                        "\"min_score\""));
    text = "{\"rules\": [{\"id\": \"a\", \"match\": {\"quantity\": {\"unit\": \"troops\", "
           "\"min\": 10, \"max\": 5}}}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "bad number for \"max\": below"));
    text = "{\"rules\": [{\"id\": \"a\", \"match\": {\"near\": [\"a\", \"b\"], \"within\": -1}}]}";
    assert_non_null(strstr(first_error(text, NULL, &e), "bad number for \"within\""));
}

static void test_destinations(void **state)
{
    (void)state;
    struct errs e;
    na_strlist dests = {0};
    na_strlist_push(&dests, "slack-ops");
    const char *text = "{\"rules\": [{\"id\": \"a\", \"match\": \"x\",\n"
                       "  \"destinations\": [\"slack-ops\", \"pager\"]}]}";
    assert_string_equal(first_error(text, &dests, &e),
                        "r.json:2:33: unknown destination \"pager\" (not in the consumer config)");
    char err[256];
    na_rules *r =
        na_rules_load_text("r.json", text, strlen(text), NULL, NULL, NULL, err, sizeof err);
    assert_non_null(r); /* without a config, names are not checked */
    na_rules_destroy(r);
    na_strlist_clear(&dests);
}

static void test_several_errors_and_syntax(void **state)
{
    (void)state;
    struct errs e;
    const char *text = "{\"rules\": [{\"id\": \"a\", \"severity\": \"loud\", \"match\": \"x\"},\n"
                       "{\"id\": \"b\", \"match\": {\"near\": [\"a\", \"b\"]}},\n"
                       "{\"id\": \"c\", \"match\": {\"all\": [\"a\"], \"any\": [\"b\"]}}]}";
    first_error(text, NULL, &e);
    assert_int_equal(e.n, 3);
    assert_non_null(strstr(e.all, "r.json:1:36: \"severity\" must be"));
    assert_non_null(strstr(e.all, "r.json:2:23: \"near\" needs"));
    assert_non_null(strstr(e.all, "r.json:3:37: a condition has one operator"));
    assert_non_null(
        strstr(first_error("{\"rules\": [\n  {\"id\": \"a\",}]}", NULL, &e), "r.json:2:14: "));
    assert_non_null(
        strstr(first_error("{\"rules\": [{\"id\": \"a\"}]}", NULL, &e), "needs a \"match\""));
    assert_non_null(strstr(first_error("{\"rules\": [{\"id\": \"a\", \"match\": {\"terms\": \"x\", "
                                       "\"fields\": [\"title\"]}}]}",
                                       NULL, &e),
                           "unknown field"));
}

static void test_folder_and_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/na_rules_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p1[64], p2[64], p3[64];
    snprintf(p1, sizeof p1, "%s/a.json", dir);
    snprintf(p2, sizeof p2, "%s/b.json", dir);
    snprintf(p3, sizeof p3, "%s/notes.txt", dir);
    FILE *f = fopen(p1, "w");
    fputs("{\"rules\": [{\"id\": \"one\", \"match\": \"x\"}]}", f);
    fclose(f);
    f = fopen(p2, "w");
    fputs("{\"rules\": [{\"id\": \"two\", \"match\": \"y\"}, {\"id\": \"one\", \"match\": \"z\"}]}",
          f);
    fclose(f);
    f = fopen(p3, "w");
    fputs("not json", f);
    fclose(f);
    char err[512];
    na_rules *r = na_rules_load(dir, err, sizeof err);
    assert_null(r);
    char want[256];
    snprintf(want, sizeof want, "%s:1:48: duplicate rule id \"one\" (first defined at %s:1:12)", p2,
             p1);
    assert_string_equal(err, want);
    r = na_rules_load(p1, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(na_rules_count(r), 1);
    na_rules_destroy(r);
    remove(p1);
    remove(p2);
    remove(p3);
    r = na_rules_load(dir, err, sizeof err);
    assert_null(r);
    assert_non_null(strstr(err, "no *.json rule files"));
    rmdir(dir);
    r = na_rules_load("/nonexistent/rules.json", err, sizeof err);
    assert_null(r);
    assert_non_null(strstr(err, "/nonexistent/rules.json: "));
}

static void test_default_pack(void **state)
{
    (void)state;
    char err[512];
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    assert_non_null(r);
    assert_true(na_rules_count(r) >= 3);
    na_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_key_position),
        cmocka_unit_test(test_empty_and_bad_terms),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_destinations),
        cmocka_unit_test(test_several_errors_and_syntax),
        cmocka_unit_test(test_folder_and_file),
        cmocka_unit_test(test_default_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
