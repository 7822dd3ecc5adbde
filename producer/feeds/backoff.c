/* When to poll a feed next: interval, jitter, exponential backoff and Retry-After. */
#include <math.h>

#include "feeds/poll.h"
#include "newsalert/retry.h"

double na_feed_next_delay(double interval, unsigned failures, double retry_after, double cap)
{
    double limit = cap > 4 * interval ? cap : 4 * interval;
    double d =
        (double)na_retry_backoff_ms(llround(interval * 1000), llround(limit * 1000), failures) /
        1000.0;
    if (retry_after > NA_FEED_RETRY_AFTER_MAX)
        retry_after = NA_FEED_RETRY_AFTER_MAX;
    return retry_after > d ? retry_after : d;
}

double na_feed_jitter(double delay, double r)
{
    return delay * (0.9 + 0.2 * r);
}

double na_feed_retry_after(const char *value, int64_t now_ms)
{
    int64_t ms = na_retry_after_ms(value, now_ms);
    return ms < 0 ? -1 : (double)ms / 1000.0;
}
