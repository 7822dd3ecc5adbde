/* The alert's one serialised form: what dry-run prints is what delivery keeps and reads back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "delivery/delivery.h"
#include "newsalert/event.h"
#include "newsalert/text.h"
#include "rules/alert.h"

static na_alert *sample(void)
{
    na_alert *al = na_alert_new();
    assert_non_null(al);
    na_article_set(&al->rule_id, "sanctions");
    na_article_set(&al->event_id, "ev_1");
    na_article_set(&al->severity, "warning");
    na_article_set(&al->headline, "Ministers weigh \"new\" export curbs");
    al->score = 0.1 + 0.2; /* not representable in 10 digits: no precision is lost */
    al->time_ms = na_time_parse("2022-01-26T18:30:00Z");
    assert_int_equal(na_alert_add_evidence(al, "body", 2, 10, 19, "curbs", "export curbs"), 0);
    assert_int_equal(na_strlist_push(&al->destinations, "slack-ops"), 0);
    assert_int_equal(na_alert_make_id(al), 0);
    return al;
}

static void test_dumps_is_the_dry_run_line(void **state)
{
    (void)state;
    na_alert *al = sample();
    char *text = na_alert_dumps(al);
    assert_non_null(text);
    assert_null(strchr(text, '\n'));
    assert_int_equal(strncmp(text, "{\"id\":\"al_", 10), 0); /* compact, keys in order */
    assert_non_null(strstr(text, "\"rule_id\":\"sanctions\",\"description\":null"));
    assert_non_null(strstr(text, "\"score\":0.30000000000000004"));
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    assert_int_equal(na_alert_write_line(al, f), 0);
    fclose(f);
    assert_int_equal(len, strlen(text) + 1);
    assert_int_equal(memcmp(line, text, strlen(text)), 0);
    assert_int_equal(line[len - 1], '\n');
    free(line);
    free(text);
    na_alert_destroy(al);
}

static void test_round_trip(void **state)
{
    (void)state;
    na_alert *al = sample();
    char *text = na_alert_dumps(al), err[256] = "";
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    na_alert *back = na_delivery_alert_parse(j, err, sizeof err);
    if (!back)
        fail_msg("%s", err);
    char *again = na_alert_dumps(back);
    assert_string_equal(again, text);
    free(again);
    na_alert_destroy(back);
    json_decref(j);
    free(text);
    na_alert_destroy(al);
}

/* A copy keeps every field (window and story too, which the JSON form does not read back)
 * and outlives its original. */
static void test_copy_is_whole_and_independent(void **state)
{
    (void)state;
    na_alert *al = sample();
    na_article_set(&al->group_key, "outlet=Wire");
    na_article_set(&al->story, "st_1");
    na_article_set(&al->story_update_of, "al_first");
    assert_int_equal(na_strlist_push(&al->story_outlets, "Wire"), 0);
    al->story_copies = 3;
    al->story_outcome = 1;
    al->window_count = 4;
    al->window_start = 1000;
    al->window_end = 61000;
    char *text = na_alert_dumps(al);
    na_alert *c = na_alert_copy(al);
    assert_non_null(c);
    assert_ptr_not_equal(c->id, al->id);
    assert_ptr_not_equal(c->evidence, al->evidence);
    na_alert_destroy(al); /* the copy must not share anything with it */
    char *again = na_alert_dumps(c);
    assert_string_equal(again, text);
    assert_int_equal(c->story_outcome, 1);
    assert_int_equal(c->window_end, 61000);
    assert_int_equal(c->evidence[0].paragraph, 2);
    assert_string_equal(c->destinations.items[0], "slack-ops");
    free(again);
    free(text);
    na_alert_destroy(c);
}

/* A snippet over NA_ALERT_SNIPPET_MAX bytes is cut at a code point with "…"; the offsets keep
 * the whole span; a snippet at the limit is kept whole. */
static void test_snippet_is_capped(void **state)
{
    (void)state;
    size_t big = 1400 * 1024;
    char *s = malloc(big + 1);
    assert_non_null(s);
    for (size_t i = 0; i < big; i += 2)
        memcpy(s + i, "\xc3\xa9", 2); /* "é": a cut in the middle would be invalid UTF-8 */
    s[big] = '\0';
    na_alert *al = na_alert_new();
    assert_non_null(al);
    assert_int_equal(na_alert_add_evidence(al, "body", 0, 0, big, "term", s), 0);
    const char *got = al->evidence[0].snippet;
    size_t n = strlen(got);
    assert_true(n <= NA_ALERT_SNIPPET_MAX);
    assert_true(n > NA_ALERT_SNIPPET_MAX - 8);
    assert_string_equal(got + n - 3, "…");
    assert_true(na_utf8_valid(got, n, NULL));
    assert_int_equal(memcmp(got, s, n - 3), 0);
    assert_int_equal(al->evidence[0].end, big);
    s[NA_ALERT_SNIPPET_MAX] = '\0'; /* exactly at the limit (an even count of 2-byte "é") */
    assert_int_equal(na_alert_add_evidence(al, "body", 0, 0, 10, "term", s), 0);
    assert_string_equal(al->evidence[1].snippet, s);
    na_alert_destroy(al);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dumps_is_the_dry_run_line),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_copy_is_whole_and_independent),
        cmocka_unit_test(test_snippet_is_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
