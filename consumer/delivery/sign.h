/* Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over id.ts.body. */
#ifndef NEWSALERT_CONSUMER_SIGN_H
#define NEWSALERT_CONSUMER_SIGN_H

#include <stddef.h>
#include <stdint.h>

/* Room for "v1," + base64 of a SHA-256 MAC + NUL. */
#define NA_SIGN_MAX 64

/*
 * Writes the webhook-signature value "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>" into
 * out (NA_SIGN_MAX bytes). key is the decoded part of the "whsec_" secret.
 */
int na_sign_standard(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
                     const char *body, size_t len, char out[NA_SIGN_MAX]);

#endif
