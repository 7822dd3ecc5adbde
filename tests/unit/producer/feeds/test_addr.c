/* The address policy of article fetches (producer/feeds/addr.c). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/addr.h"

/* The refusal for a numeric address, "public" when allowed. */
static const char *why(const char *ip)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1)
        v4->sin_family = AF_INET;
    else if (inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1)
        v6->sin6_family = AF_INET6;
    else
        fail_msg("%s: not an address", ip);
    const char *w = na_feed_addr_refusal((struct sockaddr *)&ss);
    return w ? w : "public";
}

static void test_ipv4(void **state)
{
    (void)state;
    assert_string_equal(why("127.0.0.1"), "loopback");
    assert_string_equal(why("127.255.255.254"), "loopback");
    assert_string_equal(why("10.0.0.1"), "private");
    assert_string_equal(why("10.255.255.255"), "private");
    assert_string_equal(why("172.16.0.1"), "private");
    assert_string_equal(why("172.31.255.255"), "private");
    assert_string_equal(why("192.168.1.1"), "private");
    assert_string_equal(why("100.64.0.1"), "private");
    assert_string_equal(why("169.254.169.254"), "link-local");
    assert_string_equal(why("0.0.0.0"), "reserved");
    assert_string_equal(why("224.0.0.1"), "multicast");
    assert_string_equal(why("239.255.255.250"), "multicast");
    assert_string_equal(why("240.0.0.1"), "reserved");
    assert_string_equal(why("255.255.255.255"), "reserved");
    assert_string_equal(why("192.0.2.1"), "reserved");
    /* Neighbours of the blocks are public. */
    assert_string_equal(why("11.0.0.1"), "public");
    assert_string_equal(why("172.32.0.1"), "public");
    assert_string_equal(why("172.15.255.255"), "public");
    assert_string_equal(why("93.184.216.34"), "public");
    assert_string_equal(why("8.8.8.8"), "public");
    assert_string_equal(why("126.255.255.255"), "public");
    assert_string_equal(why("223.255.255.255"), "public");
}

static void test_ipv6(void **state)
{
    (void)state;
    assert_string_equal(why("::1"), "loopback");
    assert_string_equal(why("::"), "reserved");
    assert_string_equal(why("::ffff:127.0.0.1"), "loopback");
    assert_string_equal(why("::ffff:169.254.169.254"), "link-local");
    assert_string_equal(why("64:ff9b::10.0.0.1"), "private");
    assert_string_equal(why("2002:7f00:1::"), "loopback"); /* 6to4 of 127.0.0.1 */
    assert_string_equal(why("fe80::1"), "link-local");
    assert_string_equal(why("fd00::1"), "private");
    assert_string_equal(why("fc00::1"), "private");
    assert_string_equal(why("ff02::1"), "multicast");
    assert_string_equal(why("2001:db8::1"), "reserved");
    assert_string_equal(why("2606:2800:220:1::1"), "public");
    assert_string_equal(why("::ffff:93.184.216.34"), "public");
}

static void test_format(void **state)
{
    (void)state;
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "169.254.169.254", &v4.sin_addr);
    char buf[64];
    na_feed_addr_format((struct sockaddr *)&v4, buf, sizeof buf);
    assert_string_equal(buf, "169.254.169.254");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
