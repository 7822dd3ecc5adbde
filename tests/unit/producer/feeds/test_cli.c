/* The producer's feed option rows: values checked with messages naming the option, defaults as
 * the poller's, lists read at run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../opts_fixture.h"
#include "feeds/feed_cli.h"
#include "feeds/poll.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

struct opts {
    na_feed_cli feeds;
};

static const na_opt rows[] = {NA_FEED_CLI_ROWS(struct opts, feeds), {NA_OPT_END}};
static const na_opt *const tables[] = {rows, NULL};

/* Parses a NULL-terminated argument list through the feed rows. */
static int parse(struct opts *o, char *err, size_t errlen, ...)
{
    char *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, errlen);
    int argc = fixture_argv(argv, "producer", ap), first;
    va_end(ap);
    memset(o, 0, sizeof *o);
    return na_opts_parse(tables, o, argc, argv, &first, NULL, err, errlen);
}

static void test_options(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "--feed", "https://a.example/rss", "--feed",
                           "http://b.example/atom", "--poll-interval", "5m", "--fetch-articles",
                           "--once", NULL),
                     NA_OK);
    assert_true(na_feed_cli_active(&o.feeds));
    assert_int_equal(o.feeds.urls.n, 2);
    assert_string_equal(o.feeds.urls.items[1], "http://b.example/atom");
    assert_true(o.feeds.interval_s == 300);
    assert_true(o.feeds.fetch_articles && o.feeds.once);
    na_opts_free(tables, &o);

    assert_int_equal(parse(&o, err, sizeof err, "--feed", "news.xml", NULL), NA_EINVAL);
    assert_string_equal(err, "--feed news.xml: expected an http:// or https:// URL (give a saved "
                             "feed file as a PATH)");
    na_opts_free(tables, &o);
    assert_int_equal(parse(&o, err, sizeof err, "--poll-interval", "soon", NULL), NA_EINVAL);
    assert_string_equal(err, "--poll-interval soon: expected seconds > 0 (or 90s, 5m, 1h)");
    assert_int_equal(parse(&o, err, sizeof err, "--feed-timeout", "0", NULL), NA_EINVAL);
    assert_false(na_feed_cli_active(&o.feeds));
}

/* The rows' defaults are the poller's: --help shows what the poller does. */
static void test_defaults_are_the_pollers(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, NULL), NA_OK);
    na_feed_poll_opts p;
    na_feed_poll_opts_default(&p);
    assert_true(o.feeds.interval_s == p.interval_s);
    assert_true(o.feeds.timeout_s * 1000 == (double)p.timeout_ms);
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
    struct opts o;
    assert_int_equal(
        parse(&o, err, sizeof err, "--feeds", list, "--state-file", st, "--once", NULL), NA_OK);
    na_feed_sink fs = {never, NULL, NULL};
    assert_int_equal(na_feed_cli_run(&o.feeds, &fs, NULL, NULL, NULL), NA_EINVAL);
    unlink(list);
    unlink(st);
    na_opts_free(tables, &o);
}

int main(void)
{
    na_log_set_level(NA_LOG_ERROR + 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_defaults_are_the_pollers),
        cmocka_unit_test(test_bad_list_stops_the_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
