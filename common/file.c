/* Whole-file reads with a size limit and messages naming the file. */
#include "newsalert/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 65536

char *na_file_read(const char *path, size_t max, size_t *len, char *errstr, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(errstr, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = max && max < FIRST_CAP ? max + 1 : FIRST_CAP, n = 0;
    char *buf = malloc(cap + 1);
    const char *why = buf ? NULL : "out of memory";
    while (!why) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                why = "out of memory";
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (max && n > max)
            why = "too large";
        else if (got == 0)
            break;
    }
    if (!why && ferror(f))
        why = strerror(errno);
    fclose(f);
    if (why) {
        if (max && n > max)
            snprintf(errstr, errlen, "%s: larger than %zu bytes", path, max);
        else
            snprintf(errstr, errlen, "%s: %s", path, why);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}
