/* Reading a whole file and replacing one, the one way every module does it. */
#ifndef NEWSALERT_FILE_H
#define NEWSALERT_FILE_H

#include <stddef.h>

/*
 * Reads the file at path into a new NUL-terminated buffer (caller frees); *len, when len is
 * given, gets its size. max > 0 refuses files over max bytes. NULL with errstr "PATH: reason"
 * ("PATH: larger than MAX bytes" for the limit).
 */
char *na_file_read(const char *path, size_t max, size_t *len, char *errstr, size_t errlen);

/*
 * Replaces the file at path with len bytes of data, whole or not at all: written to a
 * temporary file beside it (mode 0600), synced, then renamed over it; missing folders are made
 * (mode 0700). 0, or NA_EIO with errstr "PATH: reason".
 */
int na_file_replace(const char *path, const void *data, size_t len, char *errstr, size_t errlen);

#endif
