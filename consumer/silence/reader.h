/*
 * The silences topic read into a set: one librdkafka consumer that assigns every partition
 * from the beginning and never joins a group nor commits, so every member of a consumer group
 * (and every "silence" command) sees every silence.
 */
#ifndef NEWSALERT_CONSUMER_SILENCE_READER_H
#define NEWSALERT_CONSUMER_SILENCE_READER_H

#include <stddef.h>

#include "silence/silences.h"

typedef struct na_silence_reader na_silence_reader;

/*
 * A reader of topic feeding set (borrowed, outlives the reader). props: the user's -X. The
 * topic is created compacted when missing. NULL with errstr when the client cannot be made or
 * the topic neither exists nor can be created within timeout_ms.
 */
na_silence_reader *na_silence_reader_new(const char *brokers, const char *topic,
                                         const char *const *props, size_t n_props, na_silences *set,
                                         int timeout_ms, char *errstr, size_t errlen);
void na_silence_reader_destroy(na_silence_reader *r);

/* Applies the records that have arrived (none waits); returns how many changed the set. A
 * record that is not a silence is logged and skipped. */
size_t na_silence_reader_poll(na_silence_reader *r);

/* Reads until every partition is at its end or timeout_ms passed; 0, or NA_EKAFKA (timed
 * out, with errstr). */
int na_silence_reader_catch_up(na_silence_reader *r, int timeout_ms, char *errstr, size_t errlen);

#endif
