/* Small text helpers both sides use. */
#ifndef NEWSALERT_TEXT_H
#define NEWSALERT_TEXT_H

#include <stddef.h>

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or NULs), else 0; *bad gets the offset.
 */
int na_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
