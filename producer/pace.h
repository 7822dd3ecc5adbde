/*
 * Replay pacing (--speed X): events go out with their published-time spacing divided by X, each
 * wait capped at --max-gap. The arithmetic is here, apart from the sleeping, so tests need no
 * clock.
 */
#ifndef NEWSALERT_PRODUCER_PACE_H
#define NEWSALERT_PRODUCER_PACE_H

#include <stdint.h>

typedef struct na_pace {
    double speed;       /* 0: no pacing */
    int64_t max_gap_ms; /* the longest single wait */
    int64_t prev_ms;    /* the latest published time sent (-1: none yet) */
    uint64_t capped;    /* waits cut to max_gap_ms */
    int64_t waited_ms;  /* total wait asked for */
} na_pace;

void na_pace_init(na_pace *p, double speed, int64_t max_gap_ms);

/*
 * How long to wait before sending an event published at t_ms (-1: unknown, no wait). Events
 * out of order wait nothing and do not move the clock back.
 */
int64_t na_pace_delay(na_pace *p, int64_t t_ms);

#endif
