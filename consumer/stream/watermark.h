/*
 * A source partition's watermark as the match stage reports it (docs/stream-rules.md,
 * "Event time and watermarks"). A partition interleaves two ordered sequences: dated articles
 * in published-time order (the producer sends in time order) and undated ones placed at their
 * record's timestamp (the producer's clock at first produce, rising). What is still to come is
 * not older than the lesser of the latest of each; before the first dated article nothing is
 * known (an undated article sent before months-old dated ones says nothing about them).
 */
#ifndef NEWSALERT_CONSUMER_WATERMARK_H
#define NEWSALERT_CONSUMER_WATERMARK_H

#include <stdint.h>

typedef struct na_source_mark {
    int64_t dated; /* published time of the latest dated article (-1: none yet) */
    int64_t stamp; /* record timestamp of the latest record (-1: none yet) */
} na_source_mark;

/* An empty mark: nothing read yet. */
void na_source_mark_init(na_source_mark *s);

/*
 * Notes one record read from the partition: its article's published time (-1: undated) and
 * its record timestamp (-1: none). Returns the record's event time: the published time, else
 * the record timestamp.
 */
int64_t na_source_mark_see(na_source_mark *s, int64_t published_ms, int64_t record_ms);

/* 1 and the watermark in *wm once one is known (a dated article was read), else 0. */
int na_source_mark_get(const na_source_mark *s, int64_t *wm);

#endif
