/*
 * Where a consumer starts and stops reading, in the words Kafka users already type (kcat's -o):
 *   --from  beginning | end | stored | N (offset) | -N (N before the end) | s@MS | ISO 8601 time
 *   --until e@MS | MS | ISO 8601 time
 */
#ifndef NEWSALERT_CONSUMER_POSITION_H
#define NEWSALERT_CONSUMER_POSITION_H

#include <stddef.h>
#include <stdint.h>

typedef enum na_from_kind {
    NA_FROM_STORED, /* the group's committed offset (the default) */
    NA_FROM_BEGINNING,
    NA_FROM_END,
    NA_FROM_OFFSET, /* value: an absolute offset in every partition */
    NA_FROM_TAIL,   /* value: that many records before the end of every partition */
    NA_FROM_TIME    /* value: Unix ms; the first record at or after it (offsetsForTimes) */
} na_from_kind;

typedef struct na_from {
    na_from_kind kind;
    int64_t value;
} na_from;

/* Parses a --from argument; on error returns NA_EINVAL with a message naming the argument. */
int na_from_parse(const char *s, na_from *out, char *errstr, size_t errlen);

/* Parses a --until argument into Unix ms. */
int na_until_parse(const char *s, int64_t *out_ms, char *errstr, size_t errlen);

#endif
