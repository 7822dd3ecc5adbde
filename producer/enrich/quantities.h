/* Quantities in a paragraph: "around 100,000 troops", "$5 billion", "12%", "thousands of people".
 */
#ifndef NEWSALERT_PRODUCER_QUANTITIES_H
#define NEWSALERT_PRODUCER_QUANTITIES_H

#include <stddef.h>

#include "newsalert/article.h"
#include "newsalert/tokens.h"

/* Appends the quantities of paragraph p (NA_SPAN_HEADLINE: the headline; text, tokenized as tk)
 * to a. */
int na_quantities_scan(na_article *a, size_t p, const char *text, const na_tokens *tk);

#endif
