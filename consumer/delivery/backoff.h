/* Retry timing: exponential backoff with full jitter, and Discord's retry hint. */
#ifndef NEWSALERT_CONSUMER_BACKOFF_H
#define NEWSALERT_CONSUMER_BACKOFF_H

#include <stddef.h>
#include <stdint.h>

/*
 * The delay before retry number attempt (1 = the first retry): uniform in
 * [0, min(max_ms, initial_ms * 2^(attempt-1))]. rng is the caller's xorshift state (non-zero).
 */
int64_t na_backoff_delay_ms(int64_t initial_ms, int64_t max_ms, int attempt, uint64_t *rng);

/* Discord's 429 body {"retry_after": seconds (float), ...} as ms; -1 when absent. */
int64_t na_backoff_discord_retry_ms(const char *body, size_t len);

#endif
