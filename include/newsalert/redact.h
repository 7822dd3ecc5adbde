/* Secrets out of text meant for people: URL userinfo, query values and token-like path segments,
 * "password=..."-style values and webhook secrets (whsec_...). The logger runs every line
 * through it. */
#ifndef NEWSALERT_REDACT_H
#define NEWSALERT_REDACT_H

#include <stddef.h>

/* Writes in, redacted, to out (always terminated, cut to outlen); returns the length written. */
size_t na_redact(const char *in, char *out, size_t outlen);

#endif
