/* Opening an input: detect its format, hand it to the matching reader, report what went wrong. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input_int.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

/* How many leading bytes binary sniffing looks at. */
#define SNIFF_BYTES 8192

static const char *const reason_names[NA_SKIP__COUNT] = {
    [NA_SKIP_UNREADABLE] = "unreadable",
    [NA_SKIP_EMPTY] = "empty",
    [NA_SKIP_BINARY] = "binary",
    [NA_SKIP_UTF8] = "invalid UTF-8",
    [NA_SKIP_OVERSIZE] = "oversize",
    [NA_SKIP_JSON] = "malformed JSON",
    [NA_SKIP_RECORD] = "invalid record",
    [NA_SKIP_HEADLINE] = "missing headline",
    [NA_SKIP_FORMAT] = "unsupported format",
    [NA_SKIP_EVENT] = "not encodable",
    [NA_SKIP_FEED] = "malformed feed",
};

const char *na_skip_reason_name(enum na_skip_reason r)
{
    return (unsigned)r < NA_SKIP__COUNT ? reason_names[r] : "unknown";
}

int na_input_fail(na_input_error *e, enum na_skip_reason reason, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->reason = reason;
    switch (reason) {
    case NA_SKIP_UNREADABLE:
        return NA_EIO;
    case NA_SKIP_UTF8:
        return NA_EUTF8;
    case NA_SKIP_OVERSIZE:
        return NA_ETOOBIG;
    case NA_SKIP_JSON:
        return NA_EPARSE;
    default:
        return NA_EINVAL;
    }
}

/* The first byte that is not white space or a UTF-8 byte order mark, or -1. */
static int first_byte(const char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < n; i++)
        if (!strchr(" \t\r\n\f\v", p[i]))
            return (unsigned char)p[i];
    return -1;
}

/* A reader per format, tried in order; the first whose lead byte matches takes the file. */
static const struct input_format {
    const char *name;
    int lead; /* first significant byte, or 0 for "anything" */
    int (*open)(na_reader *r, na_input_error *e);
} formats[] = {
    {"jsonl", '{', na_input_jsonl_open},
    {"feed", '<', na_input_feed_open}, /* RSS 2.0, RSS 1.0, Atom: producer/feed_input.c */
    {"text", 0, na_input_text_open},
};

na_reader *na_reader_open(const char *path, const na_input_opts *o, na_input_error *e)
{
    size_t max = o && o->max_record ? o->max_record : NA_INPUT_MAX_RECORD_DEFAULT;
    na_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path))) {
        free(r);
        na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", path);
        return NULL;
    }
    r->max_record = max;
    const char *p;
    size_t n, at;
    if (!(r->s = na_stream_open(path, r->name, max, e)) || na_stream_peek(r->s, &p, &n, e))
        goto fail;
    int lead = first_byte(p, n);
    if (lead < 0) {
        na_input_fail(e, NA_SKIP_EMPTY, "%s: empty (%s)", r->name,
                      n ? "only white space" : "no bytes");
        goto fail;
    }
    if (na_input_is_binary(p, n < SNIFF_BYTES ? n : SNIFF_BYTES, &at)) {
        na_input_fail(e, NA_SKIP_BINARY, "%s: not a text file (byte 0x%02x at offset %zu%s)",
                      r->name, (unsigned char)p[at], at,
                      na_stream_is_gzip(r->s) ? " after gunzip" : "");
        goto fail;
    }
    const struct input_format *f = formats;
    while (f->lead && f->lead != lead)
        f++;
    if (!f->open) {
        na_input_fail(e, NA_SKIP_FORMAT, "%s: looks like %s input, which this build cannot read",
                      r->name, f->name);
        goto fail;
    }
    snprintf(r->format, sizeof r->format, "%s%s", f->name,
             na_stream_is_gzip(r->s) ? " (gzip)" : "");
    if (f->open(r, e))
        goto fail;
    return r;
fail:
    na_reader_close(r);
    return NULL;
}

static void report_dates(na_reader *r)
{
    if (r->date_warnings)
        na_warn("input",
                "%s: %llu record%s a date that could not be read (first at line %llu: \"%s\"); "
                "published time left unknown",
                r->name, (unsigned long long)r->date_warnings,
                r->date_warnings == 1 ? " has" : "s have",
                (unsigned long long)r->first_bad_date_line, r->first_bad_date);
}

int na_reader_next(na_reader *r, na_article **out, na_input_error *e)
{
    *out = NULL;
    if (r->done)
        return NA_OK;
    int rc = r->ops->next(r, out, e);
    if (rc == NA_OK && !*out) {
        r->done = 1;
    } else if (rc == NA_EIO) {
        r->done = 1; /* the stream itself failed: nothing more can be read from it */
    }
    return rc;
}

void na_reader_close(na_reader *r)
{
    if (!r)
        return;
    report_dates(r);
    if (r->ops && r->ops->free_state)
        r->ops->free_state(r->state);
    na_stream_close(r->s);
    free(r->name);
    free(r);
}

const char *na_reader_format(const na_reader *r)
{
    return r->format;
}

uint64_t na_reader_date_warnings(const na_reader *r)
{
    return r->date_warnings;
}

size_t na_reader_peak_buffer(const na_reader *r)
{
    return na_stream_peak(r->s);
}

void na_input_bad_date(na_reader *r, const char *value)
{
    if (r->date_warnings++ == 0) {
        r->first_bad_date_line = na_stream_lineno(r->s);
        snprintf(r->first_bad_date, sizeof r->first_bad_date, "%s", value);
    }
}
