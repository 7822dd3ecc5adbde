/* The byte stream under every reader: a file or stdin, gunzipped on the fly, memory bounded. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "input_impl.h"
#include "newsalert/error.h"

#define CHUNK (128u * 1024u)

struct na_stream {
    gzFile gz;
    const char *name;
    char *buf;
    size_t cap, start, end, limit, max_record, peak;
    uint64_t lineno;
    int eof, gzip_known, gzip, truncated;
};

na_stream *na_stream_open(const char *path, const char *name, size_t max_record, na_input_error *e)
{
    int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: %s", name, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: is a directory", name);
        return NULL;
    }
    na_stream *s = calloc(1, sizeof *s);
    gzFile gz = s ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        close(fd);
        free(s);
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", name);
        return NULL;
    }
    gzbuffer(gz, CHUNK);
    s->gz = gz;
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
    gzclose(s->gz);
    free(s->buf);
    free(s);
}

static int read_error(na_stream *s, na_input_error *e)
{
    int zerr = 0;
    const char *msg = gzerror(s->gz, &zerr);
    s->eof = 1;
    if (zerr == Z_ERRNO)
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: read error: %s", s->name, strerror(errno));
    return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: gzip: %s", s->name, msg);
}

/* Zero bytes read: the end. A cut gzip stream is reported once the bytes before it are used. */
static int at_end(na_stream *s)
{
    int zerr = 0;
    s->eof = 1;
    gzerror(s->gz, &zerr);
    s->truncated = zerr == Z_BUF_ERROR;
    return NA_OK;
}

static int truncated(na_stream *s, na_input_error *e)
{
    s->truncated = 0;
    return na_input_fail(e, NA_SKIP_UNREADABLE,
                         "%s: gzip: the compressed data ends early (truncated file?)", s->name);
}

/* Reads one more chunk behind the buffered bytes, moving and growing the buffer as needed. */
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
    int n = gzread(s->gz, s->buf + s->end, (unsigned)(room > CHUNK ? CHUNK : room));
    if (n < 0)
        return read_error(s, e);
    if (n == 0)
        return at_end(s);
    s->end += (size_t)n;
    if (!s->gzip_known) {
        s->gzip = !gzdirect(s->gz);
        s->gzip_known = 1;
    }
    return NA_OK;
}

int na_stream_is_gzip(const na_stream *s)
{
    return s->gzip;
}

uint64_t na_stream_lineno(const na_stream *s)
{
    return s->lineno;
}

size_t na_stream_peak(const na_stream *s)
{
    return s->peak;
}

int na_stream_peek(na_stream *s, size_t n, const char **p, size_t *len, na_input_error *e)
{
    int rc;
    while (s->end - s->start < n && !s->eof)
        if ((rc = fill(s, e)))
            return rc;
    *p = s->buf ? s->buf + s->start : "";
    *len = s->end - s->start;
    return NA_OK;
}

/* Reads on past the end of an oversize line without keeping it; *total gets its length. */
static int skip_line(na_stream *s, size_t *total, na_input_error *e)
{
    s->start = s->end = 0;
    for (;;) {
        int n = gzread(s->gz, s->buf, (unsigned)(s->cap > CHUNK ? CHUNK : s->cap));
        if (n < 0)
            return read_error(s, e);
        if (n == 0)
            return at_end(s);
        char *nl = memchr(s->buf, '\n', (size_t)n);
        if (nl) {
            *total += (size_t)(nl - s->buf);
            s->start = (size_t)(nl - s->buf) + 1;
            s->end = (size_t)n;
            return NA_OK;
        }
        *total += (size_t)n;
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
            return s->truncated ? truncated(s, e) : NA_OK;
        scanned = s->end - s->start;
        if (scanned > s->max_record) {
            size_t total = scanned;
            rc = skip_line(s, &total, e);
            s->lineno++;
            if (rc)
                return rc;
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
    if (s->truncated)
        return truncated(s, e);
    *p = s->buf ? s->buf + s->start : "";
    *len = s->end - s->start;
    s->start = s->end;
    return NA_OK;
}
