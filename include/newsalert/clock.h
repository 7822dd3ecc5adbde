/* The clocks both binaries read: one monotonic (durations, deadlines), one wall (timestamps). */
#ifndef NEWSALERT_CLOCK_H
#define NEWSALERT_CLOCK_H

#include <stdint.h>

/* Milliseconds on a clock that never jumps (CLOCK_MONOTONIC): for durations and timeouts. */
int64_t na_clock_mono_ms(void);

/* Unix time in milliseconds (CLOCK_REALTIME): for timestamps, signatures and HTTP dates. */
int64_t na_clock_wall_ms(void);

/* "6h", "90m", "1h30m", "45s", "2d" (a sum of whole parts) in ms; -1 when malformed or zero. */
int64_t na_duration_parse(const char *s);

#endif
