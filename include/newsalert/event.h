/*
 * The wire format: one article = one CloudEvents 1.0 structured-mode JSON document
 * (docs/events.md, docs/event.schema.json).
 */
#ifndef NEWSALERT_EVENT_H
#define NEWSALERT_EVENT_H

#include <stddef.h>

#include "newsalert/article.h"

#define NA_EVENT_CONTENT_TYPE "application/cloudevents+json"
#define NA_EVENT_TYPE "org.newsalert.article.v1"
#define NA_EVENT_MAX_SIZE (8u * 1024u * 1024u)

/* Encodes a (which must have an id) as compact JSON; *out is malloc'd, caller frees. */
int na_event_encode(const na_article *a, char **out, size_t *len);

/*
 * Decodes an event (buf need not be NUL-terminated). On failure returns a negative code and
 * writes "line:column: message" or "field: message" into errstr.
 */
int na_event_decode(const char *buf, size_t len, na_article **out, char *errstr, size_t errlen);

/* Formats Unix ms as "2022-01-26T18:30:00Z" (or with .mmm when ms is not whole); buf >= 32. */
void na_time_format(int64_t ms, char *buf, size_t n);
/* Parses ISO 8601 / RFC 3339 and RFC 822 dates; returns Unix ms or -1. */
int64_t na_time_parse(const char *s);

#endif
