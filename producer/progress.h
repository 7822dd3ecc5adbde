/* A one-line progress display on stderr for long runs, redrawn a few times a second. */
#ifndef NEWSALERT_PRODUCER_PROGRESS_H
#define NEWSALERT_PRODUCER_PROGRESS_H

#include <stdint.h>

typedef struct na_progress na_progress;

/* enabled: draw at all (stderr is a terminal and not -q). */
na_progress *na_progress_new(int enabled);
void na_progress_destroy(na_progress *p);
/* Redraws when the run is over a second old and the last draw is a quarter second old. */
void na_progress_update(na_progress *p, uint64_t read, uint64_t delivered, uint64_t failed,
                        uint64_t skipped);
/* Erases the line so a log message or the summary can be written in its place. */
void na_progress_clear(na_progress *p);
/* Seconds since na_progress_new. */
double na_progress_elapsed(const na_progress *p);

#endif
