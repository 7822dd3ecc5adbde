/* Dead-letter records carry the reason, attempts, destination name (never a URL) and origin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/dlq.h"

static void test_undeliverable(void **state)
{
    (void)state;
    na_delivery_result r = {.tag = 1,
                            .alert_id = "al_1",
                            .destination = "ops",
                            .outcome = NA_OUTCOME_DEAD,
                            .reason = "HTTP 503; gave up after 8 attempts (max_attempts)",
                            .attempts = 8,
                            .last_status = 503,
                            .first_attempt_ms = 1643221800000,
                            .last_attempt_ms = 1643221860500,
                            .alert_json = "{\"id\":\"al_1\",\"rule_id\":\"sanctions\"}"};
    na_dlq_source src = {"news.articles", 2, 41};
    char *s = na_dlq_delivery_record(&r, &src);
    json_t *j = json_loads(s, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "undeliverable");
    assert_string_equal(json_string_value(json_object_get(j, "reason")), r.reason);
    assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 8);
    assert_int_equal(json_integer_value(json_object_get(j, "last_status")), 503);
    assert_string_equal(json_string_value(json_object_get(j, "destination")), "ops");
    assert_string_equal(json_string_value(json_object_get(j, "first_attempt")),
                        "2022-01-26T18:30:00Z");
    assert_string_equal(json_string_value(json_object_get(j, "last_attempt")),
                        "2022-01-26T18:31:00.500Z");
    json_t *alert = json_object_get(j, "alert");
    assert_string_equal(json_string_value(json_object_get(alert, "rule_id")), "sanctions");
    json_t *so = json_object_get(j, "source");
    assert_string_equal(json_string_value(json_object_get(so, "topic")), "news.articles");
    assert_int_equal(json_integer_value(json_object_get(so, "partition")), 2);
    assert_int_equal(json_integer_value(json_object_get(so, "offset")), 41);
    assert_null(strstr(s, "http"));
    json_decref(j);
    free(s);
}

static void test_poison(void **state)
{
    (void)state;
    na_dlq_source src = {"news.articles", 0, 7};
    char *s = na_dlq_poison_record("1:2: invalid token", &src, "{x", 2);
    json_t *j = json_loads(s, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "poison");
    assert_string_equal(json_string_value(json_object_get(j, "payload")), "{x");
    assert_int_equal(json_integer_value(json_object_get(j, "payload_size")), 2);
    json_decref(j);
    free(s);
    /* Binary payloads travel as base64; oversize ones are cut and say so. */
    s = na_dlq_poison_record("not UTF-8", &src, "\xff\xfe", 2);
    j = json_loads(s, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "payload_base64")), "//4=");
    json_decref(j);
    free(s);
    size_t big = NA_DLQ_PAYLOAD_MAX + 10;
    char *p = malloc(big);
    memset(p, 'a', big);
    s = na_dlq_poison_record("oversize", &src, p, big);
    j = json_loads(s, 0, NULL);
    assert_true(json_is_true(json_object_get(j, "payload_truncated")));
    assert_int_equal(strlen(json_string_value(json_object_get(j, "payload"))), NA_DLQ_PAYLOAD_MAX);
    assert_int_equal(json_integer_value(json_object_get(j, "payload_size")), big);
    json_decref(j);
    free(s);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undeliverable),
        cmocka_unit_test(test_poison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
