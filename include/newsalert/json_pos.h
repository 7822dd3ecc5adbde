/*
 * Where a key stands in JSON source text: jansson reports positions only for syntax errors, so
 * config loaders use this to say "file:line:column: unknown key" for semantic errors too.
 */
#ifndef NEWSALERT_JSON_POS_H
#define NEWSALERT_JSON_POS_H

#include <stddef.h>

/*
 * Finds the member named by path (object keys; inside an array, a decimal index) in text.
 * For a key, reports the position of its opening quote; for an array element, of its value.
 * Line and column are 1-based, columns count code points like jansson's. Returns 0, or
 * NA_ENOTFOUND with the position of the deepest member that was found.
 */
int na_json_pos_find(const char *text, size_t len, const char *const *path, size_t depth, int *line,
                     int *column);

#endif
