/* Strict config documents: JSON and YAML give one tree, positions, ${VAR}, key tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/jconf.h"

static char err[1024];

static na_jconf *parse(const char *text, const char *name)
{
    err[0] = '\0';
    return na_jconf_parse(text, strlen(text), name, err, sizeof err);
}

static void expect_parse_error(const char *text, const char *name, const char *want)
{
    na_jconf *d = parse(text, name);
    if (d)
        fail_msg("%s parsed, wanted %s", name, want);
    if (strcmp(err, want))
        fail_msg("got  %s\nwant %s", err, want);
}

static void test_json_and_yaml_same_tree(void **state)
{
    (void)state;
    na_jconf *j = parse("{\"a\": 1, \"b\": [true, null, 2.5, \"x\"], \"c\": {\"d\": \"07\"},"
                        " \"e\": -3, \"f\": \"true\", \"g\": \"\"}",
                        "t.json");
    na_jconf *y = parse("a: 1\n"
                        "b:\n"
                        "  - true\n"
                        "  - ~\n"
                        "  - 2.5\n"
                        "  - x\n"
                        "c: {d: '07'}\n"
                        "e: -3\n"
                        "f: \"true\"\n"
                        "g: ''\n",
                        "t.yaml");
    assert_non_null(j);
    assert_non_null(y);
    if (!json_equal(na_jconf_root(j), na_jconf_root(y))) {
        char *a = json_dumps(na_jconf_root(j), JSON_SORT_KEYS),
             *b = json_dumps(na_jconf_root(y), JSON_SORT_KEYS);
        fail_msg("json %s\nyaml %s", a, b);
    }
    assert_true(json_is_integer(json_object_get(na_jconf_root(y), "a")));
    na_jconf_destroy(j);
    na_jconf_destroy(y);
}

static void test_yaml_positions(void **state)
{
    (void)state;
    na_jconf *y = parse("# a comment\n"
                        "outer:\n"
                        "  inner: 5\n"
                        "  list:\n"
                        "    - one\n"
                        "    - {k: v}\n",
                        "p.yml");
    assert_non_null(y);
    int line, col;
    assert_int_equal(na_jconf_pos(y, "/outer/inner", 1, &line, &col), NA_OK);
    assert_int_equal(line, 3);
    assert_int_equal(col, 3);
    assert_int_equal(na_jconf_pos(y, "/outer/inner", 0, &line, &col), NA_OK);
    assert_int_equal(line, 3);
    assert_int_equal(col, 10);
    assert_int_equal(na_jconf_pos(y, "/outer/list/1/k", 1, &line, &col), NA_OK);
    assert_int_equal(line, 6);
    assert_int_equal(col, 8);
    assert_int_equal(na_jconf_pos(y, "/outer/missing", 1, &line, &col), NA_ENOTFOUND);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    na_jconf_destroy(y);
}

static void test_syntax_and_structure_errors(void **state)
{
    (void)state;
    expect_parse_error("a: 1\nb: [1, 2\n", "s.yaml",
                       "s.yaml:3:1: flow sequence without a closing bracket");
    expect_parse_error("a: 1\nb: 2\na: 3\n", "d.yaml", "d.yaml:3:1: duplicate key \"a\"");
    expect_parse_error("{\"a\": 1,\n \"a\": 2}", "d.json", "d.json:2:4: duplicate object key");
    expect_parse_error("a: &x 1\nb: *x\n", "al.yaml",
                       "al.yaml:2:4: YAML aliases are not supported: write the value out");
    expect_parse_error("a: !!int 1\n", "tag.yaml",
                       "tag.yaml:1:4: unsupported YAML tag !!int (only !!str)");
    expect_parse_error("a: 1\n---\nb: 2\n", "two.yaml",
                       "two.yaml:2:1: one YAML document expected, found a second");
    /* Bytes YAML does not allow are refused before libfyaml sees them (it can loop on them). */
    expect_parse_error("a: 1\nb: x\xfcy\n", "u8.yaml", "u8.yaml:2:5: invalid UTF-8");
    assert_null(na_jconf_parse("a: 1\0\n", 6, "nul.yaml", err, sizeof err));
    assert_string_equal(err, "nul.yaml:1:5: a NUL byte is not allowed in YAML");
    /* JSON syntax errors never quote the token (it may be a secret). */
    expect_parse_error("{\"a\": \"https://x/secret\" \"b\"}", "q.json",
                       "q.json:1:28: '}' expected");
}

