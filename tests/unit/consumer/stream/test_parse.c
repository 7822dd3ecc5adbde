/* Window keys (stream/parse.c): every bad "window", "cooldown" or "realert" named and placed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/rules.h"

static void expect_error(const char *text, const char *needle)
{
    char err[512] = "";
    na_rules *r =
        na_rules_load_text("t.json", text, strlen(text), NULL, NULL, NULL, err, sizeof err);
    assert_null(r);
    if (!strstr(err, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, err);
}

static void test_bad_windows(void **state)
{
    (void)state;
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"frequency\","
                 "\"within\":\"6h\"}}]}",
                 "t.json:1:42: a frequency window needs \"min_events\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"spike\","
                 "\"within\":\"6 hours\"}}]}",
                 "\"within\" must be a duration");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"rate\","
                 "\"within\":\"6h\"}}]}",
                 "needs \"type\": \"frequency\", \"spike\", \"cardinality\" or \"flatline\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"spike\","
                 "\"within\":\"6h\",\"group_by\":\"city\"}}]}",
                 "\"group_by\" must be");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"spike\","
                 "\"within\":\"6h\",\"count\":3}}]}",
                 "unknown key \"count\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"cooldown\":\"1h\","
                 "\"realert\":\"1h\"}]}",
                 "not both");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"frequency\","
                 "\"within\":\"6h\",\"min_events\":2,\"factor\":3}}]}",
                 "t.json:1:100: \"factor\" belongs to spike windows");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"spike\","
                 "\"within\":\"0m\"}}]}",
                 "\"within\" must not be zero");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":3}]}",
                 "t.json:1:42: \"window\" must be an object");
}

/* The cardinality and flatline windows' own keys. */
static void test_new_window_types(void **state)
{
    (void)state;
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"cardinality\","
                 "\"within\":\"6h\",\"min_distinct\":3}}]}",
                 "t.json:1:42: a cardinality window needs \"field\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"cardinality\","
                 "\"within\":\"6h\",\"field\":\"city\",\"min_distinct\":3}}]}",
                 "\"field\" must be \"outlet\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"cardinality\","
                 "\"within\":\"6h\",\"field\":\"outlet\"}}]}",
                 "needs \"min_distinct\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"cardinality\","
                 "\"within\":\"6h\",\"field\":\"outlet\",\"min_distinct\":0}}]}",
                 "bad number for \"min_distinct\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"cardinality\","
                 "\"within\":\"6h\",\"field\":\"outlet\",\"min_distinct\":2,\"min_events\":2}}]}",
                 "counts \"min_distinct\" values, not \"min_events\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"flatline\","
                 "\"within\":\"6h\"}}]}",
                 "a flatline window needs \"min_events\"");
    expect_error("{\"rules\":[{\"id\":\"a\",\"match\":\"x\",\"window\":{\"type\":\"frequency\","
                 "\"within\":\"6h\",\"min_events\":2,\"field\":\"outlet\"}}]}",
                 "\"field\" belongs to cardinality windows");
    char err[512] = "";
    const char *ok = "{\"rules\":[{\"id\":\"c\",\"match\":\"x\",\"window\":{\"type\":"
                     "\"cardinality\",\"within\":\"2h\",\"field\":\"outlet\",\"min_distinct\":3}},"
                     "{\"id\":\"f\",\"match\":\"x\",\"window\":{\"type\":\"flatline\",\"within\":"
                     "\"1h\",\"min_events\":2,\"group_by\":\"outlet\"}}]}";
    na_rules *r = na_rules_load_text("t.json", ok, strlen(ok), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    assert_int_equal(na_rules_window_count(r), 2);
    /* A flatline looks three windows back (the window, the one before, one step of lag). */
    assert_int_equal(na_rules_state_horizon_ms(r), 3 * 3600000 + 3600000);
    na_rules_destroy(r);
}

static void test_window_keys(void **state)
{
    (void)state;
    char err[512] = "";
    const char *text = "rules:\n"
                       "  - id: a\n"
                       "    match: x\n"
                       "    $comment: five in an hour\n"
                       "    window: {type: frequency, within: 1h30m, min_events: 5, "
                       "group_by: places, $comment: per place}\n";
    na_rules *r =
        na_rules_load_text("t.yaml", text, strlen(text), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    assert_int_equal(na_rules_count(r), 1);
    /* The window covers 90 minutes and the default cooldown is the window's length. */
    assert_int_equal(na_rules_state_horizon_ms(r), 90 * 60000 + 3600000);
    na_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bad_windows),
                                       cmocka_unit_test(test_window_keys),
                                       cmocka_unit_test(test_new_window_types)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
