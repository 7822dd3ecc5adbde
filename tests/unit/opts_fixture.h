/*
 * What the option tests share: an argv from a NULL-terminated list of words, and the drift checks
 * of unit/consumer/test_cli.c and unit/producer/test_cli.c: the option rows,
 * the --help text printed from them and the binary's docs page must agree. Each check can fail on
 * its own: a row without docs, a doc line for no row, a help text naming an option that no row
 * declares, a doc line whose help or default differ from the row's.
 */
#ifndef NA_TEST_OPTS_FIXTURE_H
#define NA_TEST_OPTS_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/opts.h"

#define FIXTURE_ARGS 32

/* argv = {prog, the words of ap up to NULL}; returns argc. argv holds FIXTURE_ARGS. */
static inline int fixture_argv(char **argv, const char *prog, va_list ap)
{
    int argc = 0;
    argv[argc++] = (char *)prog;
    for (char *a; argc < FIXTURE_ARGS - 1 && (a = va_arg(ap, char *));)
        argv[argc++] = a;
    argv[argc] = NULL;
    return argc;
}

/* The whole of f from its start, NUL-terminated; f is closed. */
static inline char *drift_slurp(FILE *f)
{
    if (!f)
        return NULL;
    rewind(f);
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap + 1);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *more = realloc(buf, 2 * cap + 1);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static inline char *drift_read(const char *path)
{
    return drift_slurp(fopen(path, "rb"));
}

static inline char *drift_help(void (*usage)(FILE *))
{
    FILE *f = tmpfile();
    if (f)
        usage(f);
    return drift_slurp(f);
}

/* The "## Options" section of a docs page: from that heading to the next "## " heading. */
static inline char *drift_options_section(char *doc)
{
    char *s = strstr(doc, "\n## Options\n");
    if (!s)
        return NULL;
    s += 12;
    char *end = strstr(s, "\n## ");
    if (end)
        end[1] = '\0';
    return s;
}

/* The doc line of a row: "- `-x`, `--name ARG`: ..." or "- `--name ARG`: ...", or NULL. */
static inline const char *drift_doc_line(const char *section, const na_opt *r, char *line, size_t n)
{
    char want[160];
    if (r->short_name)
        snprintf(want, sizeof want, "- `-%c`, `--%s%s%s`: ", r->short_name, r->name,
                 r->arg ? " " : "", r->arg ? r->arg : "");
    else
        snprintf(want, sizeof want, "- `--%s%s%s`: ", r->name, r->arg ? " " : "",
                 r->arg ? r->arg : "");
    for (const char *p = section; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        size_t len = strcspn(p, "\n");
        if (strncmp(p, want, strlen(want)) == 0) {
            snprintf(line, n, "%.*s", (int)len, p);
            return line;
        }
    }
    return NULL;
}

/* Counts the failures and prints each one. */
static inline int drift_fail(int *failures, const char *what, const char *name, const char *where)
{
    fprintf(stderr, "drift: %s --%s (%s)\n", what, name, where);
    return ++*failures;
}

/* 1 when s, read as an option word ("--name" or "-x"), is an option of the rows. */
static inline int drift_known(const na_opt *const *tables, const char *s, size_t len)
{
    char name[64];
    if (len < 2 || len >= sizeof name)
        return 0;
    snprintf(name, sizeof name, "%.*s", (int)len, s);
    return na_opts_find(tables, name[1] == '-' ? name + 2 : name + 1, NULL) != NULL;
}

/* Every option word in text ("--name", and with shorts "-x" too) must be a row. */
static inline void drift_words_known(const na_opt *const *tables, const char *text,
                                     const char *where, int shorts, int *failures)
{
    for (const char *p = text; (p = strchr(p, '-')); p++) {
        int at_word = p == text || strchr(" \t\n([|`", p[-1]);
        if (!at_word)
            continue;
        const char *q = p + (p[1] == '-' ? 2 : 1);
        size_t len = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (q == p + 1 && (!shorts || len != 1)) /* "-x" only: "-s" of an example is curl's */
            continue;
        if (q == p + 1 && !strchr(" ,]`\n", q[len]))
            continue;
        if (len == 0 || (q[0] < 'a' || q[0] > 'z'))
            continue;
        size_t whole = (size_t)(q - p) + len;
        while (whole > 2 && p[whole - 1] == '-') /* a word ending in '-' is prose */
            whole--;
        if (!drift_known(tables, p, whole)) {
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)whole, p);
            fprintf(stderr, "drift: %s names %s, which no option row declares\n", where, word);
            ++*failures;
        }
        p += whole - 1;
    }
}

/*
 * Compares the rows with --help (printed by usage) and with the Options section of the docs page
 * at $NA_SOURCE_DIR/doc. Returns the number of disagreements (printed on stderr), or -1 when the
 * page cannot be read.
 */
static inline int drift_check(const na_opt *const *tables, void (*usage)(FILE *), const char *doc)
{
    const char *src = getenv("NA_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", src ? src : ".", doc);
    char *page = drift_read(path);
    char *help = drift_help(usage);
    char *section = page ? drift_options_section(page) : NULL;
    if (!section) {
        fprintf(stderr, "drift: %s has no \"## Options\" section\n", path);
        free(page);
        free(help);
        return -1;
    }
    int failures = 0;
    for (const na_opt *const *t = tables; *t; t++) {
        for (const na_opt *r = *t; r->kind != NA_OPT_END; r++) {
            char want[160], line[2048], def[256] = "";
            /* --help: the row's own line, as na_opts_usage lays it out */
            snprintf(want, sizeof want, "\n  %c%c%s--%s%s%s", r->short_name ? '-' : ' ',
                     r->short_name ? r->short_name : ' ', r->short_name ? ", " : "  ", r->name,
                     r->arg ? " " : "", r->arg ? r->arg : "");
            char *at = strstr(help, want);
            if (!at || !strchr(" \n", at[strlen(want)]))
                drift_fail(&failures, "--help has no line for", r->name, "help");
            /* docs: a line with the same names, argument, help sentence and default */
            if (!drift_doc_line(section, r, line, sizeof line)) {
                drift_fail(&failures, "no doc line for", r->name, doc);
                continue;
            }
            if (!strstr(line, r->help))
                drift_fail(&failures, "the doc line differs from the row's help for", r->name, doc);
            if (r->env && r->def)
                snprintf(def, sizeof def, "(default $%s, else %s)", r->env, r->def);
            else if (r->env)
                snprintf(def, sizeof def, "(default $%s)", r->env);
            else if (r->def)
                snprintf(def, sizeof def, "(default %s)", r->def);
            if (*def && !strstr(line, def))
                drift_fail(&failures, "the doc line does not give the row's default for", r->name,
                           doc);
        }
    }
    /* the reverse: whatever docs and --help name as an option is a row */
    for (const char *p = section; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
        if (strncmp(p, "- `", 3) != 0)
            continue;
        size_t head = strcspn(p, ":\n"); /* the names part, before ": help" */
        char names[256];
        snprintf(names, sizeof names, "%.*s", (int)head, p);
        drift_words_known(tables, names, doc, 1, &failures);
    }
    drift_words_known(tables, help, "--help", 0, &failures);
    free(page);
    free(help);
    return failures;
}

#endif
