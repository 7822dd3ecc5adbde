/* newsalert-consumer silence add|list|expire: parsing, what each action needs, and no drift
 * between the rows, --help and docs/silences.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "consumer.h"
#include "../../opts_fixture.h"

static int parse(struct na_consumer_cli *o, char *err, size_t len, ...)
{
    char *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, len);
    int argc = fixture_argv(argv, "newsalert-consumer", ap);
    va_end(ap);
    return na_consumer_parse(argc, argv, o, err, len);
}

static void test_add(void **state)
{
    (void)state;
    struct na_consumer_cli o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "silence", "add", "--rule", "sanctions", "--match",
                           "severity!=critical", "--match", "outlet=~AP|AFP", "--for", "1h30m",
                           "--comment", "noisy", "-b", "k:9092", "--created-by", "desk", NULL),
                     0);
    assert_int_equal(o.mode, NA_CLI_SILENCE);
    assert_int_equal(o.silence.action, NA_SILENCE_ADD);
    assert_string_equal(o.silence.rule, "sanctions");
    assert_int_equal(o.silence.match.n, 2);
    assert_string_equal(o.silence.match.items[1], "outlet=~AP|AFP");
    assert_true(o.silence.for_ms == 5400000);
    assert_string_equal(o.silence.topic, "news.alerts.silences");
    assert_string_equal(o.silence.created_by, "desk");
    na_consumer_cli_free(&o);
}

static void expect_usage(const char *want, ...)
{
    struct na_consumer_cli o;
    char err[512], *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, want);
    int argc = fixture_argv(argv, "newsalert-consumer", ap);
    va_end(ap);
    assert_int_equal(na_consumer_parse(argc, argv, &o, err, sizeof err), NA_EXIT_USAGE);
    if (!strstr(err, want))
        fail_msg("error \"%s\" lacks \"%s\"", err, want);
    na_consumer_cli_free(&o);
}

static void test_usage_errors(void **state)
{
    (void)state;
    expect_usage("silence add needs --rule RULE", "silence", "add", "-b", "k", "--for", "1h",
                 "--comment", "c", NULL);
    expect_usage("silence add needs --for DURATION", "silence", "add", "-b", "k", "--rule", "r",
                 "--comment", "c", NULL);
    expect_usage("silence add needs --comment TEXT", "silence", "add", "-b", "k", "--rule", "r",
                 "--for", "1h", NULL);
    expect_usage("--for 2x: expected a duration", "silence", "add", "--for", "2x", NULL);
    expect_usage("--match tone=dry: \"tone=dry\": expected LABEL=VALUE", "silence", "add",
                 "--match", "tone=dry", NULL);
    expect_usage("--starts-at soon: expected an ISO 8601 time", "silence", "add", "--starts-at",
                 "soon", NULL);
    expect_usage("silence expire needs ID", "silence", "expire", "-b", "k", NULL);
    expect_usage("unknown action \"mute\"", "silence", "mute", NULL);
    expect_usage("unknown option --rule", "silence", "list", "--rule", "r", "-b", "k", NULL);
    expect_usage("silence list: unexpected argument \"x\"", "silence", "list", "x", "-b", "k",
                 NULL);
}

static void test_list_expire_help(void **state)
{
    (void)state;
    struct na_consumer_cli o;
    char err[512];
    assert_int_equal(parse(&o, err, sizeof err, "silence", "expire", "abc", "-b", "k",
                           "--silences-topic", "s", NULL),
                     0);
    assert_int_equal(o.silence.action, NA_SILENCE_EXPIRE);
    assert_string_equal(o.silence.id, "abc");
    assert_string_equal(o.silence.topic, "s");
    na_consumer_cli_free(&o);
    assert_int_equal(
        parse(&o, err, sizeof err, "silence", "list", "--all", "--json", "-b", "k", NULL), 0);
    assert_true(o.silence.all && o.silence.json);
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "silence", "add", "--help", NULL), 0);
    assert_int_equal(o.silence.action, NA_SILENCE_HELP);
    na_consumer_cli_free(&o);
    assert_int_equal(parse(&o, err, sizeof err, "silence", NULL), 0);
    assert_int_equal(o.silence.action, NA_SILENCE_HELP);
    na_consumer_cli_free(&o);
}

static void test_rows_help_and_docs_agree(void **state)
{
    (void)state;
    assert_int_equal(drift_check(na_silence_cli_rows(), na_silence_cli_usage, "docs/silences.md"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_list_expire_help),
        cmocka_unit_test(test_rows_help_and_docs_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
