/*
 * Sentence splitting for wire copy, over a paragraph's tokens: the producer's enrichment and the
 * consumer's fallback (events without sentence spans) both use it, so they agree.
 */
#ifndef NEWSALERT_SENTENCES_H
#define NEWSALERT_SENTENCES_H

#include <stddef.h>

#include "newsalert/tokens.h"

/* A run of tokens [first, last). */
typedef struct na_range {
    size_t first, last;
} na_range;

typedef struct na_ranges {
    na_range *v;
    size_t n, cap;
} na_ranges;

/* Replaces out's contents with the sentences of text (tokenized as tk); storage is reused. */
int na_sentences_split(const char *text, const na_tokens *tk, na_ranges *out);
int na_ranges_push(na_ranges *r, na_range x);
void na_ranges_free(na_ranges *r);

/* The byte span [*start, *end) in text of the non-empty token run r. */
static inline void na_range_bytes(const na_tokens *tk, na_range r, size_t *start, size_t *end)
{
    *start = tk->v[r.first].start;
    *end = tk->v[r.last - 1].end;
}

#endif
