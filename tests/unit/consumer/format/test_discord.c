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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_live_link_or_mention),
        cmocka_unit_test(test_embed_url),
        cmocka_unit_test(test_long_snippet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
