/* Retry-After parsing and exponential backoff, in milliseconds. */
#include "newsalert/retry.h"

#include <ctype.h>
#include <stdlib.h>

#include "newsalert/event.h"

int64_t na_retry_after_ms(const char *value, int64_t now_ms)
{
    if (!value)
        return -1;
    while (isspace((unsigned char)*value))
        value++;
    if (isdigit((unsigned char)*value)) {
        char *end;
        double s = strtod(value, &end);
        while (isspace((unsigned char)*end))
            end++;
        if (*end || s < 0 || s * 1000 > (double)NA_RETRY_AFTER_MAX_MS)
            return -1;
        return (int64_t)(s * 1000);
    }
    int64_t when = na_time_parse(value);
    if (when < 0)
        return -1;
    int64_t ms = when > now_ms ? when - now_ms : 0;
    return ms > NA_RETRY_AFTER_MAX_MS ? -1 : ms;
}

int64_t na_retry_backoff_ms(int64_t base_ms, int64_t cap_ms, unsigned doublings)
{
    if (base_ms <= 0)
        return 0;
    int64_t d = base_ms;
    for (unsigned i = 0; i < doublings && d < cap_ms; i++)
        d = d > INT64_MAX / 2 ? INT64_MAX : d * 2;
    return d > cap_ms ? cap_ms : d;
}
