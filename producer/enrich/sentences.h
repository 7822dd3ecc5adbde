/* Sentence splitting for wire copy, over a paragraph's tokens. */
#ifndef NEWSALERT_PRODUCER_SENTENCES_H
#define NEWSALERT_PRODUCER_SENTENCES_H

#include "enrich/tokens.h"

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

#endif
