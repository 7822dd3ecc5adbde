/* The window stage's ordering: watermarks from every source, release order, lateness, idle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "stream/order.h"

struct seen {
    char ids[16][16];
    int64_t t[16];
    size_t n;
};

static int collect(const na_match *m, void *ud)
{
    struct seen *s = ud;
    snprintf(s->ids[s->n], sizeof s->ids[0], "%s", m->article_id);
    s->t[s->n++] = m->time_ms;
    return 0;
}

static na_match match(const char *id, int64_t t)
{
    return (na_match){"surge", "*", id, t, "headline", NULL, NULL, NULL};
}

static void test_waits_for_every_source(void **state)
{
    (void)state;
    na_order *o = na_order_new();
    struct seen s = {0};
    na_match a = match("a", 300), b = match("b", 100), c = match("c", 200);
    assert_int_equal(na_order_add(o, &a, 310), 1);
    assert_int_equal(na_order_add(o, &b, 110), 1);
    assert_int_equal(na_order_add(o, &c, 210), 1);
    assert_int_equal(na_order_watermark(o, 0, 2, 1000, 0), 0);
    assert_true(na_order_low(o) == INT64_MIN); /* source 1 not heard yet */
    assert_int_equal(na_order_release(o, collect, &s), 0);
    assert_int_equal(na_order_watermark(o, 1, 2, 250, 0), 0);
    assert_int_equal(na_order_low(o), 250);
    assert_int_equal(na_order_release(o, collect, &s), 2); /* b, c: in time order */
    assert_string_equal(s.ids[0], "b");
    assert_string_equal(s.ids[1], "c");
    assert_int_equal(na_order_pending(o), 1);
    assert_int_equal(na_order_frontier(o), 210);
    na_match late = match("late", 150);
    assert_int_equal(na_order_add(o, &late, 160), 0); /* behind c, already released */
    na_match ok = match("ok", 205);
    assert_int_equal(na_order_add(o, &ok, 215), 1); /* behind the watermark, not behind c */
    assert_int_equal(na_order_release(o, collect, &s), 1);
    assert_string_equal(s.ids[2], "ok");
    assert_int_equal(na_order_watermark(o, 1, 2, 320, 0), 0);
    assert_int_equal(na_order_release(o, collect, &s), 1);
    assert_string_equal(s.ids[3], "a");
    assert_int_equal(na_order_pending(o), 0);
    na_order_destroy(o);
}

/* A source can go back in time (undated records first): the low watermark follows it, so the
 * dated matches behind it still wait for every source. Idle sources do not hold back. */
static void test_regressing_and_idle_sources(void **state)
{
    (void)state;
    na_order *o = na_order_new();
    struct seen s = {0};
    assert_int_equal(na_order_watermark(o, 0, 3, 9000, 0), 0); /* an undated record: now */
    assert_int_equal(na_order_watermark(o, 1, 3, 9000, 0), 0);
    assert_int_equal(na_order_watermark(o, 2, 3, -1, 1), 0); /* empty, idle */
    na_match now = match("now", 9000), old = match("old", 100);
    assert_int_equal(na_order_add(o, &now, 9010), 1);
    assert_int_equal(na_order_watermark(o, 0, 3, 100, 0), 0); /* back to the dated items */
    assert_int_equal(na_order_add(o, &old, 110), 1);
    assert_int_equal(na_order_low(o), 100);
    assert_int_equal(na_order_release(o, collect, &s), 0);
    assert_int_equal(na_order_watermark(o, 1, 3, 500, 0), 0);
    assert_int_equal(na_order_release(o, collect, &s), 0); /* source 0 still at 100 */
    assert_int_equal(na_order_watermark(o, 0, 3, 600, 0), 0);
    assert_int_equal(na_order_release(o, collect, &s), 1);
    assert_string_equal(s.ids[0], "old");
    assert_int_equal(na_order_watermark(o, 0, 3, 600, 1), 0);
    assert_int_equal(na_order_watermark(o, 1, 3, 600, 1), 0);
    assert_true(na_order_low(o) == INT64_MAX);
    assert_int_equal(na_order_release(o, collect, &s), 1);
    assert_string_equal(s.ids[1], "now");
    assert_true(na_order_bytes(o) > 0);
    assert_int_equal(na_order_watermark(o, 3, 3, 0, 0), NA_EINVAL);
    na_order_destroy(o);
}

/* Equal times leave in a fixed order whatever the arrival order (rule, group, article). */
static void test_ties_are_deterministic(void **state)
{
    (void)state;
    const char *ids[] = {"c", "a", "b"};
    for (int round = 0; round < 2; round++) {
        na_order *o = na_order_new();
        struct seen s = {0};
        for (int i = 0; i < 3; i++) {
            na_match m = match(ids[round ? 2 - i : i], 50);
            assert_int_equal(na_order_add(o, &m, 50), 1);
        }
        assert_int_equal(na_order_watermark(o, 0, 1, 50, 0), 0);
        assert_int_equal(na_order_release(o, collect, &s), 3);
        assert_string_equal(s.ids[0], "a");
        assert_string_equal(s.ids[1], "b");
        assert_string_equal(s.ids[2], "c");
        na_order_destroy(o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_waits_for_every_source),
                                       cmocka_unit_test(test_regressing_and_idle_sources),
                                       cmocka_unit_test(test_ties_are_deterministic)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
