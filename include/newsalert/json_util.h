/* Small jansson helpers the encoders share. */
#ifndef NEWSALERT_JSON_UTIL_H
#define NEWSALERT_JSON_UTIL_H

#include <stdint.h>

#include <jansson.h>

/* A new JSON string of s, or JSON null when s is NULL. */
json_t *na_json_str_or_null(const char *s);
/* A new RFC 3339 UTC string of Unix ms t, or JSON null when t < 0. */
json_t *na_json_time_or_null(int64_t t);

#endif
