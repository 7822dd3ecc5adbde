/* Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over id.ts.body. */
#ifndef NEWSALERT_CONSUMER_SIGN_H
#define NEWSALERT_CONSUMER_SIGN_H

#include <stddef.h>
#include <stdint.h>

/* Room for "v1," + base64 of a SHA-256 MAC + NUL. */
#define NA_SIGN_MAX 64

/* One destination's key, made ready once: each signature then starts from a copy of the keyed
 * MAC instead of looking HMAC and SHA-256 up and keying them again. */
typedef struct na_signer na_signer;

/* key is the decoded part of the "whsec_" secret (copied). NULL when out of memory. */
na_signer *na_signer_new(const unsigned char *key, size_t key_len);
void na_signer_destroy(na_signer *s);

/*
 * Writes the webhook-signature value "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>" into
 * out (NA_SIGN_MAX bytes). 0, NA_EINVAL (an id too long), NA_ENOMEM.
 */
int na_signer_sign(const na_signer *s, const char *id, int64_t timestamp, const char *body,
                   size_t len, char out[NA_SIGN_MAX]);

/* na_signer_sign with a signer made for this one call. */
int na_sign_standard(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
                     const char *body, size_t len, char out[NA_SIGN_MAX]);

#endif
