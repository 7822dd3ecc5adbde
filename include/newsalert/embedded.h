/* Files compiled into a binary (see cmake/embed.cmake). */
#ifndef NEWSALERT_EMBEDDED_H
#define NEWSALERT_EMBEDDED_H

#include <stddef.h>

/* The NUL-terminated contents of an embedded file such as "gazetteer/people.txt", or NULL. */
const char *na_embedded_get(const char *name, size_t *len);
/* The name of the k-th embedded file, or NULL past the last one. */
const char *na_embedded_name(size_t k);

#endif
