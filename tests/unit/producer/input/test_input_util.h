/* Helpers the input reader tests share: fixture paths, temp files, draining a reader. */
#ifndef NEWSALERT_TEST_INPUT_UTIL_H
#define NEWSALERT_TEST_INPUT_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/input.h"

#define MAX_SEEN 64

/* What one pass over a file gave: the articles and the skip messages, in order. */
struct seen {
    na_article *articles[MAX_SEEN];
    size_t n_articles;
    na_input_error errors[MAX_SEEN];
    size_t n_errors;
    uint64_t date_warnings;
    size_t peak;
    char format[32];
};

static inline const char *fixture(const char *rel, char *buf, size_t n)
{
    const char *dir = getenv("NA_TEST_DATA");
    snprintf(buf, n, "%s/%s", dir ? dir : "tests/data", rel);
    return buf;
}

/* A fresh directory under $TMPDIR; the caller removes it with cleanup_dir(). */
static inline char *temp_dir(void)
{
    char tmpl[] = "/tmp/na_input_test_XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

static inline void cleanup_dir(char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

static inline char *write_temp(const char *dir, const char *name, const void *data, size_t len)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        free(path);
        path = NULL;
    }
    if (f)
        fclose(f);
    return path;
}

/* One file in a fresh temporary directory. */
struct tmp {
    char *dir, *path;
};

static inline struct tmp tmp_write(const char *name, const void *data, size_t len)
{
    struct tmp t = {temp_dir(), NULL};
    if (t.dir)
        t.path = write_temp(t.dir, name, data, len);
    return t;
}

static inline void tmp_free(struct tmp *t)
{
    free(t->path);
    cleanup_dir(t->dir);
}

/* Opens path and reads it to the end; an open failure is recorded as the only error. */
static inline void drain(const char *path, size_t max_record, struct seen *s)
{
    memset(s, 0, sizeof *s);
    na_input_opts o = {max_record};
    na_reader *r = na_reader_open(path, &o, &s->errors[0]);
    if (!r) {
        s->n_errors = 1;
        return;
    }
    snprintf(s->format, sizeof s->format, "%s", na_reader_format(r));
    for (;;) {
        na_article *a = NULL;
        na_input_error e;
        int rc = na_reader_next(r, &a, &e);
        if (rc) {
            if (s->n_errors < MAX_SEEN)
                s->errors[s->n_errors++] = e;
            continue;
        }
        if (!a)
            break;
        if (s->n_articles < MAX_SEEN)
            s->articles[s->n_articles++] = a;
        else
            na_article_destroy(a);
    }
    s->date_warnings = na_reader_date_warnings(r);
    s->peak = na_reader_peak_buffer(r);
    na_reader_close(r);
}

static inline void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->n_articles; i++)
        na_article_destroy(s->articles[i]);
    s->n_articles = 0;
}

/* 1 when msg starts with path followed by suffix (e.g. ":10:"). */
static inline int names(const char *msg, const char *path, const char *suffix)
{
    size_t n = strlen(path);
    return strncmp(msg, path, n) == 0 && strncmp(msg + n, suffix, strlen(suffix)) == 0;
}

#endif
