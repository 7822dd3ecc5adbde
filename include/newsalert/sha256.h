/* SHA-256 for ids and signatures: the digest is fetched from OpenSSL once, not per call. */
#ifndef NEWSALERT_SHA256_H
#define NEWSALERT_SHA256_H

#include <stddef.h>

#include <openssl/evp.h>

/* The SHA-256 implementation (EVP_sha256() looks it up again on every use: microseconds). */
const EVP_MD *na_sha256(void);

/*
 * The SHA-256 of the n strings parts[i] (NULL: empty), each followed by one sep byte when
 * sep >= 0, as 2 * nbytes lower-case hex digits (nbytes <= 32) into hex, NUL-terminated.
 * 0 or NA_ENOMEM.
 */
int na_sha256_hex(const char *const *parts, size_t n, int sep, size_t nbytes, char *hex);

#endif
