/* Token bucket, backoff bounds, Discord's retry_after, status classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "delivery/backoff.h"
#include "delivery/delivery.h"
#include "delivery/token_bucket.h"

static void test_token_bucket(void **state)
{
    (void)state;
    na_token_bucket tb;
    na_token_bucket_init(&tb, 2, 3, 1000);
    for (int i = 0; i < 3; i++)
        assert_true(na_token_bucket_take(&tb, 1000));
    assert_false(na_token_bucket_take(&tb, 1000));
    assert_int_equal(na_token_bucket_wait_ms(&tb, 1000), 500);
    assert_false(na_token_bucket_take(&tb, 1499));
    assert_true(na_token_bucket_take(&tb, 1500));
    /* Idle time refills up to the burst, never beyond. */
    int got = 0;
    while (na_token_bucket_take(&tb, 100000))
        got++;
    assert_int_equal(got, 3);
    /* Rate 0 is unlimited. */
    na_token_bucket_init(&tb, 0, 1, 0);
    for (int i = 0; i < 1000; i++)
        assert_true(na_token_bucket_take(&tb, 0));
    assert_int_equal(na_token_bucket_wait_ms(&tb, 0), 0);
}

static void test_backoff_bounds(void **state)
{
    (void)state;
    uint64_t rng = 88172645463325252ull;
    for (int attempt = 1; attempt <= 20; attempt++) {
        int64_t cap = 500;
        for (int i = 1; i < attempt && cap < 60000; i++)
            cap *= 2;
        if (cap > 60000)
            cap = 60000;
        int64_t lo = cap, hi = 0;
        for (int k = 0; k < 2000; k++) {
            int64_t v = na_backoff_delay_ms(500, 60000, attempt, &rng);
            assert_true(v >= 0 && v <= cap);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        /* Full jitter: the draws spread over the whole range. */
        assert_true(lo < cap / 10 + 1);
        assert_true(hi > cap - cap / 10 - 1);
    }
}

/* Discord's body hint (the Retry-After header itself: unit/common/test_retry.c). */
static void test_discord_retry(void **state)
{
    (void)state;
    const char *discord = "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.35,"
                          " \"global\": false}";
    assert_int_equal(na_backoff_discord_retry_ms(discord, strlen(discord)), 350);
    assert_int_equal(na_backoff_discord_retry_ms("{}", 2), -1);
    assert_int_equal(na_backoff_discord_retry_ms("not json", 8), -1);
}

static void test_classify(void **state)
{
    (void)state;
    assert_int_equal(na_delivery_classify(200), NA_CLASS_SUCCESS);
    assert_int_equal(na_delivery_classify(204), NA_CLASS_SUCCESS);
    assert_int_equal(na_delivery_classify(0), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify(408), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify(429), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify(500), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify(503), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify(400), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify(401), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify(413), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify(302), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify(404), NA_CLASS_DISABLE);
    assert_int_equal(na_delivery_classify(410), NA_CLASS_DISABLE);
}

/* Transport errors: what cannot change between attempts is permanent, the rest is retried. */
static void test_classify_curl(void **state)
{
    (void)state;
    assert_int_equal(na_delivery_classify_curl(CURLE_OK), NA_CLASS_SUCCESS);
    assert_int_equal(na_delivery_classify_curl(CURLE_URL_MALFORMAT), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify_curl(CURLE_UNSUPPORTED_PROTOCOL), NA_CLASS_PERMANENT);
    assert_int_equal(na_delivery_classify_curl(CURLE_COULDNT_CONNECT), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify_curl(CURLE_COULDNT_RESOLVE_HOST), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify_curl(CURLE_OPERATION_TIMEDOUT), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify_curl(CURLE_GOT_NOTHING), NA_CLASS_RETRY);
    assert_int_equal(na_delivery_classify_curl(CURLE_SEND_ERROR), NA_CLASS_RETRY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_bucket),  cmocka_unit_test(test_backoff_bounds),
        cmocka_unit_test(test_discord_retry), cmocka_unit_test(test_classify_curl),
        cmocka_unit_test(test_classify),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
