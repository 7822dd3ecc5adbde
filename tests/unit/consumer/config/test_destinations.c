/* The destinations config: values resolved, defaults applied, every error placed and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/destinations.h"
#include "newsalert/json_pos.h"

static char err[512];

static na_destinations *parse(const char *text)
{
    err[0] = '\0';
    return na_destinations_parse(text, strlen(text), "cfg.json", NULL, err, sizeof err);
}

static void test_full_config(void **state)
{
    (void)state;
    setenv("NA_TEST_HOOK_URL", "https://hooks.example.net/T000/B000/XXXX", 1);
    setenv("NA_TEST_TOKEN", "Bearer abc", 1);
    na_destinations *c = parse(
        "{\"destinations\": {\n"
        " \"ops\": {\"type\": \"generic\", \"url\": {\"env\": \"NA_TEST_HOOK_URL\"},\n"
        "   \"headers\": {\"Authorization\": {\"env\": \"NA_TEST_TOKEN\"}, \"X-Team\": \"news\"},\n"
        "   \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\n"
        "   \"rate_limit\": {\"per_second\": 2, \"burst\": 4},\n"
        "   \"retry\": {\"max_attempts\": 3, \"max_age_s\": 60, \"initial_backoff_ms\": 100, "
        "\"max_backoff_ms\": 1000},\n"
        "   \"timeout_ms\": 2500, \"default\": true},\n"
        " \"chat\": {\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/x\", "
        "\"template\": \"{{headline}}\"}},\n"
        " \"delivery\": {\"max_in_flight\": 8, \"shutdown_grace_s\": 3},\n"
        " \"dead_letter_topic\": \"dlq.test\"}");
    assert_non_null(c);
    assert_int_equal(c->n, 2);
    assert_int_equal(c->max_in_flight, 8);
    assert_int_equal(c->shutdown_grace_s, 3);
    assert_string_equal(c->dlq_topic, "dlq.test");
    const na_destination *d = na_destinations_find(c, "ops");
    assert_non_null(d);
    assert_int_equal(d->type, NA_DEST_GENERIC);
    assert_string_equal(d->url, "https://hooks.example.net/T000/B000/XXXX");
    assert_int_equal(d->headers.n, 2);
    assert_string_equal(d->headers.items[0], "Authorization: Bearer abc");
    assert_string_equal(d->headers.items[1], "X-Team: news");
    assert_int_equal(d->key_len, 24);
    assert_true(d->rate_per_s == 2 && d->burst == 4);
    assert_int_equal(d->max_attempts, 3);
    assert_int_equal(d->max_age_ms, 60000);
    assert_int_equal(d->initial_backoff_ms, 100);
    assert_int_equal(d->max_backoff_ms, 1000);
    assert_int_equal(d->timeout_ms, 2500);
    assert_int_equal(d->connect_timeout_ms, 3000);
    assert_true(d->is_default);
    d = na_destinations_find(c, "chat");
    assert_int_equal(d->type, NA_DEST_SLACK);
    assert_null(d->key);
    assert_false(d->is_default);
    assert_string_equal(d->template_text, "{{headline}}");
    assert_int_equal(d->max_attempts, 0);               /* no count limit by default */
    assert_int_equal(d->max_age_ms, 6 * 3600 * 1000LL); /* hours, not seconds */
    assert_int_equal(c->queue_per_destination, 4096);
    assert_string_equal(c->retry_topic, "news.alerts.retry");
    assert_null(na_destinations_find(c, "nope"));
    na_destinations_destroy(c);
}

static void expect_error(const char *text, const char *want)
{
    na_destinations *c = parse(text);
    assert_null(c);
    if (strcmp(err, want))
        fail_msg("got  %s\nwant %s", err, want);
}

static void test_errors_are_placed(void **state)
{
    (void)state;
    unsetenv("NA_TEST_MISSING");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\",\n"
                 "  \"urll\": \"http://x\"}}}",
                 "cfg.json:2:3: unknown key \"urll\"");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\",\n"
                 "  \"url\": {\"env\": \"NA_TEST_MISSING\"}}}}",
                 "cfg.json:2:11: environment variable NA_TEST_MISSING is not set");
    expect_error(
        "{\"destinations\": {\"a\": {\"type\": \"fax\", \"url\": \"http://x\"}}}",
        "cfg.json:1:25: \"type\" must be \"slack\", \"discord\", \"teams\" or \"generic\"");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"retry\": {\"max_attempts\": -1}}}}",
                 "cfg.json:2:12: \"max_attempts\" must be a number from 0 to 1e+06");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"secret\": \"not-whsec\"}}}",
                 "cfg.json:2:2: \"secret\" must be \"whsec_\" followed by base64");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"slack\", \"url\": \"http://x\",\n"
                 " \"template\": \"{{headlin}}\"}}}",
                 "cfg.json:2:2: unknown placeholder {{headlin}}");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"ftp://x\"}}}",
                 "cfg.json:1:44: destination \"a\": \"url\" must be http:// or https://");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"headers\": {\"X-A\": \"one\\r\\nX-B: two\"}}}}",
                 "cfg.json:2:14: header \"X-A\": value must be one line");
    expect_error("{\"destinations\": {}, \"extra\": 1}", "cfg.json:1:22: unknown key \"extra\"");
    expect_error("{\"destinations\": {\"a\": {\"url\": \"http://x\"}}}",
                 "cfg.json:1:19: destination \"a\": missing \"type\"");
    /* Syntax errors do not quote the token: it may be a secret URL. */
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\"\n"
                 "  \"https://hooks.example/T0/B0/token\": 1}}}",
                 "cfg.json:2:37: '}' expected");
    /* The URL itself never appears in a message. */
    expect_error(
        "{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"gopher://secret-token\"}}}",
        "cfg.json:1:44: destination \"a\": \"url\" must be http:// or https://");
}

