/*
 * Window cost per match at 1k, 10k and 100k held matches: the current windows
 * (consumer/stream/window.c) against the implementation before issue 13 (window_baseline.h),
 * measured in the same run. A match is what the stage does per event: add it, count the window
 * ending at it, and read the evidence. One key holds every match (group_by null), the worst case.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "stream/window.h"
#include "window_baseline.h"

#define STEP_MS 1000 /* one match a second: every held match stays inside the window */
#define TIMED 2000   /* matches timed at each size */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double current(size_t held, size_t *count, size_t *bytes)
{
    int64_t horizon = (int64_t)(held + TIMED + 10) * STEP_MS;
    na_window *w = na_window_new(horizon, 3600000);
    char id[32];
    na_window_event ev[5];
    for (size_t i = 0; i < held; i++) {
        snprintf(id, sizeof id, "a%zu", i);
        na_window_add_labelled(w, "*", (int64_t)i * STEP_MS, id, "headline");
    }
    double t0 = now_s();
    for (size_t i = held; i < held + TIMED; i++) {
        snprintf(id, sizeof id, "a%zu", i);
        int64_t t = (int64_t)i * STEP_MS;
        na_window_add_labelled(w, "*", t, id, "headline");
        *count = na_window_count(w, "*", t - horizon, t);
        na_window_recent(w, "*", t - horizon, t, ev, 5);
    }
    double us = (now_s() - t0) / TIMED * 1e6;
    *bytes = na_window_bytes(w);
    na_window_destroy(w);
    return us;
}

static double baseline(size_t held, size_t *count)
{
    int64_t horizon = (int64_t)(held + TIMED + 10) * STEP_MS;
    old_window *w = old_window_new(horizon, 3600000);
    char id[32];
    old_window_event ev[5];
    for (size_t i = 0; i < held; i++) {
        snprintf(id, sizeof id, "a%zu", i);
        old_window_add_labelled(w, "*", (int64_t)i * STEP_MS, id, "headline");
    }
    double t0 = now_s();
    for (size_t i = held; i < held + TIMED; i++) {
        snprintf(id, sizeof id, "a%zu", i);
        int64_t t = (int64_t)i * STEP_MS;
        old_window_add_labelled(w, "*", t, id, "headline");
        *count = old_window_count(w, "*", t - horizon, t);
        old_window_recent(w, "*", t - horizon, t, ev, 5);
    }
    double us = (now_s() - t0) / TIMED * 1e6;
    old_window_expire(w, 0);
    old_window_destroy(w);
    return us;
}

int main(void)
{
    static const size_t sizes[] = {1000, 10000, 100000};
    printf("%-8s %14s %14s %8s %12s\n", "held", "baseline us", "current us", "speedup",
           "bytes held");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t c_new = 0, c_old = 0, bytes = 0;
        double b = baseline(sizes[i], &c_old), c = current(sizes[i], &c_new, &bytes);
        if (c_new != c_old) {
            fprintf(stderr, "counts differ at %zu: %zu vs %zu\n", sizes[i], c_new, c_old);
            return 1;
        }
        printf("%-8zu %14.3f %14.3f %7.0fx %12zu\n", sizes[i], b, c, b / c, bytes);
    }
    return 0;
}
