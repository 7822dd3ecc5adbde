/* Internals shared by the input readers: the byte stream under them and the reader vtable. */
#ifndef NEWSALERT_PRODUCER_INPUT_IMPL_H
#define NEWSALERT_PRODUCER_INPUT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "input/input.h"

/* Raw bytes of a file or stdin ("-"), gunzipped when they start with the gzip magic. */
typedef struct na_source na_source;

na_source *na_source_open(const char *path, const char *name, na_input_error *e);
void na_source_close(na_source *s);
/* Up to n bytes, as soon as any are there: > 0 bytes, 0 at the end, < 0 an error (e filled). */
long na_source_read(na_source *s, char *dst, size_t n, na_input_error *e);
/* 1 when the input is gzip (known after the first read). */
int na_source_is_gzip(const na_source *s);

/* Lines and whole records over a source, in a buffer never larger than a record and a chunk. */
typedef struct na_stream na_stream;

na_stream *na_stream_open(const char *path, const char *name, size_t max_record, na_input_error *e);
void na_stream_close(na_stream *s);
int na_stream_is_gzip(const na_stream *s);
/*
 * The buffered bytes, not consumed, once they hold something other than white space or a byte
 * order mark (or the input ended): enough to tell the format without waiting on a live pipe.
 */
int na_stream_peek(na_stream *s, const char **p, size_t *len, na_input_error *e);
/*
 * The next line, '\n' (and a '\r' before it) stripped; *line NULL at the end. A line over the
 * record limit is streamed through, never held whole: NA_ETOOBIG with its length in *len.
 */
int na_stream_line(na_stream *s, const char **line, size_t *len, na_input_error *e);
/* Line number of the last line returned (1-based). */
uint64_t na_stream_lineno(const na_stream *s);
/* Everything left, when it fits the record limit (else NA_ETOOBIG, nothing more is read). */
int na_stream_rest(na_stream *s, const char **p, size_t *len, na_input_error *e);
size_t na_stream_peak(const na_stream *s);

struct na_reader_ops {
    int (*next)(na_reader *r, na_article **out, na_input_error *e);
    void (*free_state)(void *state);
};

struct na_reader {
    const struct na_reader_ops *ops;
    void *state;
    na_stream *s;
    char *name; /* for messages: the path, or "<stdin>" */
    char format[32];
    size_t max_record;
    int done;
    uint64_t date_warnings;
    uint64_t first_bad_date_line;
    char first_bad_date[64];
};

/* Per-format openers: set r->ops and r->state. */
int na_input_jsonl_open(na_reader *r, na_input_error *e);
int na_input_text_open(na_reader *r, na_input_error *e);
int na_input_feed_open(na_reader *r, na_input_error *e);

/*
 * Text to paragraphs: split on blank lines, single line breaks inside become spaces, ends
 * trimmed, empty paragraphs dropped. Quotes and other characters are kept as they are.
 */
int na_input_paragraphs(const char *text, size_t len, na_strlist *out);
/* One line of text (line breaks become spaces, ends trimmed) as a new string; NULL if blank. */
char *na_input_oneline(const char *text, size_t len);
/* 1 when p points at a byte sequence that is not text (NUL, or control bytes but tab/CR/LF/FF). */
int na_input_is_binary(const char *p, size_t len, size_t *at);
/* Checks UTF-8 and names the line and column of the first bad byte ("name:line:col: ..."). */
int na_input_check_utf8(const char *name, uint64_t first_line, const char *p, size_t len,
                        na_input_error *e);
/* Counts a record whose date could not be read; the reader logs one warning per file. */
void na_input_bad_date(na_reader *r, const char *value);

#endif
