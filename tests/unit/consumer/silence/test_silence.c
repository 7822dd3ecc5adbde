/* Silences: matcher parsing and evaluation, the time range, the record's JSON both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "silence/silence.h"

static na_alert *alert(const char *rule, const char *severity, const char *outlet)
{
    na_alert *al = na_alert_new();
    al->rule_id = strdup(rule);
    al->severity = strdup(severity);
    al->outlet = outlet ? strdup(outlet) : NULL;
    return al;
}

/* 1 when the matcher text holds for al sent to destination. */
static int holds(const char *text, const na_alert *al, const char *destination)
{
    na_silence_matcher m;
    char err[256];
    assert_int_equal(na_silence_matcher_parse(text, &m, err, sizeof err), NA_OK);
    na_silence_labels l;
    na_silence_labels_of(al, destination, &l);
    int r = na_silence_matcher_test(&m, &l);
    na_silence_matcher_free(&m);
    return r;
}

static void test_matchers(void **state)
{
    (void)state;
    na_alert *al = alert("sanctions", "warning", "Reuters");
    assert_true(holds("rule=sanctions", al, "slack"));
    assert_false(holds("rule=sanction", al, "slack")); /* whole value, not a prefix */
    assert_true(holds("rule!=invasion-denial", al, "slack"));
    assert_false(holds("severity!=warning", al, "slack"));
    assert_true(holds("destination=slack", al, "slack"));
    assert_false(holds("destination=slack", al, "teams"));
    assert_true(holds("outlet=~Reu.*", al, "slack"));
    assert_false(holds("outlet=~eut", al, "slack")); /* anchored at both ends */
    assert_true(holds("outlet=~Reuters|AP", al, "slack"));
    assert_false(holds("outlet!~Reuters|AP", al, "slack"));
    assert_true(holds("story=", al, "slack")); /* a label the alert lacks is "" */
    al->story = strdup("st_0123abcd");
    assert_true(holds("story=st_0123abcd", al, "slack"));
    assert_false(holds("story=", al, "slack"));
    assert_true(holds("rule=~.+", al, NULL));
    assert_true(holds("destination=", al, NULL));
    na_alert_destroy(al);
    al = alert("sanctions", "warning", NULL);
    assert_true(holds("outlet=", al, "x"));
    assert_false(holds("outlet=~.+", al, "x"));
    na_alert_destroy(al);
}

static void test_matcher_errors_name_the_text(void **state)
{
    (void)state;
    na_silence_matcher m;
    char err[256];
    const char *bad[] = {"rule", "colour=red", "=x", "rule~x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(na_silence_matcher_parse(bad[i], &m, err, sizeof err), NA_EINVAL);
        assert_non_null(strstr(err, "expected LABEL=VALUE"));
    }
    assert_int_equal(na_silence_matcher_parse("outlet=~(", &m, err, sizeof err), NA_EINVAL);
    assert_non_null(strstr(err, "\"(\": not a regular expression"));
}

static na_silence *silence_of(const char *const *matchers, size_t n, int64_t starts, int64_t ends)
{
    na_silence *s = na_silence_new("s1");
    char err[256];
    for (size_t i = 0; i < n; i++) {
        na_silence_matcher m;
        assert_int_equal(na_silence_matcher_parse(matchers[i], &m, err, sizeof err), NA_OK);
        assert_int_equal(na_silence_add_matcher(s, &m), NA_OK);
    }
    s->starts_ms = starts;
    s->ends_ms = ends;
    return s;
}

