/* Discord embeds: every field escaped (outlet included), embed URL only http(s), no mentions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hostile.h"

static json_t *embed_of(json_t *msg)
{
    return json_array_get(json_object_get(msg, "embeds"), 0);
}

static void test_no_live_link_or_mention(void **state)
{
    (void)state;
    na_alert *al = hostile_alert("javascript:alert(1)");
    json_t *j = payload_roundtrip(NA_DEST_DISCORD, al, "{{headline}} {{outlet}} {{url}}", NULL);
    assert_non_null(j);
    json_t *e = embed_of(j);
    const char *set = "[]()*_`<>~|";
    assert_true(md_all_escaped(json_string_value(json_object_get(j, "content")), set));
    assert_true(md_all_escaped(json_string_value(json_object_get(e, "title")), set));
    assert_true(md_all_escaped(json_string_value(json_object_get(e, "description")), set));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "fields"), i, f)
    {
        const char *v = json_string_value(json_object_get(f, "value"));
        if (!md_all_escaped(v, set))
            fail_msg("field %s unescaped: %s", json_string_value(json_object_get(f, "name")), v);
    }
    assert_null(json_object_get(e, "url")); /* Discord would answer 400 for the whole message */
    json_t *parse = json_object_get(json_object_get(j, "allowed_mentions"), "parse");
    assert_true(json_is_array(parse) && json_array_size(parse) == 0);
    json_decref(j);
    na_alert_destroy(al);
}

static void test_embed_url(void **state)
{
    (void)state;
    const char *cases[][2] = {{"https://example.com/x?a=1", "https://example.com/x?a=1"},
                              {"http://[::1", NULL},
                              {"not a url", NULL},
                              {"http://", NULL},
                              {"https://example.com/\r\n", NULL}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        na_alert *al = hostile_alert(cases[c][0]);
        json_t *j = payload_roundtrip(NA_DEST_DISCORD, al, NULL, NULL);
        assert_non_null(j);
        const char *url = json_string_value(json_object_get(embed_of(j), "url"));
        if (cases[c][1])
            assert_string_equal(url, cases[c][1]);
        else
            assert_null(url);
        json_decref(j);
        na_alert_destroy(al);
    }
}

/* A 35,838-character snippet (the issue's) keeps the embed within 4096 and 6000. */
static void test_long_snippet(void **state)
{
    (void)state;
    na_alert *al = long_snippet_alert(35838);
    json_t *j = payload_roundtrip(NA_DEST_DISCORD, al, NULL, NULL);
    json_t *e = embed_of(j);
    const char *d = json_string_value(json_object_get(e, "description"));
    assert_true(na_format_utf8_len(d) <= 4096);
    assert_string_equal(d + strlen(d) - strlen("…"), "…");
    size_t total = na_format_utf8_len(json_string_value(json_object_get(e, "title"))) +
                   na_format_utf8_len(d) +
                   na_format_utf8_len(
                       json_string_value(json_object_get(json_object_get(e, "footer"), "text")));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "fields"), i, f) total +=
        na_format_utf8_len(json_string_value(json_object_get(f, "name"))) +
        na_format_utf8_len(json_string_value(json_object_get(f, "value")));
    assert_true(total <= 6000);
    json_decref(j);
    na_alert_destroy(al);
}

static size_t text_len(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? na_format_utf8_len(s) : 0;
}

/* A digest of 10 alerts with long hostile fields: at most 10 embeds, all of them together within
 * 6000 characters, each within its own limits, every alert id whole, no mention parsed. */
static void test_digest_within_limits(void **state)
{
    (void)state;
    size_t n = na_format_digest_cap(NA_DEST_DISCORD);
    assert_int_equal(n, 10);
    na_alert *als[10];
    for (size_t k = 1; k <= n; k++) { /* 1 to 10 alerts: each share of the 6000 */
        for (size_t i = 0; i < k; i++)
            als[i] = huge_alert(i, 8000);
        json_t *j = digest_roundtrip(NA_DEST_DISCORD, als, k, HOSTILE_TEXT, NULL);
        assert_non_null(j);
        json_t *embeds = json_object_get(j, "embeds");
        assert_int_equal(json_array_size(embeds), k);
        assert_true(text_len(j, "content") <= 2000);
        assert_true(
            md_all_escaped(json_string_value(json_object_get(j, "content")), "[]()*_`<>~|"));
        size_t total = 0, i;
        json_t *e;
        json_array_foreach(embeds, i, e)
        {
            assert_true(text_len(e, "title") <= 256);
            assert_true(text_len(e, "description") <= 4096);
            json_t *footer = json_object_get(e, "footer");
            assert_string_equal(json_string_value(json_object_get(footer, "text")), als[i]->id);
            total += text_len(e, "title") + text_len(e, "description") + text_len(footer, "text");
            assert_null(json_object_get(e, "fields"));
        }
        if (total > 6000)
            fail_msg("%zu alerts: embeds total %zu characters", k, total);
        assert_int_equal(
            json_array_size(json_object_get(json_object_get(j, "allowed_mentions"), "parse")), 0);
        json_decref(j);
        for (size_t m = 0; m < k; m++)
            na_alert_destroy(als[m]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_live_link_or_mention),
        cmocka_unit_test(test_embed_url),
        cmocka_unit_test(test_long_snippet),
        cmocka_unit_test(test_digest_within_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
