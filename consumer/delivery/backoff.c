/* Webhook retry delays: full-jitter backoff and Discord's retry hint (Retry-After: retry.h). */
#include "delivery/backoff.h"

#include <math.h>

#include <jansson.h>

#include "newsalert/retry.h"

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
    int64_t cap = na_retry_backoff_ms(initial_ms, max_ms, attempt > 1 ? (unsigned)attempt - 1 : 0);
    return cap > 0 ? (int64_t)(xorshift(rng) % (uint64_t)(cap + 1)) : 0;
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
