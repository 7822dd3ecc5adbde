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

#include "newsalert/embedded.h"
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
    const char *want = "r.json:3:28: unknown key \"thresold\" (valid keys: terms, all, any,";
    assert_memory_equal(first_error(text, NULL, &e), want, strlen(want));
    text = "{\"rules\": [{\"id\": \"a\", \"match\": \"x\", \"severty\": \"info\"}]}";
    want = "r.json:1:38: unknown key \"severty\" (valid keys: id, description, severity,";
    assert_memory_equal(first_error(text, NULL, &e), want, strlen(want));
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

static int note_alert(na_alert *al, void *ud)
{
    struct {
        char *out;
        size_t n;
    } *s = ud;
    size_t n = strlen(s->out);
    snprintf(s->out + n, s->n - n, "%s=%.3f;", al->rule_id, al->score);
    na_alert_destroy(al);
    return 0;
}

/* The alerts (rule id and score) the rules raise on one paragraph, as text. */
static const char *alerts_of(na_rules *r, const char *headline, const char *paragraph, char *out,
                             size_t n)
{
    struct errs e = {0};
    na_article *a = na_article_new();
    na_article_set(&a->id, "t");
    na_article_set(&a->headline, headline);
    na_strlist_push(&a->paragraphs, paragraph);
    out[0] = '\0';
    struct {
        char *out;
        size_t n;
    } sink = {out, n};
    (void)e;
    assert_int_equal(na_rules_eval(r, a, note_alert, &sink), 0);
    na_article_destroy(a);
    return out;
}

static void test_yaml_rules_same_as_json(void **state)
{
    (void)state;
    setenv("NA_TEST_TERM", "blockade", 1);
    const char *json =
        "{\"rules\": [{\"id\": \"sanctions\", \"severity\": \"warning\",\n"
        "  \"match\": {\"near\": [\"sanctions\", {\"terms\": [\"Iran\", \"Russia\"]}], \"within\": "
        "8},\n"
        "  \"exclude\": [\"lifted\"], \"cooldown\": \"1h\"},\n"
        " {\"id\": \"naval\", \"match\": {\"terms\": [\"${NA_TEST_TERM}\", \"warships\"], "
        "\"min\": 1}, \"min_score\": 0.5}]}";
    const char *yaml = "rules:\n"
                       "  - id: sanctions\n"
                       "    severity: warning\n"
                       "    match:\n"
                       "      near: [sanctions, {terms: [Iran, Russia]}]\n"
                       "      within: 8\n"
                       "    exclude: [lifted]\n"
                       "    cooldown: 1h\n"
                       "  - id: naval\n"
                       "    match: {terms: [\"${NA_TEST_TERM}\", warships], min: 1}\n"
                       "    min_score: 0.5\n";
    char err[512];
    na_rules *a =
        na_rules_load_text("r.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    if (!a)
        fail_msg("%s", err);
    na_rules *b =
        na_rules_load_text("r.yaml", yaml, strlen(yaml), NULL, NULL, NULL, err, sizeof err);
    if (!b)
        fail_msg("%s", err);
    assert_int_equal(na_rules_count(a), na_rules_count(b));
    const char *paras[] = {"New sanctions on Iran were announced today.",
                           "The blockade of the port went on.", "Sanctions on Russia were lifted.",
                           "Nothing happened."};
    char x[512], y[512];
    for (size_t i = 0; i < sizeof paras / sizeof *paras; i++)
        assert_string_equal(alerts_of(a, "News", paras[i], x, sizeof x),
                            alerts_of(b, "News", paras[i], y, sizeof y));
    assert_non_null(strstr(alerts_of(b, "News", paras[1], y, sizeof y), "naval"));
    na_rules_destroy(a);
    na_rules_destroy(b);
}

static void test_yaml_positions(void **state)
{
    (void)state;
    struct errs e;
    static char err[512];
    const char *cases[][2] = {
        {"rules:\n  - id: a\n    match:\n      terms: x\n      thresold: 2\n",
         "r.yaml:5:7: unknown key \"thresold\" (valid keys: terms,"},
        {"rules:\n  - id: a\n    match: x\n    window: {type: frequency, within: 6 hours, "
         "min_events: 2}\n",
         "r.yaml:4:39: \"within\" must be a duration"},
        {"rules:\n  - id: a\n    match: x\n    window:\n      type: frequency\n      within: 6h\n",
         "r.yaml:5:7: a frequency window needs \"min_events\": N"},
        {"rules:\n  - id: a\n    match: x\n    severity: ${NA_TEST_UNSET}\n",
         "r.yaml:4:15: ${NA_TEST_UNSET}: environment variable NA_TEST_UNSET is not set"},
    };
    unsetenv("NA_TEST_UNSET");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memset(&e, 0, sizeof e);
        na_rules *r = na_rules_load_text("r.yaml", cases[i][0], strlen(cases[i][0]), NULL, collect,
                                         &e, err, sizeof err);
        assert_null(r);
        if (strncmp(err, cases[i][1], strlen(cases[i][1])))
            fail_msg("got  %s\nwant %s", err, cases[i][1]);
    }
}

static void test_default_pack_read_as_yaml(void **state)
{
    (void)state;
    /* JSON is YAML's flow style: the pack read by the YAML reader gives the same rules. */
    const char *name;
    char err[512], x[1024], y[1024];
    size_t raised = 0;
    for (size_t k = 0; (name = na_embedded_name(k)); k++) {
        if (strncmp(name, "rules/", 6))
            continue;
        size_t len;
        const char *text = na_embedded_get(name, &len);
        na_rules *a = na_rules_load_text(name, text, len, NULL, NULL, NULL, err, sizeof err);
        char yname[256];
        snprintf(yname, sizeof yname, "%s.yaml", name);
        na_rules *b = na_rules_load_text(yname, text, len, NULL, NULL, NULL, err, sizeof err);
        if (!a || !b)
            fail_msg("%s: %s", name, err);
        assert_int_equal(na_rules_count(a), na_rules_count(b));
        const char *p = "Russia denied any plan to invade Ukraine as new sanctions on Iran and "
                        "60,000 troops massed at the border.";
        assert_string_equal(alerts_of(a, "Sanctions and troops", p, x, sizeof x),
                            alerts_of(b, "Sanctions and troops", p, y, sizeof y));
        raised += strlen(y) > 0;
        na_rules_destroy(a);
        na_rules_destroy(b);
    }
    assert_true(raised >= 1); /* the comparison saw alerts, not only silence */
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
        cmocka_unit_test(test_yaml_rules_same_as_json),
        cmocka_unit_test(test_yaml_positions),
        cmocka_unit_test(test_default_pack_read_as_yaml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
