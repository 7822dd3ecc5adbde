/* Event-time windows: counts, duplicates, lateness, cooldown and expiry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "stream/window.h"

#define H 3600000LL

static void test_counts_and_duplicates(void **state)
{
    (void)state;
    na_window *w = na_window_new(6 * H, 1 * H);
    assert_int_equal(na_window_add(w, "Ukraine", 1 * H, "a"), 1);
    assert_int_equal(na_window_add(w, "Ukraine", 2 * H, "b"), 1);
    assert_int_equal(na_window_add(w, "Ukraine", 2 * H, "b"), 0); /* same article again */
    assert_int_equal(na_window_add(w, "Russia", 3 * H, "b"), 1);  /* other key counts apart */
    assert_int_equal(na_window_add(w, "Ukraine", 7 * H, "c"), 1);
    assert_int_equal(na_window_count(w, "Ukraine", 7 * H - 6 * H, 7 * H), 2); /* (1h, 7h] */
    assert_int_equal(na_window_count(w, "Ukraine", 0, 7 * H), 3);
    assert_int_equal(na_window_count(w, "Russia", 0, 7 * H), 1);
    assert_int_equal(na_window_count(w, "nobody", 0, 7 * H), 0);
    na_window_destroy(w);
}

static void test_lateness(void **state)
{
    (void)state;
    na_window *w = na_window_new(6 * H, 1 * H);
    assert_int_equal(na_window_add(w, "k", 10 * H, "a"), 1);
    assert_int_equal(na_window_add(w, "k", 9 * H + 1, "late-ok"), 1);
    assert_int_equal(na_window_add(w, "k", 9 * H - 1, "too-late"), 0);
    assert_int_equal(na_window_count(w, "k", 9 * H, 10 * H), 2);
    assert_true(na_window_newest(w) == 10 * H);
    na_window_destroy(w);
}

static void test_cooldown(void **state)
{
    (void)state;
    na_window *w = na_window_new(6 * H, 0);
    assert_false(na_window_cooling(w, "k", 5 * H, 2 * H));
    na_window_mark_alert(w, "k", 5 * H);
    assert_true(na_window_cooling(w, "k", 6 * H, 2 * H));
    assert_false(na_window_cooling(w, "k", 7 * H, 2 * H)); /* (5h, 7h]: the alert at 5h is out */
    assert_false(na_window_cooling(w, "other", 6 * H, 2 * H));
    na_window_destroy(w);
}

static void test_expire_and_many_keys(void **state)
{
    (void)state;
    na_window *w = na_window_new(2 * H, 0);
    char key[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        assert_int_equal(na_window_add(w, key, (int64_t)i * 1000, key), 1);
    }
    assert_int_equal(na_window_keys(w), 2000);
    assert_int_equal(na_window_count(w, "key-1999", 0, 10 * H), 1);
    na_window_add(w, "fresh", 10 * H, "x");
    na_window_expire(w, 10 * H);
    assert_int_equal(na_window_keys(w), 1);
    assert_int_equal(na_window_count(w, "fresh", 0, 10 * H), 1);
    assert_int_equal(na_window_count(w, "key-5", 0, 10 * H), 0);
    na_window_destroy(w);
}

static void test_recent_events(void **state)
{
    (void)state;
    na_window *w = na_window_new(6 * H, 0);
    assert_int_equal(na_window_add_labelled(w, "k", 1 * H, "a", "first"), 1);
    assert_int_equal(na_window_add_labelled(w, "k", 2 * H, "b", NULL), 1);
    assert_int_equal(na_window_add_labelled(w, "k", 3 * H, "c", "third"), 1);
    assert_int_equal(na_window_add_labelled(w, "k", 3 * H, "c", "again"), 0);
    na_window_event ev[2];
    assert_int_equal(na_window_recent(w, "k", 0, 3 * H, ev, 2), 2); /* the newest two */
    assert_string_equal(ev[0].event_id, "b");
    assert_null(ev[0].label);
    assert_string_equal(ev[1].event_id, "c");
    assert_string_equal(ev[1].label, "third");
    assert_int_equal(ev[1].t, 3 * H);
    assert_int_equal(na_window_recent(w, "k", 0, 2 * H, ev, 2), 2); /* up to 2h: a, b */
    assert_string_equal(ev[0].label, "first");
    assert_int_equal(na_window_recent(w, "none", 0, 3 * H, ev, 2), 0);
    na_window_destroy(w);
}

