/* Quotations and their speakers, paragraph by paragraph, with state carried across an article. */
#ifndef NEWSALERT_PRODUCER_QUOTES_H
#define NEWSALERT_PRODUCER_QUOTES_H

#include <stddef.h>

#include "enrich/entities.h"
#include "newsalert/article.h"
#include "newsalert/sentences.h"
#include "newsalert/tokens.h"

typedef struct na_quoter na_quoter;

/* g (borrowed, may be NULL) tells places and organizations from people for he/she. */
na_quoter *na_quoter_new(const na_gazetteer *g);
void na_quoter_destroy(na_quoter *q);
/* Starts a new article: forgets speakers seen so far. */
void na_quoter_begin(na_quoter *q);
/* Appends the quotes of paragraph p (text, tokens tk, sentences sent) to a, in text order. */
int na_quotes_paragraph(na_quoter *q, na_article *a, size_t p, const char *text,
                        const na_tokens *tk, const na_ranges *sent);

#endif
