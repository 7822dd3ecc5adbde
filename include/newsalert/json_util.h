/* Small jansson helpers the encoders share. */
#ifndef NEWSALERT_JSON_UTIL_H
#define NEWSALERT_JSON_UTIL_H

#include <stdint.h>

#include <jansson.h>

/* A new JSON string of s, or JSON null when s is NULL. */
json_t *na_json_str_or_null(const char *s);
/* A new RFC 3339 UTC string of Unix ms t, or JSON null when t < 0. */
json_t *na_json_time_or_null(int64_t t);

/*
 * json_dumps(j, flags) byte for byte when flags hold only JSON_COMPACT, JSON_PRESERVE_ORDER (a
 * no-op since jansson 2.8) and JSON_REAL_PRECISION, about ten times faster: strings are copied
 * a run of plain bytes at a time instead of one code point at a time, numbers written without
 * printf where it can be. Other flags (indentation, sorting, ASCII): json_dumps itself. An
 * array or object (or any value with JSON_ENCODE_ANY); malloc'd, NULL when out of memory.
 */
char *na_json_dumps(const json_t *j, size_t flags);

#endif