static void test_every_matcher_and_the_time_range(void **state)
{
    (void)state;
    const char *ms[] = {"rule=sanctions", "severity!=critical", "destination=~slack-.*"};
    na_silence *s = silence_of(ms, 3, 1000, 2000);
    na_alert *warn = alert("sanctions", "warning", NULL),
             *crit = alert("sanctions", "critical", NULL);
    na_silence_labels l;
    na_silence_labels_of(warn, "slack-desk", &l);
    assert_true(na_silence_matches(s, &l));
    na_silence_labels_of(warn, "teams", &l);
    assert_false(na_silence_matches(s, &l)); /* one matcher false: no match */
    na_silence_labels_of(crit, "slack-desk", &l);
    assert_false(na_silence_matches(s, &l));
    assert_false(na_silence_active(s, 999));
    assert_true(na_silence_active(s, 1000)); /* [starts, ends) */
    assert_true(na_silence_active(s, 1999));
    assert_false(na_silence_active(s, 2000)); /* ends on time */
    na_silence_destroy(s);
    s = silence_of(NULL, 0, 0, 5000);
    na_silence_labels_of(warn, "slack-desk", &l);
    assert_false(na_silence_matches(s, &l)); /* no matchers: matches nothing */
    na_silence_destroy(s);
    na_alert_destroy(warn);
    na_alert_destroy(crit);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    const char *ms[] = {"rule=sanctions", "outlet!~AP|AFP"};
    na_silence *s = silence_of(ms, 2, 1764633600000LL, 1764640800000LL);
    s->updated_ms = 1764633600500LL;
    s->created_by = strdup("desk");
    s->comment = strdup("too noisy \"today\"");
    char *text = na_silence_dumps(s);
    assert_non_null(text);
    assert_non_null(strstr(text, "\"startsAt\":\"2025-12-02T00:00:00Z\""));
    assert_non_null(strstr(text, "{\"name\":\"outlet\",\"value\":\"AP|AFP\",\"isRegex\":true,"
                                 "\"isEqual\":false}"));
    char err[256];
    na_silence *back = na_silence_parse(text, strlen(text), "t [0] @3", err, sizeof err);
    assert_non_null(back);
    assert_string_equal(back->id, "s1");
    assert_int_equal(back->n_matchers, 2);
    assert_int_equal(back->matchers[1].label, NA_SL_OUTLET);
    assert_true(back->matchers[1].is_regex && !back->matchers[1].equal);
    assert_true(back->starts_ms == s->starts_ms && back->ends_ms == s->ends_ms);
    assert_true(back->updated_ms == s->updated_ms);
    assert_string_equal(back->comment, "too noisy \"today\"");
    char *again = na_silence_dumps(back);
    assert_string_equal(again, text);
    free(again);
    free(text);
    na_silence_destroy(back);
    na_silence_destroy(s);
}

static void expect_parse_error(const char *json, const char *want)
{
    char err[512];
    na_silence *s = na_silence_parse(json, strlen(json), "silences.jsonl:4", err, sizeof err);
    assert_null(s);
    if (!strstr(err, want))
        fail_msg("error \"%s\" lacks \"%s\"", err, want);
    assert_int_equal(strncmp(err, "silences.jsonl:4: ", 18), 0);
}

static void test_parse_errors_name_the_record(void **state)
{
    (void)state;
    const char *m = "\"matchers\":[{\"name\":\"rule\",\"value\":\"x\"}]";
    char buf[512];
    expect_parse_error("{", "1:1:");
    snprintf(buf, sizeof buf, "{\"id\":\"a\",%s,\"startsAt\":\"2025-01-01T00:00:00Z\"}", m);
    expect_parse_error(buf, "endsAt");
    snprintf(buf, sizeof buf,
             "{\"id\":\"a\",%s,\"startsAt\":\"2025-01-02T00:00:00Z\",\"endsAt\":"
             "\"2025-01-01T00:00:00Z\"}",
             m);
    expect_parse_error(buf, "endsAt is before startsAt");
    snprintf(buf, sizeof buf,
             "{\"id\":\"a\",\"matchers\":[],\"startsAt\":\"2025-01-01T00:00:00Z\",\"endsAt\":"
             "\"2025-01-02T00:00:00Z\"}");
    expect_parse_error(buf, "at least one matcher");
    snprintf(buf, sizeof buf,
             "{\"id\":\"a\",\"matchers\":[{\"name\":\"colour\",\"value\":\"x\"}],\"startsAt\":"
             "\"2025-01-01T00:00:00Z\",\"endsAt\":\"2025-01-02T00:00:00Z\"}");
    expect_parse_error(buf, "unknown label \"colour\"");
    snprintf(buf, sizeof buf,
             "{\"id\":\"a\",%s,\"startsAt\":\"yesterday\",\"endsAt\":\"2025-01-02T00:00:00Z\"}", m);
    expect_parse_error(buf, "startsAt \"yesterday\": not an ISO 8601 time");
    snprintf(buf, sizeof buf,
             "{\"id\":\"a\",%s,\"startsAt\":\"2025-01-01T00:00:00Z\",\"endsAt\":"
             "\"2025-01-02T00:00:00Z\",\"extra\":1}",
             m);
    expect_parse_error(buf, "extra");
}

static void test_new_ids_differ(void **state)
{
    (void)state;
    char a[40], b[40];
    assert_int_equal(na_silence_new_id(a, sizeof a), NA_OK);
    assert_int_equal(na_silence_new_id(b, sizeof b), NA_OK);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(a[14], '4'); /* version 4 */
    assert_string_not_equal(a, b);
    assert_int_equal(na_silence_new_id(a, 20), NA_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matchers),
        cmocka_unit_test(test_matcher_errors_name_the_text),
        cmocka_unit_test(test_every_matcher_and_the_time_range),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_parse_errors_name_the_record),
        cmocka_unit_test(test_new_ids_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
