/* Backtest reports: counts, times, top evidence, timeline buckets, and safe HTML. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "newsalert/config.h"
#include "newsalert/event.h"
#include "newsalert/file.h"
#include "modes/report.h"

static na_alert *alert(const char *rule, const char *event, const char *when, double score,
                       const char *headline)
{
    na_alert *al = na_alert_new();
    assert_non_null(al);
    al->rule_id = strdup(rule);
    al->event_id = strdup(event);
    al->severity = strdup("warning");
    al->headline = strdup(headline);
    al->url = strdup("https://example.org/a?x=1&y=2");
    al->time_ms = when ? na_time_parse(when) : -1;
    al->score = score;
    assert_int_equal(na_alert_add_evidence(al, "body", 0, 0, 4, "term", "A <quoted> sentence."), 0);
    return al;
}

static void tmpname(char *buf, size_t n, const char *ext)
{
    snprintf(buf, n, "/tmp/na-report-%d%s", (int)getpid(), ext);
}

/* The page of r (then destroyed), read back; the caller frees it. */
static char *html_of(na_report *r)
{
    char path[64], err[256];
    size_t len;
    tmpname(path, sizeof path, ".html");
    assert_int_equal(na_report_write_html(r, path, err, sizeof err), 0);
    na_report_destroy(r);
    char *html = na_file_read(path, 0, &len, err, sizeof err);
    unlink(path);
    assert_non_null(html);
    return html;
}

static void test_json(void **state)
{
    (void)state;
    na_report *r = na_report_new("june.jsonl");
    na_report_add_event(r, na_time_parse("2022-06-01T10:00:00Z"));
    na_report_add_event(r, na_time_parse("2022-06-05T23:00:00Z"));
    na_report_add_event(r, -1);
    char ev[16];
    for (int i = 0; i < 7; i++) {
        char when[40];
        snprintf(when, sizeof when, "2022-06-0%dT12:00:00Z", 1 + i % 5);
        snprintf(ev, sizeof ev, "e%d", i);
        na_alert *al = alert("sanctions", ev, when, (double)(i + 1), "Headline");
        assert_int_equal(na_report_add_alert(r, al), 0);
        na_alert_destroy(al);
    }
    na_alert *untimed = alert("invasion-denial", "e9", NULL, 0.5, "Other");
    assert_int_equal(na_report_add_alert(r, untimed), 0);
    na_alert_destroy(untimed);
    assert_true(na_report_bucket_ms(r) == 24 * 3600000LL);

    char path[64], err[256];
    tmpname(path, sizeof path, ".json");
    assert_int_equal(na_report_write_json(r, path, err, sizeof err), 0);
    na_report_destroy(r);

    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    unlink(path);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "events")), 3);
    assert_string_equal(json_string_value(json_object_get(root, "bucket")), "day");
    json_t *rules = json_object_get(root, "rules");
    assert_int_equal(json_array_size(rules), 2);
    json_t *s = json_array_get(rules, 0);
    assert_int_equal(json_integer_value(json_object_get(s, "matches")), 7);
    assert_string_equal(json_string_value(json_object_get(s, "first_match")),
                        "2022-06-01T12:00:00Z");
    assert_string_equal(json_string_value(json_object_get(s, "last_match")),
                        "2022-06-05T12:00:00Z");
    json_t *top = json_object_get(s, "top_evidence");
    assert_int_equal(json_array_size(top), 5);
    double min_score = 1e9;
    for (size_t i = 0; i < 5; i++) {
        double sc = json_real_value(json_object_get(json_array_get(top, i), "score"));
        if (sc < min_score)
            min_score = sc;
    }
    assert_true(min_score == 3.0); /* the two lowest of seven were dropped */
    json_t *tl = json_object_get(s, "timeline");
    assert_int_equal(json_array_size(tl), 5); /* June 1..5 */
    size_t sum = 0;
    for (size_t i = 0; i < json_array_size(tl); i++)
        sum += (size_t)json_integer_value(json_object_get(json_array_get(tl, i), "count"));
    assert_int_equal(sum, 7);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(tl, 0), "count")), 2);
    json_t *u = json_array_get(rules, 1);
    assert_true(json_is_null(json_object_get(u, "first_match")));
    json_decref(root);
}

static void test_html(void **state)
{
    (void)state;
    na_report *r = na_report_new("a <b> & c");
    na_report_add_event(r, na_time_parse("2022-06-01T10:00:00Z"));
    na_report_add_event(r, na_time_parse("2022-06-01T15:30:00Z"));
    na_alert *al = alert("troop-buildup", "e1", "2022-06-01T15:30:00Z", 2.0, "Tanks <massed>");
    na_report_add_alert(r, al);
    na_alert_destroy(al);
    assert_true(na_report_bucket_ms(r) == 3600000LL);

    char err[256];
    char *html = html_of(r);
    assert_non_null(strstr(html, "<svg class=\"timeline\""));
    assert_non_null(strstr(html, "<title>06-01 15:00: 1</title>"));
    assert_non_null(strstr(html, "a &lt;b&gt; &amp; c"));
    assert_non_null(strstr(html, "Tanks &lt;massed&gt;"));
    assert_non_null(strstr(html, "href=\"https://example.org/a?x=1&amp;y=2\""));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<massed>"));
    free(html);

    na_report *empty = na_report_new("x");
    assert_true(na_report_write_html(empty, "/nonexistent/dir/r.html", err, sizeof err) < 0);
    assert_non_null(strstr(err, "/nonexistent/dir/r.html"));
    na_report_destroy(empty);
}