static void test_interpolation(void **state)
{
    (void)state;
    setenv("NA_JC_HOOK", "https://hooks.example/abc", 1);
    setenv("NA_JC_N", "8", 1);
    unsetenv("NA_JC_UNSET");
    na_jconf *y = parse("url: ${NA_JC_HOOK}/path\n"
                        "n: ${NA_JC_N}\n"
                        "quoted: '${NA_JC_N}'\n"
                        "lit: cost $${NA_JC_N} $5\n",
                        "i.yaml");
    assert_non_null(y);
    json_t *r = na_jconf_root(y);
    assert_string_equal(json_string_value(json_object_get(r, "url")),
                        "https://hooks.example/abc/path");
    assert_int_equal(json_integer_value(json_object_get(r, "n")), 8);
    assert_string_equal(json_string_value(json_object_get(r, "quoted")), "8");
    assert_string_equal(json_string_value(json_object_get(r, "lit")), "cost ${NA_JC_N} $5");
    na_jconf_destroy(y);
    na_jconf *j = parse("{\"n\": \"${NA_JC_N}\", \"a\": [\"x${NA_JC_N}y\"]}", "i.json");
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(na_jconf_root(j), "n")), "8");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(na_jconf_root(j), "a"), 0)), "x8y");
    na_jconf_destroy(j);
    expect_parse_error("a: 1\nurl: \"${NA_JC_UNSET}\"\n", "u.yaml",
                       "u.yaml:2:6: ${NA_JC_UNSET}: environment variable NA_JC_UNSET is not set");
    expect_parse_error("{\"a\": {\"url\":\n  \"x${NA_JC_UNSET}\"}}", "u.json",
                       "u.json:2:3: ${NA_JC_UNSET}: environment variable NA_JC_UNSET is not set");
    expect_parse_error("a: ${NA JC}\n", "b.yaml",
                       "b.yaml:1:4: bad ${...} reference \"${NA JC\": a variable name and a "
                       "closing } (write $${ for a literal ${)");
}

struct cfg {
    int attempts;
    int64_t age_ms;
    double rate;
    int on;
    long timeout;
};

static const na_jconf_key retry_keys[] = {{"attempts", NA_JC_INTEGER, 1, 100, "8", 0, NA_JS_INT,
                                           offsetof(struct cfg, attempts), 0, NULL, "attempts"},
                                          {"age_s", NA_JC_NUMBER, 1, 3600, "600", 0, NA_JS_INT64,
                                           offsetof(struct cfg, age_ms), 1000, NULL, "age"},
                                          {NULL}};

static const na_jconf_key cfg_keys[] = {
    {"name", NA_JC_STRING, 1, 64, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL, "name"},
    {"rate", NA_JC_NUMBER, 0, 10, "per type", NA_JC_DOC_DEFAULT, NA_JS_DOUBLE,
     offsetof(struct cfg, rate), 0, NULL, "rate"},
    {"on", NA_JC_BOOLEAN, 0, 0, "true", 0, NA_JS_BOOL, offsetof(struct cfg, on), 0, NULL, "on"},
    {"timeout", NA_JC_INTEGER, 1, 1e6, "100", 0, NA_JS_LONG, offsetof(struct cfg, timeout), 0, NULL,
     "timeout"},
    {"retry", NA_JC_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, retry_keys, "retry"},
    {NULL}};

static void test_key_table_fills_and_defaults(void **state)
{
    (void)state;
    na_jconf *y = parse("$comment: free text\nname: x\nretry: {age_s: 2.5}\n", "k.yaml");
    assert_non_null(y);
    struct cfg c = {.rate = 7};
    assert_int_equal(na_jconf_apply(y, na_jconf_root(y), "", cfg_keys, &c), NA_OK);
    assert_int_equal(c.attempts, 8);
    assert_int_equal(c.age_ms, 2500);
    assert_true(c.rate == 7); /* "per type" is documentation only */
    assert_int_equal(c.on, 1);
    assert_int_equal(c.timeout, 100);
    na_jconf_destroy(y);
    y = parse("name: x\nrate: 2.5\non: false\ntimeout: 9\nretry: {attempts: 3}\n", "k.yaml");
    assert_int_equal(na_jconf_apply(y, na_jconf_root(y), "", cfg_keys, &c), NA_OK);
    assert_true(c.rate == 2.5);
    assert_int_equal(c.on, 0);
    assert_int_equal(c.timeout, 9);
    assert_int_equal(c.attempts, 3);
    na_jconf_destroy(y);
}

