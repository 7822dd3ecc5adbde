/* One conf builder for every client: defaults then -X, the topic. prefix, global before topic,
 * one error form, one syslog-level map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/kafka.h"
#include "newsalert/log.h"

static const na_kafka_prop fixed[] = {
    {"client.id", "na-test"}, {"linger.ms", "5"}, {"acks", "all"}};

static void expect_global(rd_kafka_conf_t *c, const char *key, const char *want)
{
    char v[256];
    size_t n = sizeof v;
    assert_int_equal(rd_kafka_conf_get(c, key, v, &n), RD_KAFKA_CONF_OK);
    assert_string_equal(v, want);
}

static void expect_topic(rd_kafka_conf_t *c, const char *key, const char *want)
{
    const rd_kafka_topic_conf_t *t = rd_kafka_conf_get_default_topic_conf(c);
    assert_non_null(t);
    char v[256];
    size_t n = sizeof v;
    assert_int_equal(rd_kafka_topic_conf_get(t, key, v, &n), RD_KAFKA_CONF_OK);
    assert_string_equal(v, want);
}

static void test_defaults_then_x(void **state)
{
    (void)state;
    const char *props[] = {"linger.ms=50", "message.timeout.ms=1234"};
    char err[256] = "";
    rd_kafka_conf_t *c = na_kafka_conf_new(fixed, 3, props, 2, err, sizeof err);
    assert_non_null(c);
    expect_global(c, "client.id", "na-test");
    expect_global(c, "linger.ms", "50"); /* -X overrides the default */
    /* topic properties land in the default topic config, whoever gave them */
    expect_topic(c, "acks", "-1");
    expect_topic(c, "message.timeout.ms", "1234");
    rd_kafka_conf_destroy(c);
}

static void test_topic_prefix(void **state)
{
    (void)state;
    const char *props[] = {"topic.acks=1", "topic.message.timeout.ms=4321"};
    char err[256] = "";
    rd_kafka_conf_t *c = na_kafka_conf_new(fixed, 3, props, 2, err, sizeof err);
    assert_non_null(c);
    expect_topic(c, "acks", "1");
    expect_topic(c, "message.timeout.ms", "4321");
    rd_kafka_conf_destroy(c);
}

/* Global properties whose own name starts with "topic." are set, not refused as unknown topic
 * properties: the daemon's fixed topic.metadata.refresh.interval.ms is one. */
