/* Teams cards: escaped markdown, http(s) actions only, the ~28 KB message limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hostile.h"

static const char *text_of(json_t *msg, size_t block)
{
    json_t *card =
        json_object_get(json_array_get(json_object_get(msg, "attachments"), 0), "content");
    return json_string_value(
        json_object_get(json_array_get(json_object_get(card, "body"), block), "text"));
}

static json_t *card_of(json_t *msg)
{
    return json_object_get(json_array_get(json_object_get(msg, "attachments"), 0), "content");
}

static void test_no_live_link(void **state)
{
    (void)state;
    na_alert *al = hostile_alert("javascript:alert(document.cookie)");
    json_t *j =
        payload_roundtrip(NA_DEST_TEAMS, al, "{{headline}} {{outlet}} {{url}} {{evidence}}", NULL);
    assert_non_null(j);
    assert_true(md_all_escaped(text_of(j, 0), "[]()*_`<>"));
    assert_true(md_all_escaped(text_of(j, 1), "[]()*_`<>"));
    size_t i;
    json_t *fact;
    json_array_foreach(
        json_object_get(json_array_get(json_object_get(card_of(j), "body"), 2), "facts"), i, fact)
        assert_true(md_all_escaped(json_string_value(json_object_get(fact, "value")), "[]()*_`<>"));
    assert_null(json_object_get(card_of(j), "actions")); /* no javascript: action */
    char *dump = json_dumps(j, 0);
    assert_null(strstr(dump, "javascript:"));
    free(dump);
    json_decref(j);
    na_alert_destroy(al);
}

static void test_action_url_reserialised(void **state)
{
    (void)state;
    na_alert *al = hostile_alert("HTTPS://example.com/a b");
    json_t *j = payload_roundtrip(NA_DEST_TEAMS, al, NULL, NULL);
    assert_null(json_object_get(card_of(j), "actions")); /* a space: not a URL */
    json_decref(j);
    na_alert_destroy(al);
    al = hostile_alert("HTTPS://example.com/a?q=<x>");
    j = payload_roundtrip(NA_DEST_TEAMS, al, NULL, NULL);
    json_t *act = json_array_get(json_object_get(card_of(j), "actions"), 0);
    assert_string_equal(json_string_value(json_object_get(act, "url")),
                        "https://example.com/a?q=%3Cx%3E");
    json_decref(j);
    na_alert_destroy(al);
}

/* The case: a message that would be 45 KB is cut under 28 KB, with a visible "…". */
static void test_45kb_message_cut(void **state)
{
    (void)state;
    na_alert *al = long_snippet_alert(400);
    for (int i = 0; i < 150; i++) {
        char s[400];
        snprintf(s, sizeof s, "snippet %d: %0300d", i, i);
        na_alert_add_evidence(al, "body", 2, 0, 1, "t", s);
    }
    na_destination d = {.type = NA_DEST_TEAMS};
    char *raw = na_format_template("{{evidence}}", al, NULL);
    assert_true(strlen(raw) > 45000); /* uncut, the text alone is over 45 KB */
    free(raw);
    size_t bytes = 0;
    json_t *j = payload_roundtrip(d.type, al, NULL, &bytes);
    assert_non_null(j);
    assert_true(bytes <= NA_FORMAT_TEAMS_MAX_BYTES);
    assert_true(bytes > NA_FORMAT_TEAMS_MAX_BYTES - 1000); /* cut to the limit, not far below */
    const char *text = text_of(j, 1);
    assert_string_equal(text + strlen(text) - strlen("…"), "…");
    json_decref(j);
    na_alert_destroy(al);
}

/* A digest of 25 alerts with long hostile fields stays within Teams' 28 KB and lists them all;
 * one of 3 short ones keeps its texts whole. */
static void test_digest_within_limits(void **state)
{
    (void)state;
    size_t n = na_format_digest_cap(NA_DEST_TEAMS), bytes = 0;
    assert_int_equal(n, 25);
    na_alert *als[25];
    for (size_t i = 0; i < n; i++)
        als[i] = huge_alert(i, 20000);
    json_t *j = digest_roundtrip(NA_DEST_TEAMS, als, n, HOSTILE_TEXT, &bytes);
    assert_non_null(j);
    if (bytes > NA_FORMAT_TEAMS_MAX_BYTES)
        fail_msg("digest of %zu alerts: %zu bytes", n, bytes);
    json_t *body = json_object_get(
        json_object_get(json_array_get(json_object_get(j, "attachments"), 0), "content"), "body");
    assert_int_equal(json_array_size(body), n + 1);
    assert_true(digest_lists_all(j, als, n));
    json_decref(j);
    for (size_t i = 0; i < n; i++)
        na_alert_destroy(als[i]);
    for (size_t i = 0; i < 3; i++) {
        als[i] = na_alert_new();
        als[i]->id = strdup(i ? "al_2" : "al_1");
        als[i]->rule_id = strdup("sanctions");
        als[i]->severity = strdup("warning");
        als[i]->headline = strdup("Plain headline");
        als[i]->url = strdup("https://example.com/a");
        als[i]->time_ms = -1;
        na_alert_add_evidence(als[i], "body", 0, 0, 1, "t", "a plain snippet");
    }
    j = digest_roundtrip(NA_DEST_TEAMS, als, 3, "rule=r", &bytes);
    assert_non_null(j);
    char *s = json_dumps(j, 0);
    assert_non_null(strstr(s, "Action.OpenUrl"));
    assert_null(strstr(s, "…")); /* nothing needed cutting */
    free(s);
    json_decref(j);
    for (size_t i = 0; i < 3; i++)
        na_alert_destroy(als[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_live_link),
        cmocka_unit_test(test_action_url_reserialised),
        cmocka_unit_test(test_45kb_message_cut),
        cmocka_unit_test(test_digest_within_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
