/* The producer's option rows: parsing, defaults, ranges, and no drift between rows, --help and
 * docs/producer.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../opts_fixture.h"
#include "input/input.h"
#include "newsalert/error.h"
#include "newsalert/log.h"
#include "producer.h"

static int parse(na_producer_opts *o, char *err, size_t errlen, ...)
{
    char *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, errlen);
    int argc = fixture_argv(argv, "newsalert-producer", ap);
    va_end(ap);
    return na_producer_parse(argc, argv, o, err, errlen);
}

static void test_defaults(void **state)
{
    (void)state;
    na_producer_opts o;
    char err[512];
    unsetenv("NEWSALERT_BROKERS");
    assert_int_equal(parse(&o, err, sizeof err, "a.jsonl", NULL), NA_OK);
    assert_string_equal(o.brokers, "localhost:9092");
    assert_string_equal(o.topic, "news.articles");
    assert_int_equal(o.max_record, NA_INPUT_MAX_RECORD_DEFAULT); /* the row's "8M" is the input's */
    assert_int_equal(o.flush_timeout_ms, 60000);
    assert_int_equal(o.connect_timeout_ms, 10000);
    assert_int_equal(o.max_gap_ms, 60000);
    assert_true(o.speed == 0);
    assert_int_equal(o.common.log_level, NA_LOG_INFO); /* the producer's default */
    assert_int_equal(o.n_paths, 1);
    na_producer_opts_free(&o);
    setenv("NEWSALERT_BROKERS", "k9:9092", 1);
    assert_int_equal(parse(&o, err, sizeof err, "-", "-vv", "--max-record-size", "512K", NULL),
                     NA_OK);
    assert_string_equal(o.brokers, "k9:9092");
    assert_int_equal(o.max_record, 512 * 1024);
    assert_int_equal(o.common.log_level, NA_LOG_DEBUG);
    assert_true(o.common.kafka_debug); /* -vv from info: one past debug */
    na_producer_opts_free(&o);
    unsetenv("NEWSALERT_BROKERS");
}

static void test_ranges(void **state)
{
    (void)state;
    na_producer_opts o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "--flush-timeout", "86401", "x", NULL), NA_EINVAL);
    assert_string_equal(err, "--flush-timeout 86401: expected seconds from 0 to 86400");
    na_producer_opts_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--flush-timeout", "1.5", "x", NULL), NA_OK);
    assert_int_equal(o.flush_timeout_ms, 1500);
    na_producer_opts_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--speed", "-2", "x", NULL), NA_EINVAL);
    assert_string_equal(err, "--speed -2: expected a number from 0 to 1000000000");
    na_producer_opts_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--max-record-size", "8Q", "x", NULL), NA_EINVAL);
    assert_string_equal(err, "--max-record-size 8Q: expected a size such as 1048576, 512K or 8M "
                             ">= 1");
    na_producer_opts_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, NULL), NA_EINVAL);
    assert_string_equal(err, "no PATH or --feed given (use - to read stdin)");
    na_producer_opts_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-X", "list", NULL), NA_OK);
    assert_true(o.common.list_props);
    na_producer_opts_free(&o);
}

static void test_rows_help_and_docs_agree(void **state)
{
    (void)state;
    assert_int_equal(drift_check(na_producer_rows(), na_producer_usage, "docs/producer.md"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_rows_help_and_docs_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
