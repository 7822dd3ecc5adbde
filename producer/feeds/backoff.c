/* When to poll a feed next: interval, jitter, exponential backoff and Retry-After. */
#include <ctype.h>
#include <stdlib.h>

#include "feeds/poll.h"
#include "newsalert/event.h"

double na_feed_next_delay(double interval, unsigned failures, double retry_after, double cap)
{
    double limit = cap > 4 * interval ? cap : 4 * interval;
    double d = interval;
    for (unsigned i = 0; i < failures && d < limit; i++)
        d *= 2;
    if (d > limit)
        d = limit;
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
    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    if (isdigit((unsigned char)*value)) {
        char *end;
        double s = strtod(value, &end);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        return *end ? -1 : s;
    }
    int64_t at = na_time_parse(value);
    if (at < 0)
        return -1;
    return at > now_ms ? (double)(at - now_ms) / 1000.0 : 0;
}
