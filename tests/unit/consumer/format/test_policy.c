/* The link policy and markdown escaping shared by every formatter (consumer/format/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/format.h"

static void expect_link(const char *in, const char *want)
{
    char *got = na_format_link(in);
    if (!want && got)
        fail_msg("%s: accepted as link %s", in ? in : "(null)", got);
    if (want && (!got || strcmp(got, want)))
        fail_msg("%s: link %s, want %s", in ? in : "(null)", got ? got : "(refused)", want);
    free(got);
}

static void test_link_schemes(void **state)
{
    (void)state;
    expect_link("https://example.com/a", "https://example.com/a");
    expect_link("HTTP://Example.com", "http://Example.com/"); /* scheme lowered, path added */
    expect_link("javascript:alert(1)", NULL);
    expect_link("JavaScript://example.com/%0aalert(1)", NULL);
    expect_link("data:text/html,<script>alert(1)</script>", NULL);
    expect_link("file:///etc/passwd", NULL);
    expect_link("ftp://example.com/x", NULL);
    expect_link("//example.com/x", NULL);
    expect_link("example.com", NULL);
    expect_link("", NULL);
    expect_link(NULL, NULL);
}

static void test_link_malformed(void **state)
{
    (void)state;
    expect_link("http://[::1", NULL);
    expect_link("http://", NULL);
    expect_link("http://exa mple.com/", NULL);
    expect_link("http://example.com/a b", NULL);
    expect_link("http://example.com/\r\nX-Injected: 1", NULL);
    expect_link("http://example.com/\tx", NULL);
    char *long_url = malloc(NA_FORMAT_LINK_MAX + 32);
    strcpy(long_url, "https://example.com/");
    memset(long_url + 20, 'a', NA_FORMAT_LINK_MAX);
    long_url[NA_FORMAT_LINK_MAX + 20] = '\0';
    expect_link(long_url, NULL);
    free(long_url);
}

static void test_link_breakers_encoded(void **state)
{
    (void)state;
    /* What ends a link in Slack (<url|text>), HTML attributes or markdown is percent-encoded. */
    char *got = na_format_link("https://example.com/a?x=<b>|\"'`{}^");
    assert_non_null(got);
    assert_null(strpbrk(got, "<>|\"'`{}^ "));
    assert_string_equal(got, "https://example.com/a?x=%3Cb%3E%7C%22%27%60%7B%7D%5E");
    free(got);
}

static void test_md_escape(void **state)
{
    (void)state;
    char *e = na_format_md_escape("[click](http://evil) *b* <@1> `c` _i_ ~s~ > q # h");
    assert_string_equal(e, "\\[click\\]\\(http://evil\\) \\*b\\* \\<@1\\> \\`c\\` \\_i\\_ \\~s\\~ "
                           "\\> q \\# h");
    free(e);
    /* A cut never leaves a lone backslash that would escape the ellipsis. */
    char *c = na_format_md_cut("ab\\*cdef", 4);
    assert_string_equal(c, "ab…");
    free(c);
    c = na_format_md_cut("a\\*bcdef", 5);
    assert_string_equal(c, "a\\*b…");
    free(c);
    char *f = na_format_md_field(NULL, 10);
    assert_string_equal(f, "-");
    free(f);
    f = na_format_md_field("", 10);
    assert_string_equal(f, "-");
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_schemes),
        cmocka_unit_test(test_link_malformed),
        cmocka_unit_test(test_link_breakers_encoded),
        cmocka_unit_test(test_md_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
