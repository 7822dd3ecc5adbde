/*
 * The at-least-once offset tracker: a Kafka record's offset + 1 may be stored only when every
 * alert it raised has a final outcome and every earlier record of its partition is done too.
 * Each record holds references (one while it is being processed, one per delivery or
 * dead-letter write); the partition's offset moves when its oldest records reach zero.
 */
#ifndef NEWSALERT_CONSUMER_OFFSETS_H
#define NEWSALERT_CONSUMER_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

typedef struct na_offsets na_offsets;
typedef struct na_offsets_rec na_offsets_rec;

na_offsets *na_offsets_new(void);
/* Frees everything, including records still referenced. */
void na_offsets_destroy(na_offsets *t);

/* Starts tracking a record, holding one reference; NULL when out of memory. */
na_offsets_rec *na_offsets_begin(na_offsets *t, int32_t partition, int64_t offset);
void na_offsets_ref(na_offsets_rec *r);
/* The partition and offset r was begun with. */
void na_offsets_rec_where(const na_offsets_rec *r, int32_t *partition, int64_t *offset);
/* The tracker r was begun in (a daemon keeps one per topic it consumes). */
na_offsets *na_offsets_rec_owner(const na_offsets_rec *r);
/* Notes when r began processing and its record's timestamp (Unix ms, -1 unknown); and reads them.
 */
void na_offsets_rec_stamp(na_offsets_rec *r, int64_t begun_ms, int64_t timestamp_ms);
void na_offsets_rec_times(const na_offsets_rec *r, int64_t *begun_ms, int64_t *timestamp_ms);
/*
 * Drops one reference. Returns 1 when the partition's completed prefix grew: *partition and
 * *next_offset (the offset to store: last done + 1) are set. Returns 0 otherwise, also for
 * records of partitions revoked since they began.
 */
int na_offsets_release(na_offsets *t, na_offsets_rec *r, int32_t *partition, int64_t *next_offset);
/* Forgets a revoked partition: its records finish without moving any offset. */
void na_offsets_revoke(na_offsets *t, int32_t partition);
/* Records begun and not yet complete, over all partitions. */
size_t na_offsets_open(const na_offsets *t);

#endif
