/*
 * Payload formatters against golden files: tests/data/format_<case>/alert.json is the input,
 * {slack,discord,teams,generic}.json the expected payloads (compared exactly, indented 2).
 * NA_UPDATE_GOLDEN=1 rewrites them (review the diff before committing).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "delivery/delivery.h"
#include "hostile.h"
#include "format/format.h"
#include "newsalert/file.h"

static const char *const types[] = {"slack", "discord", "teams", "generic"};

/* Every string in the payload must be valid UTF-8 (cuts fall on boundaries). */
static void check_case(const char *dir)
{
    char path[8192], err[256];
    snprintf(path, sizeof path, "%s/alert.json", dir);
    json_error_t jerr;
    json_t *in = json_load_file(path, 0, &jerr);
    if (!in)
        fail_msg("%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
    json_t *tpl = json_object_get(in, "_template");
    na_alert *al = na_delivery_alert_parse(in, err, sizeof err);
    if (!al)
        fail_msg("%s: %s", path, err);
    for (int t = 0; t < 4; t++) {
        na_destination d = {.type = (na_dest_type)t,
                            .template_text = (char *)json_string_value(tpl)};
        char *body;
        size_t len;
        assert_int_equal(na_format_payload(&d, al, &body, &len), 0);
        json_t *got = json_loadb(body, len, 0, &jerr); /* fails on invalid UTF-8 */
        if (!got)
            fail_msg("%s %s: payload is not valid JSON: %s", dir, types[t], jerr.text);
        char *pretty = json_dumps(got, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
        snprintf(path, sizeof path, "%s/%s.json", dir, types[t]);
        if (getenv("NA_UPDATE_GOLDEN")) {
            FILE *f = fopen(path, "w");
            fprintf(f, "%s\n", pretty);
            fclose(f);
        }
        char why[512];
        char *want = na_file_read(path, 0, NULL, why, sizeof why);
        if (!want)
            fail_msg("missing golden file: %s", why);
        size_t wl = strlen(want);
        if (wl && want[wl - 1] == '\n')
            want[wl - 1] = '\0';
        if (strcmp(pretty, want))
            fail_msg("%s differs from the payload:\n%s", path, pretty);
        free(want);
        free(pretty);
        json_decref(got);
        free(body);
    }
    na_alert_destroy(al);
    json_decref(in);
}

static void test_goldens(void **state)
{
    (void)state;
    const char *data = getenv("NA_TEST_DATA");
    if (!data)
        skip();
    DIR *dir = opendir(data);
    assert_non_null(dir);
    int cases = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strncmp(e->d_name, "format_", 7))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data, e->d_name);
        check_case(path);
        cases++;
    }
    closedir(dir);
    assert_true(cases >= 4);
}

static na_alert *long_alert(void)
{
    na_alert *al = na_alert_new();
    al->id = strdup("al_0");
    al->rule_id = strdup("r");
    /* 300 three-byte characters: any byte-based cut would split one. */
    char *h = malloc(901);
    for (int i = 0; i < 300; i++)
        memcpy(h + 3 * i, "\xe2\x82\xac", 3);
    h[900] = '\0';
    al->headline = h;
    char *snip = malloc(20001);
    memset(snip, 'x', 20000);
    snip[20000] = '\0';
    for (int i = 0; i < 30; i++)
        na_alert_add_evidence(al, "body", 0, 0, 1, "t", i % 2 ? snip : "a<b>&c");
    free(snip);
    return al;
}

