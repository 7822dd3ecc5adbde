/* Paths to files: directories are walked recursively, entries in byte order, so runs repeat. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input_int.h"
#include "newsalert/error.h"

/* Deeper than this is a symlink loop, not a news archive. */
#define MAX_DEPTH 32

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *path, int depth, na_strlist *files, na_input_error *e);

static int walk_dir(const char *path, int depth, na_strlist *files, na_input_error *e)
{
    if (depth > MAX_DEPTH)
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: directories nested too deep (a loop?)",
                             path);
    DIR *d = opendir(path);
    if (!d)
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: %s", path, strerror(errno));
    na_strlist names = {0};
    int rc = NA_OK;
    struct dirent *de;
    while (!rc && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            rc = na_strlist_push(&names, de->d_name);
    closedir(d);
    if (rc) {
        na_strlist_clear(&names);
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", path);
    }
    if (names.n)
        qsort(names.items, names.n, sizeof *names.items, by_name);
    size_t plen = strlen(path);
    int slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < names.n && !rc; i++) {
        char *child = malloc(plen + strlen(names.items[i]) + 2);
        if (!child) {
            rc = na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", path);
            break;
        }
        sprintf(child, "%s%s%s", path, slash ? "" : "/", names.items[i]);
        rc = walk(child, depth + 1, files, e);
        free(child);
    }
    na_strlist_clear(&names);
    return rc;
}

static int walk(const char *path, int depth, na_strlist *files, na_input_error *e)
{
    struct stat st;
    /* What cannot be stat'ed is kept: opening it reports the reason and counts the skip. */
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return walk_dir(path, depth, files, e);
    if (na_strlist_push(files, path))
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", path);
    return NA_OK;
}

int na_input_expand(const char *path, na_strlist *files, na_input_error *e)
{
    return walk(path, 0, files, e);
}
