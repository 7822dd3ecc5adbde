/*
 * Decoding ahead (ahead.h): one thread and NA_AHEAD_DEPTH decoders used in turn. Records are
 * claimed in order by whoever comes first: the thread, or the loop when it needs a record the
 * thread has not started (it decodes that one itself rather than sleep until the thread
 * does), or when the thread is still on the record it needs (it decodes the next one
 * meanwhile). Sleeping and waking are system calls that cost as much as a small event's parse.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "daemon/ahead.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "newsalert/event.h"

struct slot {
    na_event_decoder *dec;
    const na_article *a;
    size_t rec; /* the record it holds, decoded; SIZE_MAX: none */
    int rc;
    char err[512];
};

struct na_ahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t to_thread, to_loop;
    struct slot slots[NA_AHEAD_DEPTH];
    na_event_decoder *own; /* the loop's, for the records it claims */
    /* The batch: what begin handed over; records below claimed are taken, below released
     * done with. */
    const char *const *buf;
    const size_t *len;
    size_t n, claimed, released;
    size_t working; /* the record the thread decodes now; SIZE_MAX: none (busy is 0) */
    unsigned parts;
    int open, busy, quit;
    int full;    /* the thread waits for decoders to be done with */
    int waiting; /* the loop waits for the thread's record */
};

static int decode(na_event_decoder *dec, unsigned parts, const char *buf, size_t len,
                  const na_article **a, char *err, size_t errlen)
{
    *a = NULL;
    return buf ? na_event_decoder_decode(dec, parts, buf, len, a, err, errlen) : 0;
}

/* Whether the next record may be claimed: the batch has one, and its decoder is free. */
static int can_claim(const na_ahead *ah)
{
    return ah->claimed < ah->n && ah->claimed - ah->released < NA_AHEAD_DEPTH;
}

/* Claims the next record and decodes it into its slot; called and returns with mu held. */
static void decode_next(na_ahead *ah, int thread)
{
    size_t i = ah->claimed++;
    struct slot *s = &ah->slots[i % NA_AHEAD_DEPTH];
    const char *buf = ah->buf[i];
    size_t len = ah->len[i];
    unsigned parts = ah->parts;
    if (thread) {
        ah->busy = 1;
        ah->working = i;
    }
    pthread_mutex_unlock(&ah->mu);
    s->rc = decode(s->dec, parts, buf, len, &s->a, s->err, sizeof s->err);
    pthread_mutex_lock(&ah->mu);
    s->rec = i;
    if (thread) {
        ah->busy = 0;
        ah->working = SIZE_MAX;
    }
}

static void *run(void *arg)
{
    na_ahead *ah = arg;
    pthread_setname_np(pthread_self(), "na-decode"); /* as top -H and perf show it */
    pthread_mutex_lock(&ah->mu);
    for (;;) {
        while (!ah->quit && !(ah->open && can_claim(ah))) {
            ah->full = ah->open && ah->claimed < ah->n; /* woken when half the decoders free */
            pthread_cond_wait(&ah->to_thread, &ah->mu);
        }
        ah->full = 0;
        if (ah->quit)
            break;
        decode_next(ah, 1);
        if (ah->waiting)
            pthread_cond_broadcast(&ah->to_loop);
    }
    pthread_mutex_unlock(&ah->mu);
    return NULL;
}

/* Everything but the thread. */
static void free_all(na_ahead *ah)
{
    pthread_cond_destroy(&ah->to_loop);
    pthread_cond_destroy(&ah->to_thread);
    pthread_mutex_destroy(&ah->mu);
    for (size_t k = 0; k < NA_AHEAD_DEPTH; k++)
        na_event_decoder_destroy(ah->slots[k].dec);
    na_event_decoder_destroy(ah->own);
    free(ah);
}

