#include "newsalert/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/embedded.h"

static const char *config_dir;

void na_config_set_dir(const char *dir)
{
    config_dir = dir;
}

char *na_config_read(const char *name, size_t *len, char *origin, size_t originlen, char *errstr,
                     size_t errlen)
{
    const char *dir = config_dir ? config_dir : getenv("NEWSALERT_CONFIG_DIR");
    if (dir && *dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (origin)
            snprintf(origin, originlen, "%s", path);
        return na_file_read(path, 0, len, errstr, errlen);
    }
    size_t n;
    const char *data = na_embedded_get(name, &n);
    if (!data) {
        snprintf(errstr, errlen, "%s: no such built-in configuration file", name);
        return NULL;
    }
    if (origin)
        snprintf(origin, originlen, "<built-in>/%s", name);
    char *copy = malloc(n + 1);
    if (!copy) {
        snprintf(errstr, errlen, "%s: out of memory", name);
        return NULL;
    }
    memcpy(copy, data, n + 1);
    if (len)
        *len = n;
    return copy;
}
