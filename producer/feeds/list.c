/* The feeds list file: URLs with optional per-feed intervals, errors named by line. */
#include "feeds/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/config.h"
#include "newsalert/error.h"

int na_feed_interval_parse(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0 || v != v)
        return NA_EINVAL;
    double unit = 1;
    if (*end == 's')
        end++;
    else if (*end == 'm')
        unit = 60, end++;
    else if (*end == 'h')
        unit = 3600, end++;
    if (*end)
        return NA_EINVAL;
    *out = v * unit;
    return NA_OK;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* One line, already cut at its newline and NUL-terminated (modified in place). */
static int parse_line(char *line, const char *name, size_t lineno, na_feed_list_fn add, void *ud,
                      char *errstr, size_t errlen)
{
    /* '#' starts a comment at the start of a line or after white space; in a URL it is a fragment.
     */
    for (char *p = line; *p; p++)
        if (*p == '#' && (p == line || is_space(p[-1]))) {
            *p = '\0';
            break;
        }
    char *save = NULL, *url = strtok_r(line, " \t\r", &save);
    if (!url)
        return NA_OK;
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        snprintf(errstr, errlen, "%s:%zu: \"%s\" is not an http:// or https:// URL", name, lineno,
                 url);
        return NA_EINVAL;
    }
    double interval = 0;
    for (char *opt; (opt = strtok_r(NULL, " \t\r", &save));) {
        if (strncmp(opt, "interval=", 9) != 0) {
            snprintf(errstr, errlen, "%s:%zu: unknown option \"%s\" (expected interval=SECONDS)",
                     name, lineno, opt);
            return NA_EINVAL;
        }
        if (na_feed_interval_parse(opt + 9, &interval)) {
            snprintf(errstr, errlen, "%s:%zu: bad interval \"%s\" (seconds, or 90s, 5m, 1h)", name,
                     lineno, opt + 9);
            return NA_EINVAL;
        }
    }
    int rc = add(url, interval, ud);
    if (rc)
        snprintf(errstr, errlen, "%s:%zu: %s", name, lineno, na_strerror(rc));
    return rc;
}

int na_feed_list_parse(const char *text, size_t len, const char *name, na_feed_list_fn add,
                       void *ud, char *errstr, size_t errlen)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        snprintf(errstr, errlen, "%s: out of memory", name);
        return NA_ENOMEM;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    int rc = NA_OK;
    size_t lineno = 0;
    for (char *line = copy, *next; line && !rc; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        rc = parse_line(line, name, lineno, add, ud, errstr, errlen);
    }
    free(copy);
    return rc;
}

int na_feed_list_read(const char *path, na_feed_list_fn add, void *ud, char *errstr, size_t errlen)
{
    size_t len;
    char *text = na_file_read(path, 0, &len, errstr, errlen);
    if (!text)
        return NA_EIO;
    int rc = na_feed_list_parse(text, len, path, add, ud, errstr, errlen);
    free(text);
    return rc;
}
