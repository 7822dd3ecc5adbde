/* The monotonic and wall clocks, in milliseconds. */
#include "newsalert/clock.h"

#include <stdlib.h>
#include <time.h>

static int64_t ms_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t na_clock_mono_ms(void)
{
    return ms_of(CLOCK_MONOTONIC);
}

int64_t na_clock_wall_ms(void)
{
    return ms_of(CLOCK_REALTIME);
}

/* "6h", "90m", "1h30m", "45s", "2d": a sum of integer parts; -1 when malformed or zero. */
int64_t na_duration_parse(const char *s)
{
    int64_t total = 0;
    if (!*s)
        return -1;
    while (*s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s || v < 0 || v > 100000000)
            return -1;
        int64_t unit = *end == 's'   ? 1000
                       : *end == 'm' ? 60000
                       : *end == 'h' ? 3600000
                       : *end == 'd' ? 86400000
                                     : 0;
        if (!unit)
            return -1;
        total += v * unit;
        s = end + 1;
    }
    return total;
}
