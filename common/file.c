/* Whole-file reads with a size limit, whole-file replacement, messages naming the file. */
#include "newsalert/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsalert/error.h"

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

/* mkdir -p for the folder holding path. */
static int make_parent(const char *path)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_all(int fd, const char *buf, size_t size)
{
    while (size) {
        ssize_t w = write(fd, buf, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        size -= (size_t)w;
    }
    return 0;
}

int na_file_replace(const char *path, const void *data, size_t len, char *errstr, size_t errlen)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(errstr, errlen, "%s: path too long", path);
        return NA_EIO;
    }
    int fd = -1;
    if (make_parent(path) != 0 || (fd = mkstemp(tmp)) < 0) {
        snprintf(errstr, errlen, "%s: %s", path, strerror(errno));
        return NA_EIO;
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        snprintf(errstr, errlen, "%s: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return NA_EIO;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(errstr, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return NA_EIO;
    }
    return NA_OK;
}
