/*
 * Raw bytes of a file or stdin, gunzipped when they start with the gzip magic. Each read returns
 * as soon as some bytes are there, so a live pipe is not held back waiting for a full buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "input/input_int.h"
#include "newsalert/error.h"

#define IN_CHUNK (64u * 1024u)

enum { MODE_UNKNOWN, MODE_PLAIN, MODE_GZIP };

struct na_source {
    int fd, mode, raw_eof, member_done, z_ready;
    const char *name;
    unsigned char in[IN_CHUNK]; /* bytes read ahead: for detection, then inflate's input */
    size_t in_len, in_pos;
    z_stream zs;
};

/* What a path that is not a regular file is, for the skip message. */
static const char *kind(mode_t m)
{
    return S_ISDIR(m)                 ? "is a directory"
           : S_ISFIFO(m)              ? "is a FIFO, not a regular file"
           : S_ISSOCK(m)              ? "is a socket, not a regular file"
           : S_ISCHR(m) || S_ISBLK(m) ? "is a device, not a regular file"
                                      : "is not a regular file";
}

na_source *na_source_open(const char *path, const char *name, na_input_error *e)
{
    int is_stdin = strcmp(path, "-") == 0;
    /* O_NONBLOCK: opening a FIFO with no writer must not hang before fstat can refuse it. */
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: %s", name, strerror(errno));
        return NULL;
    }
    struct stat st;
    const char *bad = NULL;
    if (fstat(fd, &st) != 0)
        bad = strerror(errno);
    else if (is_stdin ? S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
        bad = kind(st.st_mode);
    if (bad) {
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: %s", name, bad);
        close(fd);
        return NULL;
    }
    if (!is_stdin) {
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
            na_input_fail(e, NA_SKIP_UNREADABLE, "%s: %s", name, strerror(errno));
            close(fd);
            return NULL;
        }
    }
    na_source *s = calloc(1, sizeof *s);
    if (!s) {
        close(fd);
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", name);
        return NULL;
    }
    s->fd = fd;
    s->name = name;
    return s;
}

void na_source_close(na_source *s)
{
    if (!s)
        return;
    if (s->z_ready)
        inflateEnd(&s->zs);
    close(s->fd);
    free(s);
}

int na_source_is_gzip(const na_source *s)
{
    return s->mode == MODE_GZIP;
}

static long raw_read(na_source *s, void *buf, size_t n, na_input_error *e)
{
    ssize_t r = read(s->fd, buf, n);
    if (r < 0)
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: read error: %s", s->name, strerror(errno));
    return (long)r;
}

/* Reads until the two magic bytes can be checked (or the input ends). */
static int detect(na_source *s, na_input_error *e)
{
    while (s->in_len < 2 && !s->raw_eof) {
        long r = raw_read(s, s->in + s->in_len, sizeof s->in - s->in_len, e);
        if (r < 0)
            return (int)r;
        s->raw_eof = r == 0;
        s->in_len += (size_t)r;
    }
    s->mode = s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b ? MODE_GZIP : MODE_PLAIN;
    if (s->mode == MODE_GZIP) {
        if (inflateInit2(&s->zs, 16 + MAX_WBITS) != Z_OK)
            return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: gzip: out of memory", s->name);
        s->z_ready = 1;
        s->zs.next_in = s->in;
        s->zs.avail_in = (uInt)s->in_len;
    }
    return NA_OK;
}

static long plain_read(na_source *s, char *dst, size_t n, na_input_error *e)
{
    if (s->in_pos < s->in_len) {
        size_t k = s->in_len - s->in_pos < n ? s->in_len - s->in_pos : n;
        memcpy(dst, s->in + s->in_pos, k);
        s->in_pos += k;
        return (long)k;
    }
    return s->raw_eof ? 0 : raw_read(s, dst, n, e);
}

static long gzip_read(na_source *s, char *dst, size_t n, na_input_error *e)
{
    for (;;) {
        if (s->zs.avail_in == 0 && !s->raw_eof) {
            long r = raw_read(s, s->in, sizeof s->in, e);
            if (r < 0)
                return r;
            s->raw_eof = r == 0;
            s->zs.next_in = s->in;
            s->zs.avail_in = (uInt)r;
        }
        if (s->zs.avail_in == 0 && s->raw_eof) {
            if (s->member_done)
                return 0;
            return na_input_fail(e, NA_SKIP_UNREADABLE,
                                 "%s: gzip: the compressed data ends early (truncated file?)",
                                 s->name);
        }
        if (s->member_done) { /* concatenated gzip members, as `cat a.gz b.gz` makes */
            inflateReset(&s->zs);
            s->member_done = 0;
        }
        s->zs.next_out = (unsigned char *)dst;
        s->zs.avail_out = (uInt)(n > 0x40000000u ? 0x40000000u : n);
        uInt before = s->zs.avail_out;
        int ret = inflate(&s->zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END)
            s->member_done = 1;
        else if (ret != Z_OK && ret != Z_BUF_ERROR)
            return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: gzip: %s", s->name,
                                 s->zs.msg ? s->zs.msg : "corrupt data");
        if (before > s->zs.avail_out)
            return (long)(before - s->zs.avail_out);
    }
}

long na_source_read(na_source *s, char *dst, size_t n, na_input_error *e)
{
    int rc;
    if (s->mode == MODE_UNKNOWN && (rc = detect(s, e)))
        return rc;
    return s->mode == MODE_GZIP ? gzip_read(s, dst, n, e) : plain_read(s, dst, n, e);
}
