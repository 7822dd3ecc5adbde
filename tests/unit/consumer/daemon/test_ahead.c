/* Decoding ahead gives each record of a batch the decode it would get in the loop, in order,
 * whichever side decoded it; a batch ended early leaves the next one whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "daemon/ahead.h"
#include "newsalert/event.h"

#define N 40

static char *event(size_t i)
{
    na_article *a = na_article_new();
    char id[32], head[64];
    snprintf(id, sizeof id, "ev-%zu", i);
    snprintf(head, sizeof head, "Headline number %zu", i);
    na_article_set(&a->id, id);
    na_article_set(&a->headline, head);
    for (size_t p = 0; p < 1 + i % 5; p++)
        na_strlist_push(&a->paragraphs, "A paragraph of the event, long enough to parse.");
    char *json = NULL;
    assert_int_equal(na_event_encode(a, &json, NULL), 0);
    na_article_destroy(a);
    return json;
}

struct batch {
    char *own[N];
    const char *buf[N];
    size_t len[N];
};

/* Every 7th record is not JSON, every 11th is not to be decoded (NULL), the rest events. */
static void batch_make(struct batch *b)
{
    for (size_t i = 0; i < N; i++) {
        b->own[i] = i % 7 == 3 ? strdup("{\"not\": an event") : event(i);
        b->buf[i] = i % 11 == 5 ? NULL : b->own[i];
        b->len[i] = strlen(b->own[i]);
    }
}

static void batch_free(struct batch *b)
{
    for (size_t i = 0; i < N; i++)
        free(b->own[i]);
}

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

/* Takes every record of b in order, pausing `us` between records: short pauses leave records
 * to the loop, long ones to the thread. */
static void take_all(na_ahead *ah, struct batch *b, long us)
{
    na_ahead_begin(ah, b->buf, b->len, N, NA_EVENT_ALL);
    for (size_t i = 0; i < N; i++) {
        if (us)
            pause_us(us);
        if (b->buf[i]) {
            const na_article *a = NULL;
            char err[512] = "";
            int rc = na_ahead_take(ah, i, &a, err, sizeof err);
            if (us)
                pause_us(us); /* the thread goes on meanwhile: a must stay record i's */
            if (i % 7 == 3) {
                assert_true(rc < 0);
                assert_null(a);
                assert_true(strlen(err) > 0);
            } else {
                assert_int_equal(rc, 0);
                assert_non_null(a);
                char id[32], head[64];
                snprintf(id, sizeof id, "ev-%zu", i);
                snprintf(head, sizeof head, "Headline number %zu", i);
                assert_string_equal(a->id, id);
                assert_string_equal(a->headline, head);
                assert_int_equal(a->paragraphs.n, 1 + i % 5);
            }
        }
        na_ahead_done(ah, i);
    }
    na_ahead_end(ah);
}

struct fixture {
    na_ahead *ah;
    struct batch b;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char err[256];
    if (!f || !(f->ah = na_ahead_new(err, sizeof err)))
        return -1;
    batch_make(&f->b);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    na_ahead_destroy(f->ah); /* with a batch open: it ends it first */
    batch_free(&f->b);
    free(f);
    return 0;
}

static void test_in_order_whoever_decodes(void **state)
{
    struct fixture *f = *state;
    take_all(f->ah, &f->b, 0);    /* the loop overtakes the thread */
    take_all(f->ah, &f->b, 2000); /* the thread is ahead */
    take_all(f->ah, &f->b, 50);   /* both */
}

/* A batch left after a few records (a failure, a rebalance): the next batch is whole. */
static void test_batch_ended_early(void **state)
{
    struct fixture *f = *state;
    char err[256];
    const na_article *a;
    na_ahead_begin(f->ah, f->b.buf, f->b.len, N, NA_EVENT_ALL);
    assert_int_equal(na_ahead_take(f->ah, 0, &a, err, sizeof err), 0);
    assert_string_equal(a->id, "ev-0");
    na_ahead_done(f->ah, 0);
    pause_us(5000);          /* the thread fills its decoders meanwhile */
    na_ahead_done(f->ah, 1); /* records 1 and 2 done without a take (replayed, past --until) */
    na_ahead_done(f->ah, 2);
    na_ahead_end(f->ah);
    take_all(f->ah, &f->b, 0);
    na_ahead_begin(f->ah, f->b.buf, f->b.len, N, NA_EVENT_ALL); /* left open for teardown */
    pause_us(1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_order_whoever_decodes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_ended_early, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
