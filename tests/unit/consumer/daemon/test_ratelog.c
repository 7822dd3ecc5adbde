/* Rate-limited logs: one line per reason per interval, the repeats counted for the next one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "daemon/ratelog.h"

static void test_one_line_per_interval(void **state)
{
    (void)state;
    na_ratelog *rl = na_ratelog_new(10000);
    assert_non_null(rl);
    unsigned long held = 99;
    int printed = 0;
    /* A million failures over 90 s (one every 90 us) give 9 lines, not a million. */
    for (int64_t i = 0; i < 1000000; i++)
        printed += na_ratelog_allow(rl, "write to dlq failed (Broker: Unknown topic)",
                                    1000000 + i * 90 / 1000, &held);
    assert_int_equal(printed, 9);
    /* The next line after the interval reports what was held back since the last one. */
    assert_int_equal(na_ratelog_allow(rl, "write to dlq failed (Broker: Unknown topic)",
                                      1000000 + 90000 + 10000, &held),
                     1);
    assert_true(held > 100000);
    /* Another reason has its own slot: printed at once, nothing held. */
    assert_int_equal(na_ratelog_allow(rl, "write to dlq failed (Local: Timed out)", 1090001, &held),
                     1);
    assert_int_equal(held, 0);
    assert_int_equal(na_ratelog_allow(rl, "write to dlq failed (Local: Timed out)", 1090002, &held),
                     0);
    na_ratelog_destroy(rl);
}

static void test_many_reasons(void **state)
{
    (void)state;
    na_ratelog *rl = na_ratelog_new(1000);
    unsigned long held;
    char reason[32];
    /* More reasons than slots: each new one still gets its first line. */
    for (int i = 0; i < 100; i++) {
        snprintf(reason, sizeof reason, "reason %d", i);
        assert_int_equal(na_ratelog_allow(rl, reason, 5000 + i, &held), 1);
    }
    assert_int_equal(na_ratelog_allow(rl, "reason 99", 5100, &held), 0);
    na_ratelog_destroy(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_line_per_interval),
        cmocka_unit_test(test_many_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
