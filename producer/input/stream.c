/* Lines and records over a source: memory bounded, oversize lines streamed past, not loaded. */
#include <stdlib.h>
#include <string.h>

#include "input/input_int.h"
#include "newsalert/error.h"

#define CHUNK (128u * 1024u)

struct na_stream {
    na_source *src;
    const char *name;
    char *buf;
    size_t cap, start, end, limit, max_record, peak;
    uint64_t lineno;
    int eof, late;
    na_input_error late_err; /* a read error held back until the bytes before it are used */
};

na_stream *na_stream_open(const char *path, const char *name, size_t max_record, na_input_error *e)
{
    na_source *src = na_source_open(path, name, e);
    if (!src)
        return NULL;
    na_stream *s = calloc(1, sizeof *s);
    if (!s) {
        na_source_close(src);
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", name);
        return NULL;
    }
    s->src = src;
    s->name = name;
    s->max_record = max_record;
    /* Room for one whole record plus a chunk read past it: the most ever held. */
    s->limit = max_record + 1 + CHUNK;
    return s;
}

void na_stream_close(na_stream *s)
{
    if (!s)
        return;
    na_source_close(s->src);
    free(s->buf);
    free(s);
}

int na_stream_is_gzip(const na_stream *s)
{
    return na_source_is_gzip(s->src);
}

uint64_t na_stream_lineno(const na_stream *s)
{
    return s->lineno;
}

size_t na_stream_peak(const na_stream *s)
{
    return s->peak;
}

/* Reads into buf[0..n): bytes read, 0 at the end; an error ends the input and is kept for later. */
static size_t source_read(na_stream *s, char *dst, size_t n)
{
    long r = na_source_read(s->src, dst, n, &s->late_err);
    if (r <= 0) {
        s->eof = 1;
        s->late = r < 0;
        return 0;
    }
    return (size_t)r;
}

/* The end of the data: NA_OK, or the read error that ended it. */
static int end_of_data(na_stream *s, na_input_error *e)
{
    if (!s->late)
        return NA_OK;
    s->late = 0;
    *e = s->late_err;
    return NA_EIO;
}

/* Reads more behind the buffered bytes, moving and growing the buffer as needed. */
static int fill(na_stream *s, na_input_error *e)
{
    if (s->start > 0) {
        memmove(s->buf, s->buf + s->start, s->end - s->start);
        s->end -= s->start;
        s->start = 0;
    }
    if (s->cap - s->end < CHUNK && s->cap < s->limit) {
        size_t ncap = s->cap ? s->cap * 2 : 2 * CHUNK;
        if (ncap > s->limit)
            ncap = s->limit;
        char *nb = realloc(s->buf, ncap);
        if (!nb)
            return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", s->name);
        s->buf = nb;
        s->cap = ncap;
        if (ncap > s->peak)
            s->peak = ncap;
    }
    size_t room = s->cap - s->end;
    s->end += source_read(s, s->buf + s->end, room > CHUNK ? CHUNK : room);
    return NA_OK;
}

static int significant(unsigned char c)
{
    return !strchr(" \t\r\n\f\v", c) && c != 0xef && c != 0xbb && c != 0xbf;
}

int na_stream_peek(na_stream *s, const char **p, size_t *len, na_input_error *e)
{
    int rc;
    size_t i = 0;
    for (;;) {
        for (; s->start + i < s->end; i++)
            if (significant((unsigned char)s->buf[s->start + i]))
                goto done;
        if (s->eof)
            break;
        if ((rc = fill(s, e)))
            return rc;
    }
    if (s->end == s->start && s->late) /* nothing could be read at all */
        return end_of_data(s, e);
done:
    *p = s->buf ? s->buf + s->start : "";
    *len = s->end - s->start;
    return NA_OK;
}

/* Reads on past the end of an oversize line without keeping it; *total gets its length. */
static void skip_line(na_stream *s, size_t *total)
{
    s->start = s->end = 0;
    while (!s->eof) {
        size_t n = source_read(s, s->buf, s->cap > CHUNK ? CHUNK : s->cap);
        char *nl = memchr(s->buf, '\n', n);
        if (nl) {
            *total += (size_t)(nl - s->buf);
            s->start = (size_t)(nl - s->buf) + 1;
            s->end = n;
            return;
        }
        *total += n;
    }
}

static int oversize(na_stream *s, size_t n, na_input_error *e)
{
    return na_input_fail(e, NA_SKIP_OVERSIZE,
                         "%s:%llu: record of %zu bytes is over the %zu byte limit "
                         "(--max-record-size)",
                         s->name, (unsigned long long)s->lineno, n, s->max_record);
}

int na_stream_line(na_stream *s, const char **line, size_t *len, na_input_error *e)
{
    size_t scanned = 0;
    int rc;
    *line = NULL;
    *len = 0;
    for (;;) {
        char *base = s->buf + s->start;
        char *nl = s->buf ? memchr(base + scanned, '\n', s->end - s->start - scanned) : NULL;
        if (nl || (s->eof && s->end > s->start)) {
            size_t n = nl ? (size_t)(nl - base) : s->end - s->start;
            s->start += nl ? n + 1 : n;
            s->lineno++;
            if (n > s->max_record) {
                *len = n;
                return oversize(s, n, e);
            }
            if (n > 0 && base[n - 1] == '\r')
                n--;
            *line = base;
            *len = n;
            return NA_OK;
        }
        if (s->eof)
            return end_of_data(s, e);
        scanned = s->end - s->start;
        if (scanned > s->max_record) {
            size_t total = scanned;
            skip_line(s, &total);
            s->lineno++;
            *len = total;
            return oversize(s, total, e);
        }
        if ((rc = fill(s, e)))
            return rc;
    }
}

int na_stream_rest(na_stream *s, const char **p, size_t *len, na_input_error *e)
{
    int rc;
    while (!s->eof && s->end - s->start <= s->max_record)
        if ((rc = fill(s, e)))
            return rc;
    if (s->end - s->start > s->max_record)
        return na_input_fail(e, NA_SKIP_OVERSIZE, "%s: over the %zu byte record limit", s->name,
                             s->max_record);
    if ((rc = end_of_data(s, e)))
        return rc;
    *p = s->buf ? s->buf + s->start : "";
    *len = s->end - s->start;
    s->start = s->end;
    return NA_OK;
}
