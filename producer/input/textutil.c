/* Text checks and shaping the readers share: binary sniffing, UTF-8 positions, paragraphs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input_int.h"
#include "newsalert/error.h"
#include "newsalert/text.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int na_input_is_binary(const char *p, size_t len, size_t *at)
{
    size_t controls = 0, first = len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0) {
            *at = i;
            return 1;
        }
        if (c < 0x20 && !is_space((char)c) && c != 0x1b) {
            if (first == len)
                first = i;
            controls++;
        }
    }
    /* A stray control byte happens in real text; many of them do not. */
    if (controls > 0 && controls * 100 > len) {
        *at = first;
        return 1;
    }
    return 0;
}

int na_input_check_utf8(const char *name, uint64_t first_line, const char *p, size_t len,
                        na_input_error *e)
{
    size_t bad = 0;
    if (na_utf8_valid(p, len, &bad))
        return NA_OK;
    uint64_t line = first_line;
    size_t line_start = 0;
    for (size_t i = 0; i < bad; i++)
        if (p[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    unsigned char c = (unsigned char)p[bad];
    if (c == 0)
        return na_input_fail(e, NA_SKIP_UTF8, "%s:%llu:%zu: NUL byte (offset %zu in the record)",
                             name, (unsigned long long)line, bad - line_start + 1, bad);
    return na_input_fail(e, NA_SKIP_UTF8,
                         "%s:%llu:%zu: invalid UTF-8 (byte 0x%02x, offset %zu in the record)", name,
                         (unsigned long long)line, bad - line_start + 1, c, bad);
}

/* Appends text[0..n) to out with runs of white space (line breaks too) made one space. */
static size_t squeeze(const char *text, size_t n, char *out)
{
    size_t k = 0;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_space(text[i])) {
            pending = k > 0;
            continue;
        }
        if (pending)
            out[k++] = ' ';
        pending = 0;
        out[k++] = text[i];
    }
    return k;
}

char *na_input_oneline(const char *text, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t k = squeeze(text, len, out);
    out[k] = '\0';
    if (k == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* 1 when the line text[a..b) holds only white space. */
static int blank(const char *text, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_space(text[i]))
            return 0;
    return 1;
}

int na_input_paragraphs(const char *text, size_t len, na_strlist *out)
{
    size_t para = 0, pos = 0;
    while (pos <= len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t eol = nl ? (size_t)(nl - text) : len;
        int last = !nl;
        if (blank(text, pos, eol) || last) {
            size_t stop = last ? len : pos;
            char *p = na_input_oneline(text + para, stop - para);
            if (p && na_strlist_push_owned(out, p))
                return NA_ENOMEM;
            para = eol + 1;
        }
        if (last)
            break;
        pos = eol + 1;
    }
    return NA_OK;
}