na_ahead *na_ahead_new(char *errstr, size_t errlen)
{
    na_ahead *ah = calloc(1, sizeof *ah);
    if (!ah) {
        snprintf(errstr, errlen, "decoding ahead: out of memory");
        return NULL;
    }
    pthread_mutex_init(&ah->mu, NULL);
    pthread_cond_init(&ah->to_thread, NULL);
    pthread_cond_init(&ah->to_loop, NULL);
    ah->working = SIZE_MAX;
    int ok = (ah->own = na_event_decoder_new()) != NULL;
    for (size_t k = 0; ok && k < NA_AHEAD_DEPTH; k++) {
        ah->slots[k].rec = SIZE_MAX;
        ok = (ah->slots[k].dec = na_event_decoder_new()) != NULL;
    }
    json_object_seed(0); /* jansson's hash seed, set here before a second thread parses */
    int rc = ok ? pthread_create(&ah->thread, NULL, run, ah) : 0;
    if (!ok || rc) {
        snprintf(errstr, errlen, "decoding ahead: %s", ok ? strerror(rc) : "out of memory");
        free_all(ah);
        return NULL;
    }
    return ah;
}

void na_ahead_destroy(na_ahead *ah)
{
    if (!ah)
        return;
    na_ahead_end(ah);
    pthread_mutex_lock(&ah->mu);
    ah->quit = 1;
    pthread_cond_signal(&ah->to_thread);
    pthread_mutex_unlock(&ah->mu);
    pthread_join(ah->thread, NULL);
    free_all(ah);
}

void na_ahead_begin(na_ahead *ah, const char *const *buf, const size_t *len, size_t n,
                    unsigned parts)
{
    pthread_mutex_lock(&ah->mu);
    ah->buf = buf;
    ah->len = len;
    ah->n = n;
    ah->parts = parts;
    ah->claimed = ah->released = 0;
    for (size_t k = 0; k < NA_AHEAD_DEPTH; k++)
        ah->slots[k].rec = SIZE_MAX;
    ah->open = 1;
    pthread_cond_signal(&ah->to_thread);
    pthread_mutex_unlock(&ah->mu);
}

int na_ahead_take(na_ahead *ah, size_t i, const na_article **a, char *errstr, size_t errlen)
{
    pthread_mutex_lock(&ah->mu);
    if (ah->claimed <= i) { /* not started: the loop's own (the thread skips it) */
        ah->claimed = i + 1;
        pthread_mutex_unlock(&ah->mu);
        return decode(ah->own, ah->parts, ah->buf[i], ah->len[i], a, errstr, errlen);
    }
    struct slot *s = &ah->slots[i % NA_AHEAD_DEPTH];
    while (s->rec != i) {
        if (can_claim(ah) && ah->len[ah->claimed] <= ah->len[i]) {
            /* The thread is on record i: decode the next one meanwhile, into its slot, rather
             * than sleep (the two context switches of a wait cost as much as a small parse).
             * Only one no longer than i, which is done about when it is: i waits no longer. */
            decode_next(ah, 0);
            continue;
        }
        ah->waiting = 1;
        pthread_cond_wait(&ah->to_loop, &ah->mu);
        ah->waiting = 0;
    }
    pthread_mutex_unlock(&ah->mu);
    *a = s->a;
    if (s->rc)
        snprintf(errstr, errlen, "%s", s->err);
    return s->rc;
}

void na_ahead_done(na_ahead *ah, size_t i)
{
    pthread_mutex_lock(&ah->mu);
    /* Done without a take (past --until, a failure): the caller frees the record after this,
     * so the thread must be out of it. */
    while (ah->working == i) {
        ah->waiting = 1;
        pthread_cond_wait(&ah->to_loop, &ah->mu);
    }
    ah->waiting = 0;
    if (i + 1 > ah->released) {
        ah->released = i + 1;
        if (ah->claimed < ah->released) /* a record taken without a decode: nobody claimed it */
            ah->claimed = ah->released;
        /* Waking the thread is a system call each time: it waits for half the decoders. */
        if (ah->full && ah->claimed - ah->released <= NA_AHEAD_DEPTH / 2)
            pthread_cond_signal(&ah->to_thread);
    }
    pthread_mutex_unlock(&ah->mu);
}

void na_ahead_end(na_ahead *ah)
{
    pthread_mutex_lock(&ah->mu);
    ah->open = 0; /* the thread claims no further record of this batch */
    while (ah->busy) {
        ah->waiting = 1;
        pthread_cond_wait(&ah->to_loop, &ah->mu);
    }
    ah->waiting = 0;
    ah->n = ah->claimed = ah->released = 0;
    ah->buf = NULL;
    ah->len = NULL;
    pthread_mutex_unlock(&ah->mu);
}
