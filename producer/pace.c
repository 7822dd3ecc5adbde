#include "pace.h"

void na_pace_init(na_pace *p, double speed, int64_t max_gap_ms)
{
    *p = (na_pace){speed, max_gap_ms, -1, 0, 0};
}

int64_t na_pace_delay(na_pace *p, int64_t t_ms)
{
    if (p->speed <= 0 || t_ms < 0)
        return 0;
    int64_t prev = p->prev_ms;
    if (t_ms > prev)
        p->prev_ms = t_ms;
    if (prev < 0 || t_ms <= prev)
        return 0;
    int64_t d = (int64_t)((double)(t_ms - prev) / p->speed);
    if (d > p->max_gap_ms) {
        d = p->max_gap_ms;
        p->capped++;
    }
    p->waited_ms += d;
    return d;
}
