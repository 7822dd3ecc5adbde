/* The --feeds list: URLs, comments, per-feed intervals, and errors that name the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/list.h"
#include "newsalert/error.h"

typedef struct got {
    char urls[8][128];
    double intervals[8];
    size_t n;
} got;

static int add(const char *url, double interval, void *ud)
{
    got *g = ud;
    if (g->n == 8)
        return NA_ETOOBIG;
    snprintf(g->urls[g->n], sizeof g->urls[0], "%s", url);
    g->intervals[g->n++] = interval;
    return 0;
}

static void test_list(void **state)
{
    (void)state;
    const char *text = "# outlets\n"
                       "\n"
                       "https://news.example/rss.xml\n"
                       "  https://wire.example/atom.xml   interval=60   # fast one\n"
                       "https://x.example/feed#frag interval=5m\r\n"
                       "http://y.example/a.rdf\tinterval=1.5h";
    got g = {0};
    char err[256];
    assert_int_equal(na_feed_list_parse(text, strlen(text), "feeds.txt", add, &g, err, sizeof err),
                     NA_OK);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.urls[0], "https://news.example/rss.xml");
    assert_true(g.intervals[0] == 0);
    assert_string_equal(g.urls[1], "https://wire.example/atom.xml");
    assert_true(g.intervals[1] == 60);
    assert_string_equal(g.urls[2], "https://x.example/feed#frag");
    assert_true(g.intervals[2] == 300);
    assert_true(g.intervals[3] == 5400);
}

static void test_errors_name_the_line(void **state)
{
    (void)state;
    got g = {0};
    char err[256];
    const char *bad_url = "https://ok.example/\nftp://nope.example/feed\n";
    assert_int_equal(
        na_feed_list_parse(bad_url, strlen(bad_url), "f.txt", add, &g, err, sizeof err), NA_EINVAL);
    assert_string_equal(err,
                        "f.txt:2: \"ftp://nope.example/feed\" is not an http:// or https:// URL");
    const char *bad_opt = "https://ok.example/ every=5\n";
    assert_int_equal(
        na_feed_list_parse(bad_opt, strlen(bad_opt), "f.txt", add, &g, err, sizeof err), NA_EINVAL);
    assert_string_equal(err, "f.txt:1: unknown option \"every=5\" (expected interval=SECONDS)");
    const char *bad_iv = "\n\nhttps://ok.example/ interval=-3\n";
    assert_int_equal(na_feed_list_parse(bad_iv, strlen(bad_iv), "f.txt", add, &g, err, sizeof err),
                     NA_EINVAL);
    assert_string_equal(err, "f.txt:3: bad interval \"-3\" (seconds, or 90s, 5m, 1h)");
    assert_int_equal(na_feed_list_read("/nonexistent/feeds.txt", add, &g, err, sizeof err), NA_EIO);
    assert_non_null(strstr(err, "/nonexistent/feeds.txt"));
}

static void test_interval_parse(void **state)
{
    (void)state;
    double v;
    assert_int_equal(na_feed_interval_parse("300", &v), NA_OK);
    assert_true(v == 300);
    assert_int_equal(na_feed_interval_parse("0.5", &v), NA_OK);
    assert_true(v == 0.5);
    assert_int_equal(na_feed_interval_parse("2h", &v), NA_OK);
    assert_true(v == 7200);
    assert_int_equal(na_feed_interval_parse("0", &v), NA_EINVAL);
    assert_int_equal(na_feed_interval_parse("5 m", &v), NA_EINVAL);
    assert_int_equal(na_feed_interval_parse("", &v), NA_EINVAL);
    assert_int_equal(na_feed_interval_parse("nan", &v), NA_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_errors_name_the_line),
        cmocka_unit_test(test_interval_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
