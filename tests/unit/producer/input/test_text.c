/* The plain-text reader: headline on the first non-empty line, paragraphs after blank lines,
 * quotes kept as written, CRLF files, and bad bytes reported with line and offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "input/input_int.h"
#include "test_input_util.h"

static void test_story(void **state)
{
    (void)state;
    char path[1024];
    struct seen s;
    drain(fixture("input_text/story.txt", path, sizeof path), 0, &s);
    assert_string_equal(s.format, "text");
    assert_int_equal(s.n_errors, 0);
    assert_int_equal(s.n_articles, 1);
    na_article *a = s.articles[0];
    assert_string_equal(a->headline, "Ministry rejects report of border plan");
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[0],
                        "The foreign ministry on Thursday rejected a newspaper report that it was "
                        "preparing a military operation across the border, calling it "
                        "\xe2\x80\x9c"
                        "fiction\xe2\x80\x9d.");
    assert_string_equal(a->paragraphs.items[1],
                        "\"We have no such plans,\" a spokeswoman told reporters in the capital. "
                        "Satellite images published this week showed armoured units near the "
                        "frontier.");
    assert_null(a->url);
    assert_true(a->published_ms == -1);
    assert_memory_equal(a->id, "c-", 2);
    seen_free(&s);
}

static void test_crlf(void **state)
{
    (void)state;
    char path[1024];
    struct seen s;
    drain(fixture("input_text/crlf.txt", path, sizeof path), 0, &s);
    assert_int_equal(s.n_articles, 1);
    na_article *a = s.articles[0];
    assert_string_equal(a->headline, "Storm closes schools");
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[0],
                        "Schools in three districts stayed shut on Friday. Buses did not run.");
    assert_string_equal(a->paragraphs.items[1], "Forecasters expect calmer weather.");
    seen_free(&s);
}

static void test_bad_utf8_names_line_and_offset(void **state)
{
    (void)state;
    char path[1024];
    struct seen s;
    drain(fixture("input_text/bad_utf8.txt", path, sizeof path), 0, &s);
    assert_int_equal(s.n_articles, 0);
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_UTF8);
    /* "Second one has " is 15 bytes: the cut sequence starts at column 16 of line 5 */
    assert_true(names(s.errors[0].msg, path, ":5:16: invalid UTF-8"));
    assert_non_null(strstr(s.errors[0].msg, "byte 0xe2, offset 60 in the record"));
}

static void test_headline_only(void **state)
{
    (void)state;
    struct tmp t = tmp_write("h.txt", "\n\n   Just a headline\n\n\n", 23);
    const char *p = t.path;
    struct seen s;
    drain(p, 0, &s);
    assert_int_equal(s.n_articles, 1);
    assert_string_equal(s.articles[0]->headline, "Just a headline");
    assert_int_equal(s.articles[0]->paragraphs.n, 0);
    seen_free(&s);
    tmp_free(&t);
}

static void test_paragraph_splitter(void **state)
{
    (void)state;
    na_strlist l = {0};
    const char *t = "one\ntwo  three\n \t \nfour\n\n\n\nfive";
    assert_int_equal(na_input_paragraphs(t, strlen(t), &l), NA_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[0], "one two three");
    assert_string_equal(l.items[1], "four");
    assert_string_equal(l.items[2], "five");
    na_strlist_clear(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bad_utf8_names_line_and_offset),
        cmocka_unit_test(test_headline_only),
        cmocka_unit_test(test_paragraph_splitter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
