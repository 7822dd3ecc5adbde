/*
 * A source partition's watermark (issue 13, mixed input): undated articles sent before older
 * dated ones must not let the window stage count matches that are still to come. The match
 * stage and the window stage are simulated without Kafka: three source partitions read in
 * batches, one partition far ahead of the others, as librdkafka hands over a backlog.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "stream/order.h"
#include "stream/watermark.h"

#define NOW 1796000000000LL  /* the producer's clock: the undated articles' record time */
#define BASE 1649000000000LL /* the dated articles: years older */
#define MIN 60000LL
#define LATENESS (10 * MIN)
#define N_SRC 3
#define UNDATED 5
#define DATED 40
#define PER_SRC (UNDATED + DATED)
#define BATCH 4

static void test_mark_rules(void **state)
{
    (void)state;
    na_source_mark s;
    int64_t wm = 0;
    na_source_mark_init(&s);
    assert_int_equal(na_source_mark_get(&s, &wm), 0);
    assert_true(na_source_mark_see(&s, -1, NOW) == NOW); /* undated: its record time */
    assert_int_equal(na_source_mark_get(&s, &wm), 0);    /* says nothing of dated ones */
    assert_true(na_source_mark_see(&s, BASE, NOW + 1) == BASE);
    assert_int_equal(na_source_mark_get(&s, &wm), 1);
    assert_true(wm == BASE);
    na_source_mark_see(&s, BASE + MIN, NOW + 2);
    assert_int_equal(na_source_mark_get(&s, &wm), 1);
    assert_true(wm == BASE + MIN);
    /* Live: an article dated after its own produce time; undated ones still to come are
     * placed at record times not older than the latest one. */
    na_source_mark_see(&s, NOW + 10 * MIN, NOW + 3);
    assert_int_equal(na_source_mark_get(&s, &wm), 1);
    assert_true(wm == NOW + 3);
}

struct src {
    size_t next;
    na_source_mark mark;
    int64_t latest; /* the rule before the fix: the latest record's event time */
};

struct run {
    struct src s[N_SRC];
    int64_t last_out;
    size_t out, late, disorder;
};

static int collect(const na_match *m, void *ud)
{
    struct run *r = ud;
    if (m->time_ms < r->last_out)
        r->disorder++;
    r->last_out = m->time_ms;
    r->out++;
    return 0;
}

/* Record i of source p: UNDATED undated ones first, then dated ones interleaved across sources. */
static void record(int p, size_t i, int64_t *published, int64_t *stamp)
{
    *stamp = NOW + (int64_t)(i * N_SRC + (size_t)p);
    *published = i < UNDATED ? -1 : BASE + (int64_t)((i - UNDATED) * N_SRC + (size_t)p) * MIN;
}

/* Reads one batch of source p into o, then sends p's watermark (the match stage's tick). */
static void batch(struct run *r, na_order *o, int p, int fixed)
{
    static char ids[N_SRC * PER_SRC][16];
    struct src *s = &r->s[p];
    for (int k = 0; k < BATCH && s->next < PER_SRC; k++, s->next++) {
        int64_t published, stamp;
        record(p, s->next, &published, &stamp);
        int64_t t = na_source_mark_see(&s->mark, published, stamp);
        s->latest = t;
        char *id = ids[(size_t)p * PER_SRC + s->next];
        snprintf(id, sizeof ids[0], "a%d-%zu", p, s->next);
        na_match m = {"surge", "*", id, t, "headline", NULL, NULL, NULL};
        int rc = na_order_add(o, &m, t + LATENESS);
        assert_true(rc >= 0);
        r->late += rc == 0;
    }
    int64_t wm = s->latest;
    if (!fixed || na_source_mark_get(&s->mark, &wm))
        assert_int_equal(na_order_watermark(o, p, N_SRC, wm, 0), 0);
    assert_true(na_order_release(o, collect, r) >= 0);
}

/* Source 0 is read to its end before sources 1 and 2 get one batch each, then round robin. */
static struct run simulate(int fixed)
{
    struct run r = {.last_out = INT64_MIN};
    na_order *o = na_order_new();
    assert_non_null(o);
    for (int p = 0; p < N_SRC; p++)
        na_source_mark_init(&r.s[p].mark);
    while (r.s[0].next < PER_SRC)
        batch(&r, o, 0, fixed);
    for (int p = 1; p < N_SRC; p++)
        batch(&r, o, p, fixed);
    for (int more = 1; more;) {
        more = 0;
        for (int p = 0; p < N_SRC; p++)
            if (r.s[p].next < PER_SRC) {
                batch(&r, o, p, fixed);
                more = 1;
            }
    }
    for (int p = 0; p < N_SRC; p++) /* every source at its end */
        assert_int_equal(na_order_watermark(o, p, N_SRC, r.s[p].latest, 1), 0);
    assert_true(na_order_release(o, collect, &r) >= 0);
    assert_int_equal(na_order_pending(o), 0);
    na_order_destroy(o);
    return r;
}

static void test_undated_first_makes_nothing_late(void **state)
{
    (void)state;
    struct run fixed = simulate(1);
    assert_int_equal(fixed.late, 0);
    assert_int_equal(fixed.out, N_SRC * PER_SRC);
    assert_int_equal(fixed.disorder, 0); /* event-time order: the offline run's */
    /* The rule before the fix (the latest record's event time): the undated records' time
     * reported for sources 1 and 2 let source 0's dated matches go first, and theirs came late. */
    struct run before = simulate(0);
    assert_true(before.late > 0);
    assert_int_equal(before.out + before.late, N_SRC * PER_SRC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_mark_rules),
                                       cmocka_unit_test(test_undated_first_makes_nothing_late)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
