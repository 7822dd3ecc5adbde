/* Decoding ahead gives each record of a batch the decode it would get in the loop, in order,
 * whichever side decoded it; a batch ended early leaves the next one whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <cmocka.h>

#include "daemon/ahead.h"
#include "newsalert/event.h"

#define N 40

/* Event i: 1 + i % 5 short paragraphs, and one of long_bytes when not 0. */
static char *event(size_t i, size_t long_bytes)
{
    na_article *a = na_article_new();
    char id[32], head[64];
    snprintf(id, sizeof id, "ev-%zu", i);
    snprintf(head, sizeof head, "Headline number %zu", i);
    na_article_set(&a->id, id);
    na_article_set(&a->headline, head);
    for (size_t p = 0; p < 1 + i % 5; p++)
        na_strlist_push(&a->paragraphs, "A paragraph of the event, long enough to parse.");
    if (long_bytes) { /* the parse reads the buffer for a while */
        char *long_para = malloc(long_bytes + 1);
        memset(long_para, 'x', long_bytes);
        long_para[long_bytes] = '\0';
        na_strlist_push_owned(&a->paragraphs, long_para);
    }
    char *json = NULL;
    assert_int_equal(na_event_encode(a, &json, NULL), 0);
    na_article_destroy(a);
    return json;
}

struct batch {
    char *own[N];
    const char *buf[N];
    size_t len[N];
    size_t paragraphs[N]; /* of event i */
};

enum length { SHORT, LONG, SHORTER }; /* SHORTER: long, each record shorter than the last */

/* Every 7th record is not JSON, every 11th is not to be decoded (NULL), the rest events. */
static void batch_make(struct batch *b, enum length how)
{
    for (size_t i = 0; i < N; i++) {
        size_t n = how == SHORT ? 0 : how == LONG ? 200000 : 200000 * (N - i) / N;
        b->own[i] = i % 7 == 3 ? strdup("{\"not\": an event") : event(i, n);
        b->paragraphs[i] = 1 + i % 5 + (n > 0);
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
                assert_int_equal(a->paragraphs.n, b->paragraphs[i]);
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
    batch_make(&f->b, SHORT);
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

/* Each record shorter than the last: while the thread is inside record i the loop, wanting i,
 * decodes the next one into its slot; every record is still taken as itself, in order. */
static void test_loop_decodes_the_next_meanwhile(void **state)
{
    struct fixture *f = *state;
    struct batch b;
    batch_make(&b, SHORTER);
    for (int round = 0; round < 5; round++)
        take_all(f->ah, &b, 0);
    take_all(f->ah, &b, 50);
    batch_free(&b);
}

/* A copy of s in pages of its own; unmapped, a read of it faults at once (jansson is not built
 * for ASan, so a freed heap buffer would not show a late read). */
static char *mapped_copy(const char *s, size_t len, size_t *size)
{
    *size = len + 1;
    char *p = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    memcpy(p, s, len + 1);
    return p;
}

/* Records done without a take and unmapped at once (the loop destroys each Kafka message after
 * its turn): the thread must never be inside one then, or this test faults. */
static void test_done_untaken_then_freed(void **state)
{
    struct fixture *f = *state;
    for (int round = 0; round < 10; round++) {
        struct batch b; /* long events: the thread is inside one for a while */
        batch_make(&b, LONG);
        char *map[N];
        size_t size[N];
        for (size_t i = 0; i < N; i++) {
            map[i] = mapped_copy(b.own[i], b.len[i], &size[i]);
            if (b.buf[i])
                b.buf[i] = map[i];
        }
        na_ahead_begin(f->ah, b.buf, b.len, N, NA_EVENT_ALL);
        for (size_t i = 0; i < N; i++) {
            if (i % 4 == 0)
                pause_us(100); /* the thread gets ahead, then the loop overtakes it */
            na_ahead_done(f->ah, i);
            munmap(map[i], size[i]);
        }
        na_ahead_end(f->ah);
        batch_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_order_whoever_decodes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_ended_early, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_untaken_then_freed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_decodes_the_next_meanwhile, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
