/*
 * Input readers: a file (or stdin) turned into articles, one at a time. The format is detected
 * per file (gzip is undone first): JSON Lines, an XML feed, or one plain-text article. A bad
 * record is reported (file:line, a reason) and skipped; the reader then goes on.
 */
#ifndef NEWSALERT_PRODUCER_INPUT_H
#define NEWSALERT_PRODUCER_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "newsalert/article.h"

#define NA_INPUT_MAX_RECORD_DEFAULT (8u * 1024u * 1024u)

/* Why a record or a whole file was skipped; the summary counts each reason. */
enum na_skip_reason {
    NA_SKIP_UNREADABLE, /* missing, unreadable, not a regular file, corrupt gzip */
    NA_SKIP_EMPTY,      /* nothing but white space */
    NA_SKIP_BINARY,     /* NUL or control bytes: not text */
    NA_SKIP_UTF8,       /* invalid UTF-8 */
    NA_SKIP_OVERSIZE,   /* a record over --max-record-size */
    NA_SKIP_JSON,       /* malformed JSON */
    NA_SKIP_RECORD,     /* valid JSON of the wrong shape (not an object, a field of wrong type) */
    NA_SKIP_HEADLINE,   /* no headline */
    NA_SKIP_FORMAT,     /* a format this build cannot read */
    NA_SKIP_EVENT,      /* the article could not be enriched or encoded */
    NA_SKIP_FEED,       /* an XML file that is not a readable feed (malformed, truncated) */
    NA_SKIP__COUNT
};

/* "invalid UTF-8", "malformed JSON", ... */
const char *na_skip_reason_name(enum na_skip_reason r);

typedef struct na_input_error {
    enum na_skip_reason reason;
    char msg[1024]; /* names the input: "a.jsonl:12:7: ...", "b.txt: ..." */
} na_input_error;

/* Fills e; returns the matching negative code (NA_EUTF8 for UTF-8, NA_ETOOBIG for size...). */
int na_input_fail(na_input_error *e, enum na_skip_reason reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef struct na_input_opts {
    size_t max_record; /* bytes; 0 means NA_INPUT_MAX_RECORD_DEFAULT */
} na_input_opts;

typedef struct na_reader na_reader;

/*
 * Opens path ("-" is stdin) and detects its format. NULL with e filled when the file cannot be
 * read at all (missing, empty, binary, unknown format).
 */
na_reader *na_reader_open(const char *path, const na_input_opts *o, na_input_error *e);
/* Logs the file's one warning about unreadable dates, if any, and frees r. */
void na_reader_close(na_reader *r);

/*
 * The next article: 0 with *out set (caller owns it; its id is set), 0 with *out NULL at the end,
 * or < 0 when one record was skipped (e says where and why); call again to go on.
 */
int na_reader_next(na_reader *r, na_article **out, na_input_error *e);

/* "jsonl", "text", "feed"; with " (gzip)" appended when the file was compressed. */
const char *na_reader_format(const na_reader *r);
/* Records whose date could not be read (published left unknown). */
uint64_t na_reader_date_warnings(const na_reader *r);
/* The largest buffer the reader held, in bytes (oversize records are streamed, not loaded). */
size_t na_reader_peak_buffer(const na_reader *r);

/* Receives each entry a walk skips (e->msg names it and says why). */
typedef void (*na_input_skip_fn)(const na_input_error *e, void *ud);

/*
 * Expands path into the files to read: a directory walked recursively with entries in byte
 * order, anything else as itself (opening it reports what is wrong). Appends to files. An
 * unreadable directory, a directory reached again (symlink loop, by device and inode) and a
 * non-regular file inside a directory go to on_skip (may be NULL) and the walk goes on.
 * Returns 0, or NA_ENOMEM (files found before stay appended).
 */
int na_input_expand(const char *path, na_strlist *files, na_input_skip_fn on_skip, void *ud);

#endif
