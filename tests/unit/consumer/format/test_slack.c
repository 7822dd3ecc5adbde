/* Slack messages: attacker text stays text, the 40k text and 3000 section caps, no empty section.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "hostile.h"

/* Every mrkdwn text of the message, in order (a borrowed reference to each). */
static size_t mrkdwn_texts(json_t *msg, const char **out, size_t max)
{
    size_t n = 0, i, k;
    json_t *b, *e;
    json_array_foreach(json_object_get(msg, "blocks"), i, b)
    {
        json_t *t = json_object_get(b, "text");
        if (t && n < max && !strcmp(json_string_value(json_object_get(t, "type")), "mrkdwn"))
            out[n++] = json_string_value(json_object_get(t, "text"));
        json_array_foreach(json_object_get(b, "fields"), k, e) if (n < max) out[n++] =
            json_string_value(json_object_get(e, "text"));
        json_array_foreach(json_object_get(b, "elements"), k, e) if (n < max) out[n++] =
            json_string_value(json_object_get(e, "text"));
    }
    return n;
}

/* Slack was clean before the policy: keep it so. Only our own <https://…|Open article> link. */
static void test_no_live_link_or_mention(void **state)
{
    (void)state;
    const char *urls[] = {"javascript:alert(1)", "https://example.com/a|b>c", NULL};
    for (size_t u = 0; u < 3; u++) {
        na_alert *al = hostile_alert(urls[u]);
        json_t *j =
            payload_roundtrip(NA_DEST_SLACK, al, "{{headline}} {{outlet}} {{url}} {{id}}", NULL);
        assert_non_null(j);
        const char *texts[16];
        size_t n = mrkdwn_texts(j, texts, 16);
        assert_true(n >= 6);
        const char *top = json_string_value(json_object_get(j, "text"));
        texts[n++] = top;
        for (size_t i = 0; i < n; i++) {
            for (const char *p = strchr(texts[i], '<'); p; p = strchr(p + 1, '<')) {
                if (strncmp(p, "<https://example.com/", 21))
                    fail_msg("live markup in %s", texts[i]);
                assert_non_null(strstr(p, "|Open article>"));
                assert_null(memchr(p + 1, '|', (size_t)(strstr(p, "|Open") - p - 1)));
            }
            assert_null(strstr(texts[i], "javascript:"));
        }
        json_decref(j);
        na_alert_destroy(al);
    }
}

/* The case: a Slack text of 46 KB is cut to 40,000 characters ending in "…". */
static void test_46kb_text_cut(void **state)
{
    (void)state;
    na_alert *al = long_snippet_alert(100);
    for (int i = 0; i < 100; i++)
        na_alert_add_evidence(al, "body", 3, 0, 1, "t", "");
    char tpl[13000] = "";
    for (int i = 0; i < 1000; i++)
        strcat(tpl, "{{rule_id}} "); /* ~1000 x 200 characters of escaped rule id */
    char *raw = na_format_template(tpl, al, NULL);
    assert_true(strlen(raw) > 46000);
    free(raw);
    json_t *j = payload_roundtrip(NA_DEST_SLACK, al, tpl, NULL);
    const char *text = json_string_value(json_object_get(j, "text"));
    assert_int_equal(na_format_utf8_len(text), 40000);
    assert_string_equal(text + strlen(text) - strlen("…"), "…");
    const char *texts[16];
    assert_true(mrkdwn_texts(j, texts, 16) >= 1);
    assert_true(na_format_utf8_len(texts[0]) <= 3000);
    json_decref(j);
    na_alert_destroy(al);
}

/* The case: a template whose field is null never yields an empty section text. */
static void test_null_field_template(void **state)
{
    (void)state;
    na_alert *al = na_alert_new();
    al->id = strdup("al_1");
    al->rule_id = strdup("r");
    al->headline = strdup("h");
    const char *tpls[] = {"{{outlet}}", "{{description}}", "{{url}}",
                          "{{time}}",   "{{evidence}}",    " {{outlet}}\n"};
    for (size_t t = 0; t < sizeof tpls / sizeof *tpls; t++) {
        json_t *j = payload_roundtrip(NA_DEST_SLACK, al, tpls[t], NULL);
        assert_non_null(j);
        const char *texts[16];
        assert_true(mrkdwn_texts(j, texts, 16) >= 1);
        if (!*texts[0] || !*json_string_value(json_object_get(j, "text")))
            fail_msg("template %s: empty section text", tpls[t]);
        assert_non_null(strstr(texts[0], NA_FORMAT_MISSING));
        json_decref(j);
    }
    na_alert_destroy(al);
}

/* A digest of the platform's most alerts with long hostile fields: Slack's limits hold, every
 * alert is listed, nothing is a live mention. */
static void test_digest_within_limits(void **state)
{
    (void)state;
    size_t n = na_format_digest_cap(NA_DEST_SLACK);
    assert_int_equal(n, 48);
    na_alert *als[49];
    for (size_t i = 0; i < n; i++)
        als[i] = huge_alert(i, 5000);
    json_t *j = digest_roundtrip(NA_DEST_SLACK, als, n, "rule=" HOSTILE_TEXT, NULL);
    assert_non_null(j);
    json_t *blocks = json_object_get(j, "blocks");
    assert_true(json_array_size(blocks) <= 50);
    assert_int_equal(json_array_size(blocks), n + 2);
    const char *header = json_string_value(
        json_object_get(json_object_get(json_array_get(blocks, 0), "text"), "text"));
    assert_true(na_format_utf8_len(header) <= 150);
    for (size_t i = 1; i <= n; i++) {
        const char *t = json_string_value(
            json_object_get(json_object_get(json_array_get(blocks, i), "text"), "text"));
        assert_non_null(t);
        assert_true(na_format_utf8_len(t) <= 3000);
        assert_null(strstr(t, "<!channel>"));
        assert_non_null(strstr(t, als[i - 1]->id));
    }
    const char *text = json_string_value(json_object_get(j, "text"));
    assert_true(na_format_utf8_len(text) <= 40000);
    assert_null(strstr(text, "<!channel>"));
    assert_true(digest_lists_all(j, als, n));
    json_decref(j);
    als[n] = huge_alert(n, 10);
    assert_null(digest_roundtrip(NA_DEST_SLACK, als, n + 1, "", NULL)); /* over the cap: refused */
    for (size_t i = 0; i <= n; i++)
        na_alert_destroy(als[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_live_link_or_mention),
        cmocka_unit_test(test_46kb_text_cut),
        cmocka_unit_test(test_null_field_template),
        cmocka_unit_test(test_digest_within_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
