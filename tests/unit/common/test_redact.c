/* common/redact.c: secrets in log text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/redact.h"

static void same(const char *in, const char *want)
{
    char out[1024];
    na_redact(in, out, sizeof out);
    assert_string_equal(out, want);
}

static void urls(void **state)
{
    (void)state;
    same("feed: https://user:hunter2@example.org/rss?token=abc123&page=2#x: HTTP 500",
         "feed: https://***@example.org/rss?token=***&page=***#***: HTTP 500");
    same("POST https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX failed",
         "POST https://hooks.slack.com/services/T0001/B0002/*** failed");
    same("https://discord.com/api/webhooks/123456789012345678/aBcD-eFgH_1234567890abcdefghij",
         "https://discord.com/api/webhooks/123456789012345678/***"); /* ids are not secret */
    same("https://news.example.org/2024/05/a-long-article-title-here.html ok",
         "https://news.example.org/2024/05/a-long-article-title-here.html ok");
    same("https://x.org/feed/550e8400-e29b-41d4-a716-446655440000/rss",
         "https://x.org/feed/***/rss");
    same("no url here: a://", "no url here: a://");
}

static void key_values_and_webhook_secrets(void **state)
{
    (void)state;
    same("-X sasl.password=s3cr3t: unknown", "-X sasl.password=***: unknown");
    same("{\"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}", "{\"secret\": \"***\"}");
    same("{\"password\": \"hunter2\"}", "{\"password\": \"***\"}");
    same("signing with whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw now", "signing with whsec_*** now");
    same("passwords are fine, password=x1", "passwords are fine, password=***");
    same("destination \"a\": \"secret\": must be a string", /* a message keeps its words */
         "destination \"a\": \"secret\": must be a string");
}

static void cut_to_size(void **state)
{
    (void)state;
    char out[8];
    size_t n = na_redact("https://u:p@host/", out, sizeof out);
    assert_int_equal(n, 7);
    assert_string_equal(out, "https:/");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(urls),
        cmocka_unit_test(key_values_and_webhook_secrets),
        cmocka_unit_test(cut_to_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
