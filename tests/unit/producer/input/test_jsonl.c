/* The JSON Lines reader: field spellings, bodies split into paragraphs, and every bad line
 * reported with file:line while the good lines after it still come through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "test_input_util.h"

static void test_mixed_fixture(void **state)
{
    (void)state;
    char path[1024];
    struct seen s;
    drain(fixture("input_jsonl/mixed.jsonl", path, sizeof path), 0, &s);
    assert_string_equal(s.format, "jsonl");

    /* lines 1, 3, 7, 9 and 11 are good */
    assert_int_equal(s.n_articles, 5);
    na_article *a = s.articles[0];
    assert_string_equal(a->id, "wire-001");
    assert_string_equal(a->headline, "Port workers end strike after pay deal");
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[1],
                        "The union said the deal \xe2\x80\x9cmeets our members\xe2\x80\x99 "
                        "demands\xe2\x80\x9d.");
    assert_string_equal(a->url, "https://news.example/port");
    assert_string_equal(a->outlet, "Example Wire");
    assert_true(a->published_ms == na_time_parse("2023-03-06T08:15:00Z"));

    a = s.articles[1];
    assert_string_equal(a->headline, "Council approves new tram line");
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[0],
                        "The city council voted 31 to 9 on Tuesday. Construction starts next "
                        "spring.");
    assert_string_equal(a->paragraphs.items[1], "Opponents said the cost was too high.");
    assert_string_equal(a->url, "https://news.example/tram");
    assert_string_equal(a->outlet, "Example Gazette");
    assert_string_equal(a->standfirst, "A vote after two years of debate.");
    assert_true(a->published_ms == na_time_parse("2023-03-07T17:40:00Z"));
    /* no id given: derived from the URL */
    assert_memory_equal(a->id, "u-", 2);

    a = s.articles[2];
    assert_string_equal(a->headline, "Archive item with a season for a date");
    assert_true(a->published_ms == -1);
    assert_memory_equal(a->id, "c-", 2);

    a = s.articles[3];
    assert_string_equal(a->id, "12345");
    assert_string_equal(a->language, "en-GB");
    assert_true(a->published_ms == na_time_parse("1987-02-26T15:01:01Z"));
    assert_string_equal(a->paragraphs.items[0], "Prices rose 2 pct.");

    assert_string_equal(s.articles[4]->headline, "Last good record");
    assert_int_equal(s.date_warnings, 2);

    assert_int_equal(s.n_errors, 5);
    assert_int_equal(s.errors[0].reason, NA_SKIP_JSON);
    assert_true(names(s.errors[0].msg, path, ":2:"));
    assert_non_null(strstr(s.errors[0].msg, "malformed JSON"));
    assert_int_equal(s.errors[1].reason, NA_SKIP_HEADLINE);
    assert_true(names(s.errors[1].msg, path, ":4: no headline"));
    assert_int_equal(s.errors[2].reason, NA_SKIP_RECORD);
    assert_true(names(s.errors[2].msg, path, ":6: \"paragraphs\" is not an array"));
    assert_int_equal(s.errors[3].reason, NA_SKIP_RECORD);
    assert_true(names(s.errors[3].msg, path, ":8: not a JSON object"));
    assert_int_equal(s.errors[4].reason, NA_SKIP_UTF8);
    /* the bad byte is the 24th of line 10 */
    assert_true(names(s.errors[4].msg, path, ":10:24: invalid UTF-8"));
    seen_free(&s);
}

static void test_ids_are_stable(void **state)
{
    (void)state;
    char path[1024];
    struct seen s1, s2;
    drain(fixture("input_jsonl/mixed.jsonl", path, sizeof path), 0, &s1);
    drain(path, 0, &s2);
    assert_int_equal(s1.n_articles, s2.n_articles);
    for (size_t i = 0; i < s1.n_articles; i++)
        assert_string_equal(s1.articles[i]->id, s2.articles[i]->id);
    seen_free(&s1);
    seen_free(&s2);
}

static void test_crlf_bom_and_no_final_newline(void **state)
{
    (void)state;
    const char data[] =
        "\xef\xbb\xbf{\"title\":\"First\"}\r\n  \r\n{\"title\":\"Second\",\"published\":"
        "1648771598}";
    struct tmp t = tmp_write("x.jsonl", data, sizeof data - 1);
    const char *p = t.path;
    struct seen s;
    drain(p, 0, &s);
    assert_int_equal(s.n_errors, 0);
    assert_int_equal(s.n_articles, 2);
    assert_string_equal(s.articles[0]->headline, "First");
    assert_string_equal(s.articles[1]->headline, "Second");
    assert_true(s.articles[1]->published_ms == 1648771598000LL);
    seen_free(&s);
    tmp_free(&t);
}

static void test_column_of_json_error(void **state)
{
    (void)state;
    const char data[] = "{\"title\":\"ok\"}\n{\"title\": tru}\n{\"title\":\"after\"}\n";
    struct tmp t = tmp_write("col.jsonl", data, sizeof data - 1);
    const char *p = t.path;
    struct seen s;
    drain(p, 0, &s);
    assert_int_equal(s.n_articles, 2);
    assert_string_equal(s.articles[1]->headline, "after");
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_JSON);
    /* file:line:column: jansson stops at the end of the bad token */
    assert_true(names(s.errors[0].msg, p, ":2:13: malformed JSON"));
    seen_free(&s);
    tmp_free(&t);
}

/* A live pipe: a record is read as soon as its line is complete, not when a buffer fills. */
static void test_live_pipe(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    int saved = dup(STDIN_FILENO);
    assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    const char line[] = "{\"title\":\"Live\"}\n";
    assert_int_equal(write(fds[1], line, sizeof line - 1), (ssize_t)(sizeof line - 1));
    alarm(10); /* a reader waiting for more input would hang here: fail instead */
    na_input_error e;
    na_reader *r = na_reader_open("-", NULL, &e);
    assert_non_null(r);
    na_article *a = NULL;
    assert_int_equal(na_reader_next(r, &a, &e), NA_OK);
    assert_non_null(a);
    assert_string_equal(a->headline, "Live");
    na_article_destroy(a);
    close(fds[1]);
    assert_int_equal(na_reader_next(r, &a, &e), NA_OK);
    assert_null(a);
    alarm(0);
    na_reader_close(r);
    dup2(saved, STDIN_FILENO);
    close(saved);
    close(fds[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_fixture),
        cmocka_unit_test(test_ids_are_stable),
        cmocka_unit_test(test_crlf_bom_and_no_final_newline),
        cmocka_unit_test(test_column_of_json_error),
        cmocka_unit_test(test_live_pipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
