/* One Retry-After parser (seconds, fractions, HTTP dates, junk) and the capped doubling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "newsalert/event.h"
#include "newsalert/retry.h"

static void test_retry_after_seconds(void **state)
{
    (void)state;
    int64_t now = na_time_parse("2015-10-21T07:28:00Z");
    assert_int_equal(na_retry_after_ms("120", now), 120000);
    assert_int_equal(na_retry_after_ms(" 0 ", now), 0);
    assert_int_equal(na_retry_after_ms("0.35", now), 350);
    assert_int_equal(na_retry_after_ms("\t7\r\n", now), 7000); /* as read off a header line */
    assert_int_equal(na_retry_after_ms("31536000", now), NA_RETRY_AFTER_MAX_MS);
    assert_int_equal(na_retry_after_ms("31536001", now), -1); /* over a year: nonsense */
    assert_int_equal(na_retry_after_ms("-5", now), -1);
    assert_int_equal(na_retry_after_ms("12abc", now), -1);
    assert_int_equal(na_retry_after_ms("", now), -1);
    assert_int_equal(na_retry_after_ms(NULL, now), -1);
}

static void test_retry_after_dates(void **state)
{
    (void)state;
    int64_t now = na_time_parse("2015-10-21T07:28:00Z");
    assert_int_equal(na_retry_after_ms("Wed, 21 Oct 2015 07:28:30 GMT", now), 30000);
    assert_int_equal(na_retry_after_ms("Wed, 21 Oct 2015 07:27:00 GMT", now), 0); /* past */
    assert_int_equal(na_retry_after_ms("Thu, 21 Oct 2027 07:28:00 GMT", now), -1);
    assert_int_equal(na_retry_after_ms("soon", now), -1);
}

static void test_backoff_doubles_and_caps(void **state)
{
    (void)state;
    assert_int_equal(na_retry_backoff_ms(500, 60000, 0), 500);
    assert_int_equal(na_retry_backoff_ms(500, 60000, 1), 1000);
    assert_int_equal(na_retry_backoff_ms(500, 60000, 6), 32000);
    assert_int_equal(na_retry_backoff_ms(500, 60000, 7), 60000);
    assert_int_equal(na_retry_backoff_ms(500, 60000, 4000000000u), 60000);
    assert_int_equal(na_retry_backoff_ms(500, 300, 0), 300); /* the cap wins from the start */
    assert_int_equal(na_retry_backoff_ms(INT64_MAX / 2 + 1, INT64_MAX, 5), INT64_MAX);
    assert_int_equal(na_retry_backoff_ms(0, 60000, 3), 0);
    assert_int_equal(na_retry_backoff_ms(-1, 60000, 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after_seconds),
        cmocka_unit_test(test_retry_after_dates),
        cmocka_unit_test(test_backoff_doubles_and_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
