/* The two clocks: monotonic never goes back and measures a sleep; wall agrees with time(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "newsalert/clock.h"

static void test_mono_measures_a_sleep(void **state)
{
    (void)state;
    int64_t t0 = na_clock_mono_ms(), prev = t0;
    for (int i = 0; i < 1000; i++) {
        int64_t t = na_clock_mono_ms();
        assert_true(t >= prev);
        prev = t;
    }
    struct timespec nap = {0, 30 * 1000000};
    nanosleep(&nap, NULL);
    int64_t dt = na_clock_mono_ms() - t0;
    assert_true(dt >= 30);
    assert_true(dt < 30000);
}

static void test_wall_is_unix_ms(void **state)
{
    (void)state;
    /* time() reads the coarse clock, which may lag CLOCK_REALTIME by a tick across a second's
     * edge: a second of slack either side. */
    int64_t before = ((int64_t)time(NULL) - 1) * 1000;
    int64_t w = na_clock_wall_ms();
    int64_t after = ((int64_t)time(NULL) + 2) * 1000;
    assert_true(w >= before && w <= after);
    assert_true(w > INT64_C(1577836800000)); /* after 2020: milliseconds, not seconds */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mono_measures_a_sleep),
        cmocka_unit_test(test_wall_is_unix_ms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
