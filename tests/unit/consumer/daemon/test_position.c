/* --from and --until in kcat's words and ISO 8601. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "daemon/position.h"

static void expect_from(const char *s, na_from_kind kind, int64_t value)
{
    na_from f;
    char err[256];
    assert_int_equal(na_from_parse(s, &f, err, sizeof err), NA_OK);
    assert_int_equal(f.kind, kind);
    assert_true(f.value == value);
}

static void test_from(void **state)
{
    (void)state;
    expect_from("stored", NA_FROM_STORED, 0);
    expect_from("beginning", NA_FROM_BEGINNING, 0);
    expect_from("end", NA_FROM_END, 0);
    expect_from("1234", NA_FROM_OFFSET, 1234);
    expect_from("-10", NA_FROM_TAIL, 10);
    expect_from("s@1654041600000", NA_FROM_TIME, 1654041600000LL);
    expect_from("2022-06-01T00:00:00Z", NA_FROM_TIME, 1654041600000LL);
    expect_from("2022-06-01", NA_FROM_TIME, 1654041600000LL);
}

static void test_from_errors(void **state)
{
    (void)state;
    const char *bad[] = {"", "start", "-0", "12x", "s@", "s@-5", "2022-13-01T00:00:00Z", "--3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        na_from f;
        char err[256] = "";
        assert_int_equal(na_from_parse(bad[i], &f, err, sizeof err), NA_EINVAL);
        assert_non_null(strstr(err, "--from"));
    }
}

static void test_until(void **state)
{
    (void)state;
    int64_t t;
    char err[256];
    assert_int_equal(na_until_parse("2022-07-01T00:00:00Z", &t, err, sizeof err), NA_OK);
    assert_true(t == 1656633600000LL);
    assert_int_equal(na_until_parse("e@1656633600000", &t, err, sizeof err), NA_OK);
    assert_true(t == 1656633600000LL);
    assert_int_equal(na_until_parse("tomorrow", &t, err, sizeof err), NA_EINVAL);
    assert_non_null(strstr(err, "--until \"tomorrow\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_from),
                                       cmocka_unit_test(test_from_errors),
                                       cmocka_unit_test(test_until)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
