/*
 * Rate-limited logs for failures that repeat (an unwritable topic fails every record): one line
 * per reason per interval, the repeats in between counted and shown on the next line.
 */
#ifndef NEWSALERT_CONSUMER_RATELOG_H
#define NEWSALERT_CONSUMER_RATELOG_H

#include <stdint.h>

typedef struct na_ratelog na_ratelog;

/* interval_ms: at most one line per reason that long. NULL when out of memory. */
na_ratelog *na_ratelog_new(int64_t interval_ms);
/* Prints the counts still held back ("N more ..."), then frees. */
void na_ratelog_destroy(na_ratelog *rl);

/*
 * Whether a line for reason may be printed at now_ms; when it may, *held is set to how many
 * were held back since the last one printed. Thread-safe (librdkafka threads call it too).
 */
int na_ratelog_allow(na_ratelog *rl, const char *reason, int64_t now_ms, unsigned long *held);

/* Logs the message at level unless one like it was printed within the interval; the next one
 * printed says how many were held back. The message is the reason. */
void na_ratelog_write(na_ratelog *rl, int level, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