static void collect(const char *msg, void *ud)
{
    size_t *n = ud;
    (*n)++;
    assert_non_null(strstr(msg, "k.yaml:"));
}

static void expect_check_error(const char *text, const char *want)
{
    na_jconf *y = parse(text, "k.yaml");
    assert_non_null(y);
    struct cfg c = {0};
    assert_int_equal(na_jconf_apply(y, na_jconf_root(y), "", cfg_keys, &c), NA_EINVAL);
    if (strcmp(na_jconf_error(y), want))
        fail_msg("got  %s\nwant %s", na_jconf_error(y), want);
    na_jconf_destroy(y);
}

static void test_key_table_errors(void **state)
{
    (void)state;
    expect_check_error("name: x\nurll: 1\n",
                       "k.yaml:2:1: unknown key \"urll\" (valid keys: name, rate, on, timeout, "
                       "retry)");
    expect_check_error("name: x\nretry:\n  attempts: 0\n",
                       "k.yaml:3:13: \"attempts\" must be an integer from 1 to 100");
    expect_check_error("name: x\nretry:\n  attempts: 2.5\n",
                       "k.yaml:3:13: \"attempts\" must be an integer from 1 to 100");
    expect_check_error("name: x\nrate: '3'\n",
                       "k.yaml:2:7: \"rate\" must be a number from 0 to 10");
    expect_check_error("name: x\non: yes\n", "k.yaml:2:5: \"on\" must be true or false");
    expect_check_error("name: ''\n", "k.yaml:1:7: \"name\" must be a non-empty string");
    expect_check_error("rate: 1\n", "k.yaml:1:1: missing \"name\"");
    expect_check_error("name: x\nretry: 3\n", "k.yaml:2:8: \"retry\" must be an object");
    expect_check_error("- 1\n", "k.yaml:1:1: the document must be an object");
    /* Every problem of an object is reported, the first kept. */
    na_jconf *y = parse("name: x\na: 1\nb: 2\non: 3\n", "k.yaml");
    size_t n = 0;
    na_jconf_on_error(y, collect, &n);
    assert_int_equal(na_jconf_check(y, na_jconf_root(y), "", cfg_keys), NA_EINVAL);
    assert_int_equal(n, 3);
    assert_int_equal(na_jconf_nerrors(y), 3);
    assert_non_null(strstr(na_jconf_error(y), "k.yaml:2:1: unknown key \"a\""));
    na_jconf_destroy(y);
}

static void test_pointer_escapes(void **state)
{
    (void)state;
    char p[64];
    na_jconf_ptr(p, sizeof p, "/a", "b/c~d");
    assert_string_equal(p, "/a/b~1c~0d");
    na_jconf *y = parse("\"x/y\":\n  z: 1\n", "e.yaml");
    int line, col;
    assert_int_equal(na_jconf_pos(y, "/x~1y/z", 1, &line, &col), NA_OK);
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
    na_jconf_destroy(y);
    /* JSON keys with escapes are found under their decoded names (as jansson decodes them). */
    na_jconf *j = parse("{\"a\\tb\": {\"c\\u00e9/\": 1},\n \"x\\ud83d\\ude00\": 2}", "e.json");
    assert_non_null(j);
    assert_int_equal(na_jconf_pos(j, "/a\tb/c\xc3\xa9~1", 1, &line, &col), NA_OK);
    assert_int_equal(line, 1);
    assert_int_equal(col, 11);
    assert_int_equal(na_jconf_pos(j, "/x\xf0\x9f\x98\x80", 1, &line, &col), NA_OK);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    na_jconf_destroy(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_and_yaml_same_tree),
        cmocka_unit_test(test_yaml_positions),
        cmocka_unit_test(test_syntax_and_structure_errors),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_key_table_fills_and_defaults),
        cmocka_unit_test(test_key_table_errors),
        cmocka_unit_test(test_pointer_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
