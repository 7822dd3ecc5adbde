/* Retry timing both sides use: a server's Retry-After and capped exponential backoff. */
#ifndef NEWSALERT_RETRY_H
#define NEWSALERT_RETRY_H

#include <stdint.h>

/* Values past this (one year) are refused as nonsense. */
#define NA_RETRY_AFTER_MAX_MS (INT64_C(365) * 86400 * 1000)

/*
 * A Retry-After header value (RFC 9110: delay-seconds, fractions accepted, or an HTTP date) as
 * ms from now_ms (a date in the past: 0); -1 when NULL, unparsable, negative or over a year.
 */
int64_t na_retry_after_ms(const char *value, int64_t now_ms);

/* base_ms doubled `doublings` times, capped at cap_ms (no overflow); 0 when base_ms <= 0. */
int64_t na_retry_backoff_ms(int64_t base_ms, int64_t cap_ms, unsigned doublings);

#endif
