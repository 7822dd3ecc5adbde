/* Locates a key path in JSON source text, for error messages that name line and column. */
#include "newsalert/json_pos.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"

typedef struct scan {
    const char *s;
    size_t len, i;
} scan;

static void skip_ws(scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

/* Skips a string starting at its quote; returns 0, or -1 when unterminated. */
static int skip_string(scan *sc)
{
    for (sc->i++; sc->i < sc->len; sc->i++) {
        if (sc->s[sc->i] == '\\')
            sc->i++;
        else if (sc->s[sc->i] == '"') {
            sc->i++;
            return 0;
        }
    }
    return -1;
}

/* Compares the raw key at sc (escapes compared literally: config keys are plain ASCII). */
static int key_equals(const scan *sc, size_t start, const char *want)
{
    size_t n = sc->i - start - 2;
    return strlen(want) == n && !memcmp(sc->s + start + 1, want, n);
}

static int skip_value(scan *sc, int level)
{
    if (level > 256)
        return -1;
    skip_ws(sc);
    if (sc->i >= sc->len)
        return -1;
    char c = sc->s[sc->i];
    if (c == '"')
        return skip_string(sc);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc->i++;
        for (;;) {
            skip_ws(sc);
            if (sc->i >= sc->len)
                return -1;
            if (sc->s[sc->i] == close) {
                sc->i++;
                return 0;
            }
            if (sc->s[sc->i] == ',' || sc->s[sc->i] == ':') {
                sc->i++;
                continue;
            }
            if (skip_value(sc, level + 1))
                return -1;
        }
    }
    while (sc->i < sc->len && !strchr(",}] \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
    return 0;
}

/* Descends one level: leaves sc at the wanted member (key or element). */
static int step(scan *sc, const char *want, int *at_key)
{
    skip_ws(sc);
    if (sc->i >= sc->len)
        return -1;
    char open = sc->s[sc->i];
    if (open != '{' && open != '[')
        return -1;
    long index = open == '[' ? strtol(want, NULL, 10) : -1;
    sc->i++;
    for (long n = 0;; n++) {
        skip_ws(sc);
        if (sc->i >= sc->len || sc->s[sc->i] == (open == '{' ? '}' : ']'))
            return -1;
        size_t start = sc->i;
        if (open == '[') {
            if (n == index) {
                *at_key = 0;
                return 0;
            }
        } else {
            if (sc->s[sc->i] != '"' || skip_string(sc))
                return -1;
            if (key_equals(sc, start, want)) {
                sc->i = start;
                *at_key = 1;
                return 0;
            }
            skip_ws(sc);
            if (sc->i >= sc->len || sc->s[sc->i] != ':')
                return -1;
            sc->i++;
        }
        if (skip_value(sc, 0))
            return -1;
        skip_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',')
            sc->i++;
    }
}

static void position(const char *s, size_t at, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*column)++;
        }
    }
}

int na_json_pos_find(const char *text, size_t len, const char *const *path, size_t depth, int *line,
                     int *column)
{
    scan sc = {text, len, 0};
    skip_ws(&sc);
    size_t best = sc.i;
    int rc = NA_OK;
    for (size_t k = 0; k < depth; k++) {
        int at_key = 0;
        if (step(&sc, path[k], &at_key)) {
            rc = NA_ENOTFOUND;
            break;
        }
        best = sc.i;
        if (at_key && k + 1 < depth) {
            skip_string(&sc);
            skip_ws(&sc);
            sc.i++; /* the colon */
        }
    }
    position(text, best < len ? best : len, line, column);
    return rc;
}