/* Out-of-order events (within lateness) land in time order across ring growth and wrap. */
static void test_ring_order_and_memory(void **state)
{
    (void)state;
    na_window *w = na_window_new(100 * H, 1000 * H);
    char id[16];
    size_t empty = na_window_bytes(w);
    for (int i = 0; i < 50; i++) { /* even hours in order, then the odd ones late */
        snprintf(id, sizeof id, "e%d", i);
        assert_int_equal(na_window_add(w, "k", (int64_t)(2 * i) * H, id), 1);
    }
    for (int i = 0; i < 50; i++) {
        snprintf(id, sizeof id, "o%d", i);
        assert_int_equal(na_window_add(w, "k", (int64_t)(2 * i + 1) * H, id), 1);
    }
    assert_int_equal(na_window_events(w), 100);
    assert_true(na_window_bytes(w) > empty);
    assert_int_equal(na_window_count(w, "k", 9 * H, 19 * H), 10); /* (9h, 19h]: 10..19 */
    na_window_event ev[3];
    assert_int_equal(na_window_recent(w, "k", 0, 20 * H, ev, 3), 3);
    assert_string_equal(ev[0].event_id, "e9"); /* 18h, 19h, 20h */
    assert_string_equal(ev[1].event_id, "o9");
    assert_string_equal(ev[2].event_id, "e10");
    assert_true(na_window_holds(w, "k", 19 * H, "o9"));
    assert_false(na_window_holds(w, "k", 18 * H, "o9")); /* a repeat has the same time */
    assert_int_equal(na_window_add(w, "k", 19 * H, "o9"), 0);
    na_window_expire(w, 1099 * H + 50 * H); /* cut at 49h: 50 events (50h..99h) remain */
    assert_int_equal(na_window_events(w), 50);
    assert_int_equal(na_window_count(w, "k", 0, 200 * H), 50);
    for (int i = 100; i < 300; i++) { /* appends wrap around the ring's front */
        snprintf(id, sizeof id, "n%d", i);
        assert_int_equal(na_window_add(w, "k", (int64_t)i * H, id), 1);
    }
    assert_int_equal(na_window_count(w, "k", 149 * H, 299 * H), 150);
    na_window_destroy(w);
}

struct seen_keys {
    size_t n;
    int64_t oldest, newest;
};

static int each(const char *key, int64_t oldest, int64_t newest, int64_t *mark, void *ud)
{
    struct seen_keys *s = ud;
    (void)key;
    s->n++;
    s->oldest = oldest;
    s->newest = newest;
    *mark = newest; /* kept for the next call */
    return 0;
}

/* Values (cardinality): distinct counts in a range, one event id with several values, repeats
 * by id, time and value; keys visited under a prefix, or all. */
static void test_values_and_keys(void **state)
{
    (void)state;
    na_window *w = na_window_new(6 * H, 1 * H);
    assert_int_equal(na_window_add_valued(w, "0|*", 1 * H, "a", "h", "bbc"), 1);
    assert_int_equal(na_window_add_valued(w, "0|*", 2 * H, "b", "h", "cnn"), 1);
    assert_int_equal(na_window_add_valued(w, "0|*", 2 * H, "b", "h", "dw"), 1); /* 2 values */
    assert_int_equal(na_window_add_valued(w, "0|*", 2 * H, "b", "h", "dw"), 0); /* a repeat */
    assert_int_equal(na_window_add_valued(w, "0|*", 3 * H, "c", "h", "bbc"), 1);
    assert_int_equal(na_window_count(w, "0|*", 0, 3 * H), 4);
    assert_int_equal(na_window_distinct(w, "0|*", 0, 3 * H), 3);
    assert_int_equal(na_window_distinct(w, "0|*", 2 * H, 3 * H), 1); /* (2h, 3h]: bbc */
    assert_int_equal(na_window_distinct(w, "nobody", 0, 3 * H), 0);
    assert_true(na_window_holds_value(w, "0|*", 2 * H, "b", "dw"));
    assert_false(na_window_holds_value(w, "0|*", 2 * H, "b", "bbc"));
    assert_int_equal(na_window_add_valued(w, "1|*", 5 * H, "d", "h", "bbc"), 1);
    struct seen_keys s = {0};
    assert_int_equal(na_window_each_key(w, "0|", each, &s), 0);
    assert_int_equal(s.n, 1);
    assert_true(s.oldest == 1 * H && s.newest == 3 * H);
    s.n = 0;
    assert_int_equal(na_window_each_key(w, NULL, each, &s), 0);
    assert_int_equal(s.n, 2);
    na_window_destroy(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_counts_and_duplicates),
                                       cmocka_unit_test(test_lateness),
                                       cmocka_unit_test(test_cooldown),
                                       cmocka_unit_test(test_expire_and_many_keys),
                                       cmocka_unit_test(test_recent_events),
                                       cmocka_unit_test(test_ring_order_and_memory),
                                       cmocka_unit_test(test_values_and_keys)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