#define WINDOW_ALERTS 500

/* The window stage's thread: window alerts of one rule. */
static void *add_window_alerts(void *arg)
{
    na_report *r = arg;
    for (int i = 0; i < WINDOW_ALERTS; i++) {
        na_alert *al = alert("invasion-surge", "w", "2022-04-12T15:00:06Z", 5.0, "Surge");
        al->window_count = 5;
        al->window_start = al->time_ms - 12 * 3600000LL;
        al->window_end = al->time_ms;
        if (na_report_add_alert(r, al))
            return arg; /* a failure, seen by the joiner */
        na_alert_destroy(al);
    }
    return NULL;
}

/* Window alerts raised in the window stage's thread are counted beside the per-article ones. */
static void test_window_alerts(void **state)
{
    (void)state;
    na_report *r = na_report_new("kafka");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, add_window_alerts, r), 0);
    for (int i = 0; i < WINDOW_ALERTS; i++) {
        na_report_add_event(r, na_time_parse("2022-04-12T14:00:00Z"));
        na_alert *al = alert("invasion-surge", "a", "2022-04-12T14:00:00Z", 1.0, "Per article");
        assert_int_equal(na_report_add_alert(r, al), 0);
        na_alert_destroy(al);
    }
    void *failed = NULL;
    assert_int_equal(pthread_join(t, &failed), 0);
    assert_null(failed);

    char path[64], err[256];
    tmpname(path, sizeof path, "-w.json");
    assert_int_equal(na_report_write_json(r, path, err, sizeof err), 0);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    unlink(path);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "events")), WINDOW_ALERTS);
    json_t *s = json_array_get(json_object_get(root, "rules"), 0);
    assert_int_equal(json_integer_value(json_object_get(s, "matches")), 2 * WINDOW_ALERTS);
    assert_int_equal(json_integer_value(json_object_get(s, "window_alerts")), WINDOW_ALERTS);
    json_t *top = json_array_get(json_object_get(s, "top_evidence"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(top, "snippet")), "5 events for"));
    json_decref(root);

    char *html = html_of(r);
    assert_non_null(strstr(html, "500 of the 1000 alerts are window alerts."));
    free(html);
}

/* Silenced alerts: counted with the rule's alerts, listed in JSON and HTML (escaped). */
static void test_silenced(void **state)
{
    (void)state;
    na_report *r = na_report_new("silenced.jsonl");
    na_alert *a = alert("sanctions", "e1", "2022-06-01T10:00:00Z", 1, "<b>Muted</b> headline");
    assert_int_equal(na_report_add_alert(r, a), 0);
    assert_int_equal(na_report_add_silenced(r, a, "slack", "sil-1"), 0);
    assert_int_equal(na_report_add_silenced(r, a, NULL, "sil-2"), 0);
    na_alert_destroy(a);
    char path[64], err[256];
    size_t len;
    tmpname(path, sizeof path, ".json");
    assert_int_equal(na_report_write_json(r, path, err, sizeof err), 0);
    char *text = na_file_read(path, 0, &len, err, sizeof err);
    unlink(path);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    json_t *sil = json_object_get(root, "silenced");
    assert_int_equal(json_integer_value(json_object_get(sil, "total")), 2);
    json_t *first = json_array_get(json_object_get(sil, "alerts"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "silence_id")), "sil-1");
    assert_string_equal(json_string_value(json_object_get(first, "destination")), "slack");
    assert_string_equal(json_string_value(json_object_get(first, "time")), "2022-06-01T10:00:00Z");
    json_t *second = json_array_get(json_object_get(sil, "alerts"), 1);
    assert_string_equal(json_string_value(json_object_get(second, "destination")), "");
    json_t *rule = json_array_get(json_object_get(root, "rules"), 0);
    assert_int_equal(json_integer_value(json_object_get(rule, "matches")), 1); /* kept */
    json_decref(root);
    char *html = html_of(r);
    assert_non_null(strstr(html, "<h2>Silenced alerts</h2>"));
    assert_non_null(strstr(html, "<p>2 alert deliveries muted by a silence</p>"));
    assert_non_null(strstr(html, "<td>sanctions</td><td>slack</td><td>sil-1</td>"
                                 "<td>&lt;b&gt;Muted&lt;/b&gt; headline</td>"));
    assert_null(strstr(html, "<b>Muted"));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_json), cmocka_unit_test(test_html),
                                       cmocka_unit_test(test_window_alerts),
                                       cmocka_unit_test(test_silenced)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
