/* Backoff delays and server-given retry hints. */
#include "delivery/backoff.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "newsalert/event.h"

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

int64_t na_backoff_delay_ms(int64_t initial_ms, int64_t max_ms, int attempt, uint64_t *rng)
{
    int64_t cap = initial_ms;
    for (int i = 1; i < attempt && cap < max_ms; i++)
        cap *= 2;
    if (cap > max_ms)
        cap = max_ms;
    return cap > 0 ? (int64_t)(xorshift(rng) % (uint64_t)(cap + 1)) : 0;
}

int64_t na_backoff_retry_after_ms(const char *value, int64_t now_ms)
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
        if (*end || s < 0 || s > 86400.0 * 365)
            return -1;
        return (int64_t)(s * 1000);
    }
    int64_t when = na_time_parse(value);
    if (when < 0)
        return -1;
    return when > now_ms ? when - now_ms : 0;
}

int64_t na_backoff_discord_retry_ms(const char *body, size_t len)
{
    json_t *j = len ? json_loadb(body, len, 0, NULL) : NULL;
    json_t *v = json_object_get(j, "retry_after");
    int64_t ms = -1;
    if (json_is_number(v) && json_number_value(v) >= 0 && json_number_value(v) < 86400.0 * 365)
        ms = (int64_t)ceil(json_number_value(v) * 1000);
    json_decref(j);
    return ms;
}
