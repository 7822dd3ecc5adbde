/*
 * Paths to files: directories are walked recursively, entries in byte order, so runs repeat.
 * A bad entry (an unreadable directory, a symlink loop, a FIFO) is reported and skipped, and the
 * walk goes on. Directories are recognised by device and inode, so one reached again through a
 * symlink is not read twice.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input_int.h"
#include "newsalert/error.h"
#include "newsalert/grow.h"

/* Deeper than this is not a news archive (loops are caught by inode before). */
#define MAX_DEPTH 64

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walker {
    na_strlist *files;
    na_input_skip_fn on_skip;
    void *ud;
    dir_id *seen; /* every directory entered, so loops and second routes are skipped */
    size_t n_seen, cap_seen;
    int oom;
} walker;

/* "path: why, skipped" to the skip callback. */
static void report(walker *w, const char *path, const char *why)
{
    na_input_error e;
    na_input_fail(&e, NA_SKIP_UNREADABLE, "%s: %s, skipped", path, why);
    if (w->on_skip)
        w->on_skip(&e, w->ud);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The path of a directory already entered with this identity, or 0 when it is new (and kept). */
static int seen_before(walker *w, const struct stat *st)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 1;
    if (na_grow((void **)&w->seen, &w->cap_seen, w->n_seen + 1, sizeof *w->seen, 16)) {
        w->oom = 1;
        return 1;
    }
    w->seen[w->n_seen++] = (dir_id){st->st_dev, st->st_ino};
    return 0;
}

static void walk(walker *w, const char *path, int depth);

static void walk_dir(walker *w, const char *path, const struct stat *st, int depth)
{
    if (seen_before(w, st)) {
        if (!w->oom)
            report(w, path, "directory already read (a symlink loop?)");
        return;
    }
    if (depth > MAX_DEPTH) {
        report(w, path, "directories nested too deep");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        report(w, path, strerror(errno));
        return;
    }
    na_strlist names = {0};
    struct dirent *de;
    while (!w->oom && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            w->oom = na_strlist_push(&names, de->d_name) != 0;
    closedir(d);
    if (names.n)
        qsort(names.items, names.n, sizeof *names.items, by_name);
    size_t plen = strlen(path);
    int slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < names.n && !w->oom; i++) {
        char *child = malloc(plen + strlen(names.items[i]) + 2);
        if (!child) {
            w->oom = 1;
            break;
        }
        sprintf(child, "%s%s%s", path, slash ? "" : "/", names.items[i]);
        walk(w, child, depth + 1);
        free(child);
    }
    na_strlist_clear(&names);
}

static void walk(walker *w, const char *path, int depth)
{
    struct stat st;
    /* What cannot be stat'ed is kept: opening it reports the reason and counts the skip. */
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            walk_dir(w, path, &st, depth);
            return;
        }
        if (depth > 0 && !S_ISREG(st.st_mode)) { /* a FIFO or device found in a folder */
            report(w, path, "not a regular file");
            return;
        }
    }
    if (na_strlist_push(w->files, path))
        w->oom = 1;
}

int na_input_expand(const char *path, na_strlist *files, na_input_skip_fn on_skip, void *ud)
{
    walker w = {files, on_skip, ud, NULL, 0, 0, 0};
    walk(&w, path, 0);
    free(w.seen);
    return w.oom ? NA_ENOMEM : NA_OK;
}
