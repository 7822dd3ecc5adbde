/*
 * Where each member and element of a JSON text stands (line:column), keyed by JSON Pointer, so
 * semantic errors found after jansson parsed the text can still name file:line:column.
 */
#ifndef NEWSALERT_JSON_POS_H
#define NEWSALERT_JSON_POS_H

#include <stddef.h>

typedef struct na_jpos na_jpos;

/* Scans a text jansson has already accepted; NULL when out of memory. */
na_jpos *na_jpos_scan(const char *text, size_t len);
void na_jpos_destroy(na_jpos *p);
/* An empty table for positions found by another parser (YAML); NULL when out of memory. */
na_jpos *na_jpos_new(void);
/* Records the key and value positions of the member or element at pointer; 0 or NA_ENOMEM. */
int na_jpos_add(na_jpos *p, const char *pointer, int kline, int kcol, int vline, int vcol);
/*
 * Position of the member or element at pointer (e.g. "/rules/0/match"): of its key when key is
 * non-zero and it is an object member, else of its value. Returns 0 when found; else
 * NA_ENOTFOUND with the position of the deepest enclosing member that exists (1:1 at worst).
 */
int na_jpos_find(const na_jpos *p, const char *pointer, int key, int *line, int *col);

#endif
