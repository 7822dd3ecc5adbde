/* A token bucket: at most burst requests at once, refilled at rate per second. */
#ifndef NEWSALERT_CONSUMER_TOKEN_BUCKET_H
#define NEWSALERT_CONSUMER_TOKEN_BUCKET_H

#include <stdint.h>

typedef struct na_token_bucket {
    double rate, burst; /* rate 0: unlimited */
    double tokens;
    int64_t last_ms;
} na_token_bucket;

/* Starts full at now_ms. */
void na_token_bucket_init(na_token_bucket *tb, double rate, double burst, int64_t now_ms);
/* Takes one token if there is one: returns 1, else 0. */
int na_token_bucket_take(na_token_bucket *tb, int64_t now_ms);
/* Milliseconds until a token is available (0: now). */
int64_t na_token_bucket_wait_ms(na_token_bucket *tb, int64_t now_ms);

#endif
