/*
 * The article model both binaries share: what the producer builds from its inputs and encodes
 * as a CloudEvent, and what the consumer decodes and runs rules over. See docs/events.md.
 *
 * Offsets are byte offsets into the UTF-8 text of one paragraph, end exclusive.
 */
#ifndef NEWSALERT_ARTICLE_H
#define NEWSALERT_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct na_strlist {
    char **items;
    size_t n, cap;
} na_strlist;

typedef struct na_span {
    size_t paragraph; /* index into paragraphs, or NA_SPAN_HEADLINE (quantities only) */
    size_t start, end;
} na_span;

/* A span's paragraph when its offsets are into the headline ({"field": "headline"} in events). */
#define NA_SPAN_HEADLINE ((size_t)-1)

typedef struct na_quote {
    char *text;    /* the words inside the quotation marks */
    char *speaker; /* who said it ("Blinken"), or NULL when unattributed */
    na_span span;  /* where the quoted words stand, marks excluded */
} na_quote;

typedef struct na_quantity {
    double value; /* "around 100,000 troops" -> 100000 */
    char *unit;   /* "troops" */
    char *text;   /* "around 100,000 troops" */
    na_span span;
} na_quantity;

typedef struct na_article {
    char *id; /* stable article id: same article, same id (and Kafka key) */
    char *headline;
    char *standfirst;     /* may be NULL */
    char *url;            /* may be NULL */
    char *outlet;         /* may be NULL */
    char *language;       /* BCP 47, "en" by default */
    int64_t published_ms; /* Unix ms, or -1 when unknown */
    na_strlist paragraphs;
    na_span *sentences;
    size_t n_sentences, cap_sentences;
    na_quote *quotes;
    size_t n_quotes, cap_quotes;
    na_strlist people, places, organizations;
    na_quantity *quantities;
    size_t n_quantities, cap_quantities;
    char *story;      /* the story's id (the id of its first article), NULL: none assigned */
    uint64_t simhash; /* the story signature (newsalert/story.h); meaningful when story is set */
} na_article;

na_article *na_article_new(void);
void na_article_destroy(na_article *a);
/* Frees the derived parts (sentences, quotes, entities, quantities) so enrichment can run again. */
void na_article_clear_derived(na_article *a);

/* Each setter copies its string argument (NULL clears). Return 0 or NA_ENOMEM. */
int na_article_set(char **field, const char *value);
int na_article_set_n(char **field, const char *value, size_t n);
int na_article_add_sentence(na_article *a, na_span s);
/* Takes ownership of text and speaker (both malloc'd; speaker may be NULL). */
int na_article_add_quote(na_article *a, char *text, char *speaker, na_span span);
/* Takes ownership of unit and text. */
int na_article_add_quantity(na_article *a, double value, char *unit, char *text, na_span span);

/* The text a span's offsets are into: the headline or its paragraph (s must be within a). */
const char *na_article_span_text(const na_article *a, na_span s);

/* Copies s onto the end of the list. */
int na_strlist_push(na_strlist *l, const char *s);
int na_strlist_push_n(na_strlist *l, const char *s, size_t n);
/* Takes ownership of s. */
int na_strlist_push_owned(na_strlist *l, char *s);
int na_strlist_contains(const na_strlist *l, const char *s);
void na_strlist_clear(na_strlist *l);

/*
 * Fills a->id when the input gave none: "u-" + 16 hex digits of SHA-256 over the URL when there
 * is one, else "c-" + 16 hex of SHA-256 over the headline and paragraphs. Same article, same id.
 */
int na_article_ensure_id(na_article *a);

/* Total bytes of headline, standfirst and paragraphs. */
size_t na_article_text_size(const na_article *a);

#endif
