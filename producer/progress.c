/* The progress line: \r-redrawn, rate-limited, only on a terminal. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include "newsalert/clock.h"

struct na_progress {
    int enabled, shown;
    double start, last;
};

na_progress *na_progress_new(int enabled)
{
    na_progress *p = calloc(1, sizeof *p);
    if (p) {
        p->enabled = enabled;
        p->start = p->last = (double)na_clock_mono_ms() / 1000.0;
    }
    return p;
}

void na_progress_destroy(na_progress *p)
{
    if (!p)
        return;
    na_progress_clear(p);
    free(p);
}

double na_progress_elapsed(const na_progress *p)
{
    return (double)na_clock_mono_ms() / 1000.0 - p->start;
}

void na_progress_update(na_progress *p, uint64_t read, uint64_t delivered, uint64_t failed,
                        uint64_t skipped)
{
    if (!p->enabled)
        return;
    double t = (double)na_clock_mono_ms() / 1000.0;
    if (t - p->start < 1.0 || t - p->last < 0.25)
        return;
    p->last = t;
    p->shown = 1;
    fprintf(stderr, "\rread %llu  delivered %llu  failed %llu  skipped %llu  %.0f/s\033[K",
            (unsigned long long)read, (unsigned long long)delivered, (unsigned long long)failed,
            (unsigned long long)skipped, (double)read / (t - p->start));
}

void na_progress_clear(na_progress *p)
{
    if (p && p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}