static void test_discord_limits(void **state)
{
    (void)state;
    na_alert *al = long_alert();
    json_t *j = na_format_discord(al, "{{evidence}}{{evidence}}");
    assert_true(na_format_utf8_len(json_string_value(json_object_get(j, "content"))) <= 2000);
    json_t *embed = json_array_get(json_object_get(j, "embeds"), 0);
    const char *title = json_string_value(json_object_get(embed, "title"));
    assert_int_equal(na_format_utf8_len(title), 256);
    assert_string_equal(title + strlen(title) - 3, "…");
    size_t total = na_format_utf8_len(title);
    const char *desc = json_string_value(json_object_get(embed, "description"));
    assert_true(na_format_utf8_len(desc) <= 4096);
    total += na_format_utf8_len(desc);
    size_t i;
    json_t *f;
    json_t *fields = json_object_get(embed, "fields");
    assert_true(json_array_size(fields) <= 25);
    json_array_foreach(fields, i, f)
    {
        total += na_format_utf8_len(json_string_value(json_object_get(f, "name")));
        total += na_format_utf8_len(json_string_value(json_object_get(f, "value")));
    }
    total += na_format_utf8_len(
        json_string_value(json_object_get(json_object_get(embed, "footer"), "text")));
    assert_true(total <= 6000);
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(s); /* jansson refuses to dump invalid UTF-8 */
    free(s);
    json_decref(j);
    na_alert_destroy(al);
}

static void test_slack_escaping_and_limits(void **state)
{
    (void)state;
    na_alert *al = long_alert();
    json_t *j = na_format_slack(al, NULL);
    json_t *blocks = json_object_get(j, "blocks");
    const char *header = json_string_value(
        json_object_get(json_object_get(json_array_get(blocks, 0), "text"), "text"));
    assert_int_equal(na_format_utf8_len(header), 150);
    const char *section = json_string_value(
        json_object_get(json_object_get(json_array_get(blocks, 1), "text"), "text"));
    assert_true(na_format_utf8_len(section) <= 3000);
    assert_non_null(strstr(section, "a&lt;b&gt;&amp;c"));
    assert_null(strchr(section, '<'));
    json_decref(j);
    na_alert_destroy(al);
}

static void test_template(void **state)
{
    (void)state;
    char bad[64];
    assert_int_equal(na_format_template_check("{{rule_id}} {{score}} {x}", bad, sizeof bad), 0);
    assert_int_not_equal(na_format_template_check("{{rule}}", bad, sizeof bad), 0);
    assert_string_equal(bad, "rule");
    assert_int_not_equal(na_format_template_check("{{rule_id", bad, sizeof bad), 0);
    na_alert *al = na_alert_new();
    al->rule_id = strdup("sanctions");
    al->score = 0.875;
    char *s = na_format_template("[{{rule_id}}] {{score}} {{outlet}}|{{nope}}", al, NULL);
    assert_string_equal(s, "[sanctions] 0.88 -|{{nope}}"); /* null outlet: a placeholder */
    free(s);
    na_alert_destroy(al);
    assert_int_equal(na_format_utf8_prefix("a\xc3\xa9z", 2), 3);
    char *t = na_format_truncate("abcdef", 4);
    assert_string_equal(t, "abc…");
    free(t);
}

/* The generic digest: every alert's generic payload under "alerts", count and id given; the
 * caps are the platforms'; an empty digest is refused. */
static void test_digest_generic(void **state)
{
    (void)state;
    assert_int_equal(na_format_digest_cap(NA_DEST_SLACK), 48);
    assert_int_equal(na_format_digest_cap(NA_DEST_GENERIC), 100);
    na_alert *als[3];
    for (size_t i = 0; i < 3; i++)
        als[i] = huge_alert(i, 50);
    json_t *j = digest_roundtrip(NA_DEST_GENERIC, als, 3, "rule=r", NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "type")), "digest");
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 3);
    assert_string_equal(json_string_value(json_object_get(j, "group")), "rule=r");
    assert_int_equal(json_array_size(json_object_get(j, "alerts")), 3);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(json_object_get(j, "alerts"), 2), "id")),
        als[2]->id);
    json_decref(j);
    assert_null(digest_roundtrip(NA_DEST_GENERIC, als, 0, "", NULL));
    for (size_t i = 0; i < 3; i++)
        na_alert_destroy(als[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_goldens),
        cmocka_unit_test(test_discord_limits),
        cmocka_unit_test(test_slack_escaping_and_limits),
        cmocka_unit_test(test_template),
        cmocka_unit_test(test_digest_generic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
