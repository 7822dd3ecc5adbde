/* HTML to text for feed descriptions, and article extraction from a page full of chrome. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/html.h"
#include "feeds/extract.h"
#include "newsalert/config.h"
#include "newsalert/error.h"

static void test_fragment_paragraphs(void **state)
{
    (void)state;
    na_strlist l = {0};
    const char *html = "<p>One &amp; <b>two</b></p>\n<p>Three<br/>Four</p><ul><li>Five</li></ul>"
                       "<script>var x = 1;</script><style>p{}</style>&nbsp;";
    assert_int_equal(na_html_fragment_paragraphs(html, strlen(html), &l), NA_OK);
    assert_int_equal(l.n, 4 + 0);
    assert_string_equal(l.items[0], "One & two");
    assert_string_equal(l.items[1], "Three");
    assert_string_equal(l.items[2], "Four");
    assert_string_equal(l.items[3], "Five");
    na_strlist_clear(&l);
}

static void test_plain_text_keeps_blank_lines(void **state)
{
    (void)state;
    na_strlist l = {0};
    const char *text = "First line\ncontinues here.\n \nSecond &eacute;t&eacute;.\n\n\n";
    assert_int_equal(na_html_fragment_paragraphs(text, strlen(text), &l), NA_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0], "First line continues here.");
    assert_string_equal(l.items[1], "Second \xc3\xa9t\xc3\xa9.");
    na_strlist_clear(&l);
}

static void test_line(void **state)
{
    (void)state;
    char *s = na_html_fragment_line("  Tom &amp; <i>Jerry</i>\n return ", 33);
    assert_string_equal(s, "Tom & Jerry return");
    free(s);
    s = na_html_fragment_line("a\n\tb", 4);
    assert_string_equal(s, "a b");
    free(s);
}

static char *read_page(const char *rel, size_t *len)
{
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/%s", getenv("NA_TEST_DATA"), rel);
    char *buf = na_file_read(path, 0, len, err, sizeof err);
    assert_non_null(buf);
    return buf;
}

static void test_extract_article(void **state)
{
    (void)state;
    size_t len;
    char *html = read_page("feed_page/article.html", &len);
    na_strlist l = {0};
    char err[256];
    assert_int_equal(na_html_extract(html, len, NULL, "article.html", &l, err, sizeof err), NA_OK);
    const char *want[] = {
        "Council approves new ferry timetable",
        "The council voted seven to two on Monday to approve a new ferry timetable for the "
        "harbour.",
        "Ferries will run every forty minutes from June, with later sailings at weekends & "
        "holidays.",
        "Operators said the change would need two extra crews.", "Recruitment starts next week."};
    assert_int_equal(l.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(l.items[i], want[i]);
    na_strlist_clear(&l);
    free(html);
}

static void test_extract_without_article_element(void **state)
{
    (void)state;
    size_t len;
    char *html = read_page("feed_page/no_article.html", &len);
    na_strlist l = {0};
    char err[256];
    assert_int_equal(na_html_extract(html, len, "utf-8", "p.html", &l, err, sizeof err), NA_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(strncmp(l.items[0], "The rescue boat", 15), 0);
    assert_int_equal(strncmp(l.items[2], "The station is asking", 21), 0);
    na_strlist_clear(&l);
    free(html);
}

static void test_extract_fails_on_teaser(void **state)
{
    (void)state;
    size_t len;
    char *html = read_page("feed_page/teaser.html", &len);
    na_strlist l = {0};
    char err[256];
    assert_int_equal(na_html_extract(html, len, NULL, "teaser.html", &l, err, sizeof err),
                     NA_ENOTFOUND);
    assert_string_equal(err, "teaser.html: no article text found");
    assert_int_equal(l.n, 0);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_paragraphs),
        cmocka_unit_test(test_plain_text_keeps_blank_lines),
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_extract_article),
        cmocka_unit_test(test_extract_without_article_element),
        cmocka_unit_test(test_extract_fails_on_teaser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
