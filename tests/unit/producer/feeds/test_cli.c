/* The producer's feed options: values checked with messages naming the option, lists read at run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "feeds/feed_cli.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

static void test_options(void **state)
{
    (void)state;
    na_feed_cli c = {0};
    char err[256];
    assert_false(na_feed_cli_active(&c));
    assert_true(na_feed_cli_is_option(NA_FEED_OPT_ONCE));
    assert_false(na_feed_cli_is_option('b'));
    assert_int_equal(
        na_feed_cli_option(&c, NA_FEED_OPT_FEED, "https://a.example/rss", err, sizeof err), NA_OK);
    assert_int_equal(
        na_feed_cli_option(&c, NA_FEED_OPT_FEED, "http://b.example/atom", err, sizeof err), NA_OK);
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_INTERVAL, "5m", err, sizeof err), NA_OK);
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_FETCH, NULL, err, sizeof err), NA_OK);
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_ONCE, NULL, err, sizeof err), NA_OK);
    assert_true(na_feed_cli_active(&c));
    assert_int_equal(c.urls.n, 2);
    assert_true(c.interval_s == 300);
    assert_true(c.fetch_articles && c.once);

    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_FEED, "news.xml", err, sizeof err),
                     NA_EINVAL);
    assert_string_equal(err, "--feed news.xml: expected an http:// or https:// URL (give a saved "
                             "feed file as a PATH)");
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_INTERVAL, "soon", err, sizeof err),
                     NA_EINVAL);
    assert_string_equal(err, "--poll-interval soon: expected seconds > 0 (or 90s, 5m, 1h)");
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_TIMEOUT, "0", err, sizeof err), NA_EINVAL);
    na_feed_cli_free(&c);
}

static int never(na_article *a, void *ud)
{
    (void)a, (void)ud;
    fail_msg("nothing should be emitted");
    return 0;
}

static void test_bad_list_stops_the_run(void **state)
{
    (void)state;
    char list[128], st[128], err[256];
    snprintf(list, sizeof list, "/tmp/na_feed_cli_%ld.txt", (long)getpid());
    snprintf(st, sizeof st, "/tmp/na_feed_cli_%ld.json", (long)getpid());
    FILE *f = fopen(list, "w");
    assert_non_null(f);
    fputs("https://a.example/rss interval=fast\n", f);
    fclose(f);
    na_feed_cli c = {0};
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_FEEDS, list, err, sizeof err), NA_OK);
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_STATE, st, err, sizeof err), NA_OK);
    assert_int_equal(na_feed_cli_option(&c, NA_FEED_OPT_ONCE, NULL, err, sizeof err), NA_OK);
    na_feed_sink fs = {never, NULL, NULL};
    assert_int_equal(na_feed_cli_run(&c, &fs, NULL, NULL, NULL), NA_EINVAL);
    unlink(list);
    unlink(st);
    na_feed_cli_free(&c);
}

int main(void)
{
    na_log_set_level(NA_LOG_ERROR + 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_bad_list_stops_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
