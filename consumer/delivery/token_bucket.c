/* Token bucket rate limiting, refilled lazily from the clock. */
#include "delivery/token_bucket.h"

#include <math.h>

void na_token_bucket_init(na_token_bucket *tb, double rate, double burst, int64_t now_ms)
{
    tb->rate = rate;
    tb->burst = burst < 1 ? 1 : burst;
    tb->tokens = tb->burst;
    tb->last_ms = now_ms;
}

static void refill(na_token_bucket *tb, int64_t now_ms)
{
    if (now_ms > tb->last_ms) {
        tb->tokens += (double)(now_ms - tb->last_ms) * tb->rate / 1000.0;
        if (tb->tokens > tb->burst)
            tb->tokens = tb->burst;
        tb->last_ms = now_ms;
    }
}

int na_token_bucket_take(na_token_bucket *tb, int64_t now_ms)
{
    if (tb->rate <= 0)
        return 1;
    refill(tb, now_ms);
    if (tb->tokens < 1)
        return 0;
    tb->tokens -= 1;
    return 1;
}

int64_t na_token_bucket_wait_ms(na_token_bucket *tb, int64_t now_ms)
{
    if (tb->rate <= 0)
        return 0;
    refill(tb, now_ms);
    if (tb->tokens >= 1)
        return 0;
    return (int64_t)ceil((1 - tb->tokens) * 1000.0 / tb->rate);
}
