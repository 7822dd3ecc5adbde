/* The event parts a rule set reads: only what its conditions, scopes and windows need; and the
 * default pack raises the same alerts from an event decoded with only those parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/file.h"
#include "rules/rules.h"

/* The parts read by one rule whose "match" (and optional extra keys) is given. */
static unsigned parts_of(const char *match, const char *extra)
{
    char json[2048], err[512];
    snprintf(json, sizeof json,
             "{\"rules\": [{\"id\": \"r\", \"severity\": \"info\", \"match\": %s%s%s}]}", match,
             extra ? ", " : "", extra ? extra : "");
    na_rules *r =
        na_rules_load_text("t.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s: %s", json, err);
    unsigned p = na_rules_event_parts(r);
    na_rules_destroy(r);
    return p;
}

static void test_what_each_condition_reads(void **state)
{
    (void)state;
    assert_int_equal(parts_of("{\"terms\": \"strike\", \"fields\": [\"headline\"]}", NULL), 0);
    /* the default scope (body) holds the quotes */
    assert_int_equal(parts_of("\"strike\"", NULL), NA_EVENT_QUOTES);
    assert_int_equal(parts_of("{\"terms\": \"x\", \"fields\": [\"people\"]}", NULL),
                     NA_EVENT_ENTITIES);
    assert_int_equal(
        parts_of("{\"near\": [\"a\", \"b\"], \"within\": 3, \"fields\": [\"headline\"]}", NULL),
        NA_EVENT_SENTENCES);
    assert_int_equal(parts_of("{\"terms\": \"a\", \"unless\": [\"b\"], \"fields\": "
                              "[\"headline\"]}",
                              NULL),
                     NA_EVENT_SENTENCES);
    /* an actor: the clause (sentences), or the speaker of a quotation */
    assert_int_equal(parts_of("{\"terms\": \"a\", \"actor\": [\"b\"], \"fields\": "
                              "[\"headline\"]}",
                              NULL),
                     NA_EVENT_SENTENCES | NA_EVENT_QUOTES);
    assert_int_equal(parts_of("{\"near\": [\"a\", \"b\"], \"within\": 3, \"actor\": [\"c\"], "
                              "\"fields\": [\"headline\"]}",
                              NULL),
                     NA_EVENT_SENTENCES | NA_EVENT_QUOTES);
    assert_int_equal(parts_of("{\"quantity\": {\"unit\": [\"troops\"], \"min\": 10}}", NULL),
                     NA_EVENT_QUANTITIES | NA_EVENT_QUOTES);
    assert_int_equal(parts_of("{\"terms\": \"x\", \"fields\": [\"headline\"]}",
                              "\"window\": {\"type\": \"frequency\", \"min_events\": 2, "
                              "\"within\": \"1h\", \"group_by\": \"places\"}"),
                     NA_EVENT_ENTITIES);
    assert_int_equal(parts_of("{\"terms\": \"x\", \"fields\": [\"headline\"]}",
                              "\"window\": {\"type\": \"frequency\", \"min_events\": 2, "
                              "\"within\": \"1h\", \"group_by\": \"outlet\"}"),
                     0);
    /* a disabled rule reads nothing */
    assert_int_equal(parts_of("{\"terms\": \"x\", \"fields\": [\"people\"]}", "\"enabled\": false"),
                     0);
}

struct seen {
    char ids[4096];
};

static int note(na_alert *al, void *ud)
{
    struct seen *s = ud;
    size_t n = strlen(s->ids);
    snprintf(s->ids + n, sizeof s->ids - n, "%s:%s:%.3f:%zu;", al->event_id, al->rule_id, al->score,
             al->n_evidence);
    na_alert_destroy(al);
    return 0;
}

static void test_default_pack_same_alerts_from_its_parts(void **state)
{
    (void)state;
    char err[512], path[4096];
    snprintf(path, sizeof path, "%s/rules_default/input", getenv("NA_TEST_DATA"));
    size_t len;
    char *text = na_file_read(path, 0, &len, err, sizeof err);
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    na_event_decoder *dc = na_event_decoder_new();
    assert_non_null(text);
    assert_non_null(r);
    unsigned parts = na_rules_event_parts(r);
    assert_true(parts != NA_EVENT_ALL); /* the pack reads no entities: they are skipped */
    struct seen full = {""}, some = {""};
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        na_article *a;
        const na_article *b;
        assert_int_equal(na_event_decode(line, strlen(line), &a, err, sizeof err), NA_OK);
        assert_int_equal(na_rules_eval(r, a, note, &full), NA_OK);
        na_article_destroy(a);
        assert_int_equal(
            na_event_decoder_decode(dc, parts, line, strlen(line), &b, err, sizeof err), NA_OK);
        assert_int_equal(na_rules_eval(r, b, note, &some), NA_OK);
    }
    assert_true(strlen(full.ids) > 0);
    assert_string_equal(some.ids, full.ids);
    na_event_decoder_destroy(dc);
    na_rules_destroy(r);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_each_condition_reads),
        cmocka_unit_test(test_default_pack_same_alerts_from_its_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