static void test_global_named_topic(void **state)
{
    (void)state;
    const na_kafka_prop rows[] = {{"topic.metadata.refresh.interval.ms", "10000"}};
    const char *props[] = {"topic.metadata.refresh.fast.interval.ms=123", "topic.acks=1"};
    char err[256] = "";
    rd_kafka_conf_t *c = na_kafka_conf_new(rows, 1, props, 2, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    expect_global(c, "topic.metadata.refresh.interval.ms", "10000");
    expect_global(c, "topic.metadata.refresh.fast.interval.ms", "123");
    expect_topic(c, "acks", "1");
    rd_kafka_conf_destroy(c);
    const char *bad[] = {"topic.no.such.thing=1"};
    assert_null(na_kafka_conf_new(rows, 1, bad, 1, err, sizeof err));
    assert_non_null(strstr(err, "topic.no.such.thing"));
}

/* prop is refused with "prefix" then librdkafka's reason (or exactly prefix when whole). */
static void expect_refused(const char *prop, const char *prefix, int whole)
{
    const char *props[] = {"linger.ms=7", prop};
    char err[512] = "";
    assert_null(na_kafka_conf_new(fixed, 3, props, 2, err, sizeof err));
    if (strncmp(err, prefix, strlen(prefix)))
        fail_msg("-X %s: got \"%s\", want a message starting \"%s\"", prop, err, prefix);
    if (whole)
        assert_string_equal(err, prefix);
    else
        assert_true(strlen(err) > strlen(prefix));
}

static void test_one_error_form(void **state)
{
    (void)state;
    expect_refused("no.such.property=1", "-X no.such.property: ", 0);
    expect_refused("acks=banana", "-X acks: ", 0);
    expect_refused("topic.no.such=1", "-X topic.no.such: ", 0);
    expect_refused("linger.ms=-5", "-X linger.ms: ", 0);
    expect_refused("novalue", "-X novalue: expected key=value", 1);
    expect_refused("=x", "-X =x: expected key=value", 1);
    /* a bad default names the key (no -X: the user did not write it) */
    const na_kafka_prop bad[] = {{"linger.ms", "often"}};
    char err[512] = "";
    assert_null(na_kafka_conf_new(bad, 1, NULL, 0, err, sizeof err));
    assert_int_equal(strncmp(err, "linger.ms: ", 11), 0);
}

static void test_set_one(void **state)
{
    (void)state;
    rd_kafka_conf_t *c = rd_kafka_conf_new();
    char err[256];
    assert_int_equal(na_kafka_conf_set(c, "request.timeout.ms", "999", err, sizeof err), 0);
    expect_topic(c, "request.timeout.ms", "999"); /* a topic-only property */
    assert_int_equal(na_kafka_conf_set(c, "socket.timeout.ms", "888", err, sizeof err), 0);
    expect_global(c, "socket.timeout.ms", "888");
    assert_int_equal(na_kafka_conf_set(c, "topic.message.timeout.ms", "777", err, sizeof err), 0);
    expect_topic(c, "message.timeout.ms", "777");
    expect_topic(c, "request.timeout.ms", "999"); /* the prefix used the same topic config */
    assert_true(na_kafka_conf_set(c, "bogus", "1", err, sizeof err) < 0);
    assert_int_equal(strncmp(err, "bogus: ", 7), 0);
    rd_kafka_conf_destroy(c);
}

/* Keys both configs know go to the global one: kcat's topic-first order would set the legacy
 * topic property "auto.commit.enable", which the group consumer ignores (it then commits). */
static void test_global_wins_over_legacy_topic_alias(void **state)
{
    (void)state;
    const char *props[] = {"enable.auto.commit=false", "auto.commit.interval.ms=2500"};
    char err[256] = "";
    rd_kafka_conf_t *c = na_kafka_conf_new(NULL, 0, props, 2, err, sizeof err);
    assert_non_null(c);
    expect_global(c, "enable.auto.commit", "false");
    expect_global(c, "auto.commit.interval.ms", "2500");
    const rd_kafka_topic_conf_t *t = rd_kafka_conf_get_default_topic_conf(c);
    if (t) { /* untouched if it exists at all */
        char v[64];
        size_t n = sizeof v;
        assert_int_equal(rd_kafka_topic_conf_get(t, "auto.commit.enable", v, &n), RD_KAFKA_CONF_OK);
        assert_string_equal(v, "true");
    }
    rd_kafka_conf_destroy(c);
}

static void test_level_map(void **state)
{
    (void)state;
    const int want[8] = {NA_LOG_ERROR, NA_LOG_ERROR, NA_LOG_ERROR, NA_LOG_ERROR,
                         NA_LOG_WARN,  NA_LOG_INFO,  NA_LOG_INFO,  NA_LOG_DEBUG};
    for (int l = 0; l < 8; l++)
        assert_int_equal(na_kafka_log_level(l), want[l]);
}

static void test_list(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    na_kafka_props_list(f);
    fclose(f);
    assert_non_null(strstr(buf, "bootstrap.servers"));
    assert_non_null(strstr(buf, "enable.idempotence"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_then_x),
        cmocka_unit_test(test_topic_prefix),
        cmocka_unit_test(test_global_named_topic),
        cmocka_unit_test(test_one_error_form),
        cmocka_unit_test(test_set_one),
        cmocka_unit_test(test_global_wins_over_legacy_topic_alias),
        cmocka_unit_test(test_level_map),
        cmocka_unit_test(test_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
