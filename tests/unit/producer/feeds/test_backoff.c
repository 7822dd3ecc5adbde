/* Poll scheduling as pure functions: interval, backoff, jitter bounds, Retry-After. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "feeds/poll.h"
#include "newsalert/event.h"

static void test_backoff_doubles_and_caps(void **state)
{
    (void)state;
    assert_true(na_feed_next_delay(300, 0, -1, 3600) == 300);
    assert_true(na_feed_next_delay(300, 1, -1, 3600) == 600);
    assert_true(na_feed_next_delay(300, 2, -1, 3600) == 1200);
    assert_true(na_feed_next_delay(300, 3, -1, 3600) == 2400);
    assert_true(na_feed_next_delay(300, 4, -1, 3600) == 3600);
    assert_true(na_feed_next_delay(300, 1000, -1, 3600) == 3600);
    /* Long intervals still back off, up to four intervals. */
    assert_true(na_feed_next_delay(7200, 1, -1, 3600) == 14400);
    assert_true(na_feed_next_delay(7200, 3, -1, 3600) == 28800);
    assert_true(na_feed_next_delay(1, 3, -1, 10) == 8);
}

static void test_retry_after_is_a_floor(void **state)
{
    (void)state;
    assert_true(na_feed_next_delay(300, 1, 1800, 3600) == 1800);
    assert_true(na_feed_next_delay(300, 1, 10, 3600) == 600);
    assert_true(na_feed_next_delay(300, 1, 1e9, 3600) == NA_FEED_RETRY_AFTER_MAX);
}

static void test_jitter_bounds(void **state)
{
    (void)state;
    assert_true(na_feed_jitter(100, 0.0) == 90);
    assert_true(na_feed_jitter(100, 0.5) == 100);
    double hi = na_feed_jitter(100, 0.999999);
    assert_true(hi < 110 && hi > 109.99);
}

static void test_retry_after_parse(void **state)
{
    (void)state;
    int64_t now = na_time_parse("2022-04-26T09:00:00Z");
    /* The parser is common (unit/common/test_retry.c); here: its result in seconds. */
    assert_true(na_feed_retry_after("120", now) == 120);
    assert_true(na_feed_retry_after("1.5", now) == 1.5);
    assert_true(na_feed_retry_after("Tue, 26 Apr 2022 09:05:00 GMT", now) == 300);
    assert_true(na_feed_retry_after("soon", now) == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_doubles_and_caps),
        cmocka_unit_test(test_retry_after_is_a_floor),
        cmocka_unit_test(test_jitter_bounds),
        cmocka_unit_test(test_retry_after_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
