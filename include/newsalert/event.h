/*
 * The wire format: one article = one CloudEvents 1.0 structured-mode JSON document
 * (docs/events.md, docs/event.schema.json).
 */
#ifndef NEWSALERT_EVENT_H
#define NEWSALERT_EVENT_H

#include <stddef.h>

#include "newsalert/article.h"

#define NA_EVENT_CONTENT_TYPE "application/cloudevents+json"
#define NA_EVENT_TYPE_V1 "org.newsalert.article.v1" /* spans as objects, words repeated */
#define NA_EVENT_TYPE_V2 "org.newsalert.article.v2" /* spans as arrays (docs/events.md) */
#define NA_EVENT_VERSION 2                          /* what na_event_encode writes */
#define NA_EVENT_MAX_SIZE (8u * 1024u * 1024u)

/*
 * Encodes a (which must have an id) as compact JSON of NA_EVENT_VERSION; *out is malloc'd,
 * caller frees. _version writes version 1 or 2 (NA_EINVAL for another).
 */
int na_event_encode(const na_article *a, char **out, size_t *len);
int na_event_encode_version(const na_article *a, int version, char **out, size_t *len);

/*
 * Decodes an event of either version, told apart by its type (v2's, else v1's shapes); buf
 * need not be NUL-terminated. On failure returns a negative code and
 * writes "line:column: message" or "field: message" into errstr.
 */
int na_event_decode(const char *buf, size_t len, na_article **out, char *errstr, size_t errlen);

/* The parts of an event besides its text (id, headline, standfirst, paragraphs, metadata). */
enum na_event_part {
    NA_EVENT_SENTENCES = 1,
    NA_EVENT_QUOTES = 2,
    NA_EVENT_ENTITIES = 4,
    NA_EVENT_QUANTITIES = 8,
    NA_EVENT_ALL = 15
};

/*
 * A decoder reused across records: the parsed event lives in a per-record arena (reset, not
 * freed) and the article lends its strings from it, so nothing of the text is copied.
 */
typedef struct na_event_decoder na_event_decoder;

na_event_decoder *na_event_decoder_new(void);
void na_event_decoder_destroy(na_event_decoder *dc);

/*
 * Decodes like na_event_decode into the decoder's article (*out, borrowed: valid until the next
 * call or _destroy, never to be modified or freed). Only the NA_EVENT_* parts given are decoded
 * and checked; the others are left empty.
 */
int na_event_decoder_decode(na_event_decoder *dc, unsigned parts, const char *buf, size_t len,
                            const na_article **out, char *errstr, size_t errlen);

/* Formats Unix ms as "2022-01-26T18:30:00Z" (or with .mmm when ms is not whole); buf >= 32. */
void na_time_format(int64_t ms, char *buf, size_t n);
/* Parses ISO 8601 / RFC 3339 and RFC 822 dates; returns Unix ms or -1. */
int64_t na_time_parse(const char *s);

#endif
