/* Producer replay pacing (--speed, --max-gap): waits from published-time deltas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pace.h"

static void test_speed_divides_spacing(void **state)
{
    (void)state;
    na_pace p;
    na_pace_init(&p, 10, 60000);
    assert_int_equal(na_pace_delay(&p, 1000000), 0); /* the first event goes at once */
    assert_int_equal(na_pace_delay(&p, 1010000), 1000);
    assert_int_equal(na_pace_delay(&p, 1010000), 0); /* same time */
    assert_int_equal(na_pace_delay(&p, 1040000), 3000);
    assert_int_equal(p.waited_ms, 4000);
    assert_int_equal(p.capped, 0);
}

static void test_max_gap_and_disorder(void **state)
{
    (void)state;
    na_pace p;
    na_pace_init(&p, 1, 500);
    assert_int_equal(na_pace_delay(&p, 0), 0);
    assert_int_equal(na_pace_delay(&p, 3600000), 500); /* an hour, cut to the cap */
    assert_int_equal(p.capped, 1);
    assert_int_equal(na_pace_delay(&p, 1000), 0);      /* older: no wait, clock kept */
    assert_int_equal(na_pace_delay(&p, -1), 0);        /* unknown time: no wait */
    assert_int_equal(na_pace_delay(&p, 3600200), 200); /* from the newest seen */
    assert_int_equal(p.capped, 1);
}

static void test_speed_zero_never_waits(void **state)
{
    (void)state;
    na_pace p;
    na_pace_init(&p, 0, 60000);
    assert_int_equal(na_pace_delay(&p, 0), 0);
    assert_int_equal(na_pace_delay(&p, 86400000), 0);
    assert_int_equal(p.waited_ms, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_speed_divides_spacing),
                                       cmocka_unit_test(test_max_gap_and_disorder),
                                       cmocka_unit_test(test_speed_zero_never_waits)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
