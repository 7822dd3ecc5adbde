/* A small open-addressing map from strings (copied in) to 32-bit values. */
#ifndef NEWSALERT_STRMAP_H
#define NEWSALERT_STRMAP_H

#include <stdint.h>

typedef struct na_strmap na_strmap;

na_strmap *na_strmap_new(void);
void na_strmap_destroy(na_strmap *m);
/* The value stored under key, or -1. */
int64_t na_strmap_get(const na_strmap *m, const char *key);
/* Stores value under key (replacing the one there). 0 or NA_ENOMEM. */
int na_strmap_put(na_strmap *m, const char *key, uint32_t value);

#endif