/* URLs are parsed at load as curl will parse them; the message names the destination only. */
static void test_malformed_urls(void **state)
{
    (void)state;
    static const struct {
        const char *url, *why;
    } bad[] = {
        {"http://[::1", "is not a valid URL (Bad IPv6 address)"},
        {"http://host/a b", "has a space or a line break"},
        {"http://host/a\\r\\nX-Evil: 1", "has a space or a line break"},
        {"http://", "is not a valid URL (No host part in the URL)"},
        {"https://:80/x", "is not a valid URL (No host part in the URL)"},
        {"http://exa mple.com/", "has a space or a line break"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512], want[256];
        snprintf(text, sizeof text,
                 "{\"destinations\": {\"ops\": {\"type\": \"generic\", \"url\": \"%s\"}}}",
                 bad[i].url);
        snprintf(want, sizeof want, "cfg.json:1:46: destination \"ops\": \"url\" %s", bad[i].why);
        expect_error(text, want);
        if (strlen(bad[i].url) > 8)
            assert_null(strstr(err, bad[i].url + 8)); /* never the URL itself */
    }
    na_destinations *c = parse("{\"destinations\": {\"ops\": {\"type\": \"generic\", "
                               "\"url\": \"http://[::1]:8080/hook?x=1\"}},"
                               " \"retry_topic\": \"r.test\", "
                               "\"delivery\": {\"queue_per_destination\": 10}}");
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(c->retry_topic, "r.test");
    assert_int_equal(c->queue_per_destination, 10);
    na_destinations_destroy(c);
}

static void test_examples_load(void **state)
{
    (void)state;
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src)
        skip();
    setenv("NEWSALERT_WEBHOOK_URL", "http://127.0.0.1:9/hook", 1);
    setenv("NEWSALERT_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1);
    setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x", 1);
    setenv("TEAMS_WORKFLOW_URL", "https://prod.example.logic.azure.com/workflows/x", 1);
    const char *ok[] = {"generic-signed.json", "slack.json", "teams.json"};
    char path[4096];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/config/examples/%s", src, ok[i]);
        na_destinations *c = na_destinations_load(path, err, sizeof err);
        if (!c)
            fail_msg("%s", err);
        assert_true(c->items[0].is_default);
        na_destinations_destroy(c);
    }
    /* discord.json reads its URL from a file next to it, which the repo does not ship. */
    snprintf(path, sizeof path, "%s/config/examples/discord.json", src);
    assert_null(na_destinations_load(path, err, sizeof err));
    assert_non_null(strstr(err, "discord-webhook-url.txt: No such file"));
}

static void test_redact(void **state)
{
    (void)state;
    char buf[128];
    na_destinations_redact_url("https://user:pw@hooks.slack.com/services/T/B/secret?x=1", buf,
                               sizeof buf);
    assert_string_equal(buf, "https://hooks.slack.com/…");
    na_destinations_redact_url("http://127.0.0.1:8080", buf, sizeof buf);
    assert_string_equal(buf, "http://127.0.0.1:8080/…");
}

static void test_json_pos(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, {\"b\": \"é\", \"c\": 2}],\n \"d\": {\"e\": {}}}";
    na_jpos *pos = na_jpos_scan(t, strlen(t));
    assert_non_null(pos);
    int line, col;
    assert_int_equal(na_jpos_find(pos, "/a/1/c", 1, &line, &col), 0);
    assert_int_equal(line, 1);
    assert_int_equal(col, 22); /* columns count code points, as jansson's do */
    assert_int_equal(na_jpos_find(pos, "/a/1", 0, &line, &col), 0);
    assert_int_equal(col, 11);
    assert_int_not_equal(na_jpos_find(pos, "/d/e/zz", 1, &line, &col), 0);
    assert_int_equal(line, 2); /* the deepest member that exists: "e" */
    assert_int_equal(col, 8);
    na_jpos_destroy(pos);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_config),   cmocka_unit_test(test_errors_are_placed),
        cmocka_unit_test(test_examples_load), cmocka_unit_test(test_redact),
        cmocka_unit_test(test_json_pos),      cmocka_unit_test(test_malformed_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
