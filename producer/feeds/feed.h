/*
 * Feeds: RSS 2.0, RSS 1.0 (RDF) and Atom documents turned into articles (docs/feeds.md), and
 * the sink interface the feed poller hands each new article to.
 */
#ifndef NEWSALERT_PRODUCER_FEED_H
#define NEWSALERT_PRODUCER_FEED_H

#include <stddef.h>

#include "newsalert/article.h"

/*
 * Hands one article to the sink (Kafka, stdout). The sink borrows a for the call only. Returns 0
 * once the sink has accepted it, < 0 to have it offered again on the next poll.
 */
typedef int (*na_feed_emit_fn)(na_article *a, void *ud);

/*
 * Optional: confirms the events emit accepted since the last call (waits for Kafka's
 * acknowledgements). 0 when all arrived; < 0 when any may be lost, and then none of them is
 * marked seen (they are offered again: at least once, never lost). Called once per feed poll.
 */
typedef int (*na_feed_confirm_fn)(void *ud);

/* Where new items go: emit per item, confirm per poll (NULL: emit's 0 is confirmation enough). */
typedef struct na_feed_sink {
    na_feed_emit_fn emit;
    na_feed_confirm_fn confirm;
    void *ud;
} na_feed_sink;

typedef enum na_feed_format { NA_FEED_RSS2, NA_FEED_RSS1, NA_FEED_ATOM } na_feed_format;

typedef struct na_feed_doc {
    na_feed_format format;
    char *title;        /* channel/feed title, or NULL */
    na_article **items; /* in document order; each has id, headline or paragraphs, url */
    size_t n, cap;
    na_strlist skips; /* one "name: item N skipped: why" per item left out (not logged) */
} na_feed_doc;

/*
 * Parses a feed document. name labels errors ("feed.xml: ..."); base_url (may be NULL) resolves
 * relative links the document's xml:base and self link leave relative. External entities are
 * never loaded. Returns 0 with *out set, or < 0 with "name[:line]: message" in errstr (not XML,
 * not a feed, truncated).
 */
int na_feed_parse(const char *buf, size_t len, const char *name, const char *base_url,
                  na_feed_doc **out, char *errstr, size_t errlen);
void na_feed_doc_destroy(na_feed_doc *d);

/*
 * A copy of buf with every byte that is not valid UTF-8 read as windows-1252 (NULs dropped), or
 * NULL when buf is valid UTF-8 or declares another encoding (or out of memory).
 */
char *na_feed_repair_utf8(const char *buf, size_t len, size_t *out_len);

/* 1 when buf looks like a feed document (its first non-blank byte is '<'). */
int na_feed_sniff(const char *buf, size_t len);

#endif
