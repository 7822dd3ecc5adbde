/* Growing the arrays that modules append to one element at a time. */
#ifndef NEWSALERT_GROW_H
#define NEWSALERT_GROW_H

#include <stdlib.h>

#include "newsalert/error.h"

/*
 * Makes room for one more element of size elem in *arr (n used of *cap), or, said otherwise,
 * for index n: the capacity doubles (from first_cap) until it exceeds n. 0 or NA_ENOMEM.
 */
static inline int na_grow(void **arr, size_t *cap, size_t n, size_t elem, size_t first_cap)
{
    if (n < *cap)
        return NA_OK;
    size_t ncap = *cap ? *cap * 2 : first_cap ? first_cap : 1;
    while (ncap <= n)
        ncap *= 2;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return NA_ENOMEM;
    *arr = p;
    *cap = ncap;
    return NA_OK;
}

#endif
