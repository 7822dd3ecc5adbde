/* Standard Webhooks signatures match the reference libraries' test vector. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config/destinations.h"
#include "delivery/sign.h"

/* The vector from the Standard Webhooks reference test suites. */
static void test_known_vector(void **state)
{
    (void)state;
    const char *cfg = "{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\","
                      " \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}}}";
    char err[256];
    na_destinations *c = na_destinations_parse(cfg, strlen(cfg), "t", NULL, err, sizeof err);
    assert_non_null(c);
    const char *body = "{\"test\": 2432232314}";
    char sig[NA_SIGN_MAX];
    assert_int_equal(na_sign_standard(c->items[0].key, c->items[0].key_len,
                                      "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
                                      strlen(body), sig),
                     0);
    assert_string_equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    /* Any change to id, timestamp or body changes the signature. */
    char other[NA_SIGN_MAX];
    na_sign_standard(c->items[0].key, c->items[0].key_len, "msg_p5jXN8AQM9LWM0D4loKWxJek",
                     1614265331, body, strlen(body), other);
    assert_string_not_equal(sig, other);
    na_sign_standard(c->items[0].key, c->items[0].key_len, "msg_p5jXN8AQM9LWM0D4loKWxJeK",
                     1614265330, body, strlen(body), other);
    assert_string_not_equal(sig, other);
    na_destinations_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_known_vector)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
