/*
 * Decoding ahead: a thread that decodes the events of a batch of records while the loop
 * evaluates and delivers the ones before them. On a backlog the jansson parse (about half of
 * a record's CPU with one alert per event) then runs on the second core. Records are handed
 * in order and taken in the same order; at most NA_AHEAD_DEPTH are decoded and not yet done.
 */
#ifndef NEWSALERT_CONSUMER_AHEAD_H
#define NEWSALERT_CONSUMER_AHEAD_H

#include <stddef.h>

#include "newsalert/article.h"

#define NA_AHEAD_DEPTH 8 /* decoders: each holds one decoded event (its arena) */

typedef struct na_ahead na_ahead;

/* Starts the thread; NULL with a message in errstr when it cannot. */
na_ahead *na_ahead_new(char *errstr, size_t errlen);
/* Ends the batch if one is open, stops and joins the thread. NULL: no-op. */
void na_ahead_destroy(na_ahead *ah);

/*
 * Hands n events to the thread, decoded with the NA_EVENT_* parts; buf[i] NULL: record i is
 * not an event to decode (its take is not called). The buffers stay the caller's and must live
 * until na_ahead_end.
 */
void na_ahead_begin(na_ahead *ah, const char *const *buf, const size_t *len, size_t n,
                    unsigned parts);
/*
 * Record i's decode, waiting for it: as na_event_decoder_decode (0 and *a, or a negative code
 * and a message in errstr). Records are taken in order; *a stays valid until na_ahead_done(i).
 */
int na_ahead_take(na_ahead *ah, size_t i, const na_article **a, char *errstr, size_t errlen);
/* Record i is done with (taken or not): its decoder may take a later record, and its buffer
 * may be freed (the thread is out of it on return). */
void na_ahead_done(na_ahead *ah, size_t i);
/* Ends the batch: the thread stops at the records not yet decoded and waits for the next. */
void na_ahead_end(na_ahead *ah);

#endif
