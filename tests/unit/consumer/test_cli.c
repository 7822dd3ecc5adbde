/* The consumer's option rows: parsing, modes, defaults, and no drift between rows, --help and
 * docs/consumer.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../opts_fixture.h"
#include "consumer.h"
#include "newsalert/log.h"

static int parse(struct na_consumer_cli *o, char *err, size_t errlen, ...)
{
    char *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, errlen);
    int argc = fixture_argv(argv, "newsalert-consumer", ap);
    va_end(ap);
    return na_consumer_parse(argc, argv, o, err, errlen);
}

static void test_modes(void **state)
{
    (void)state;
    struct na_consumer_cli o;
    char err[512];
    unsetenv("NEWSALERT_BROKERS");
    assert_int_equal(parse(&o, err, sizeof err, "--check", "-r", "x.json", NULL), 0);
    assert_int_equal(o.mode, NA_CLI_CHECK);
    assert_string_equal(o.rules, "x.json");
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-i", "-", "-n", NULL), 0);
    assert_int_equal(o.mode, NA_CLI_RUN);
    assert_int_equal(o.common.log_level, NA_LOG_WARN); /* the consumer's default */
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--diff-rules", "a", "b", "--input", "f", NULL), 0);
    assert_int_equal(o.mode, NA_CLI_DIFF);
    assert_string_equal(o.diff_old, "a");
    assert_string_equal(o.diff_new, "b");
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-X", "list", NULL), 0);
    assert_int_equal(o.mode, NA_CLI_LIST_PROPS);
    na_consumer_cli_free(&o);
}

static void test_daemon(void **state)
{
    (void)state;
    struct na_consumer_cli o;
    char err[512];
    unsetenv("NEWSALERT_BROKERS");
    assert_int_equal(parse(&o, err, sizeof err, "-t", "news", "--dry-run", NULL), NA_EXIT_USAGE);
    assert_string_equal(err, "the daemon needs -b BROKERS (or $NEWSALERT_BROKERS)");
    na_consumer_cli_free(&o);
    setenv("NEWSALERT_BROKERS", "k1:9092", 1);
    assert_int_equal(parse(&o, err, sizeof err, "-g", "g1", "--dry-run", "-X", "linger.ms=5",
                           "--max-records", "7", "-vv", NULL),
                     0);
    assert_int_equal(o.mode, NA_CLI_DAEMON);
    assert_string_equal(o.brokers, "k1:9092");
    assert_string_equal(o.topic, "news.articles");
    assert_string_equal(o.group, "g1");
    assert_int_equal(o.max_records, 7);
    assert_int_equal(o.common.props.n, 1);
    assert_int_equal(o.common.log_level, NA_LOG_DEBUG);
    assert_false(o.common.kafka_debug);
    na_consumer_cli_free(&o);
    /* the environment alone does not start the daemon */
    assert_int_equal(parse(&o, err, sizeof err, NULL), NA_EXIT_USAGE);
    assert_non_null(strstr(err, "nothing to do"));
    na_consumer_cli_free(&o);
    unsetenv("NEWSALERT_BROKERS");
}

static void test_usage_errors_name_the_option(void **state)
{
    (void)state;
    struct na_consumer_cli o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "--check", "--max-records", "-3", NULL),
                     NA_EXIT_USAGE);
    assert_string_equal(err, "--max-records -3: expected a whole number >= 0");
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--check", "--until", "soon", NULL), NA_EXIT_USAGE);
    assert_non_null(strstr(err, "--until \"soon\": expected"));
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--check", "-q", "-v", NULL), NA_EXIT_USAGE);
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--diff-rules", "old", NULL), NA_EXIT_USAGE);
    assert_string_equal(err, "--diff-rules needs 2 arguments: OLD NEW");
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--check", "stray", NULL), NA_EXIT_USAGE);
    assert_string_equal(err, "unexpected argument \"stray\"");
    na_consumer_cli_free(&o);
}

static void test_rows_help_and_docs_agree(void **state)
{
    (void)state;
    assert_int_equal(drift_check(na_consumer_rows(), na_consumer_usage, "docs/consumer.md"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_daemon),
        cmocka_unit_test(test_usage_errors_name_the_option),
        cmocka_unit_test(test_rows_help_and_docs_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
