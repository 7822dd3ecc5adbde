/*
 * Article text from a web page (--fetch-articles): the main text as paragraphs, without
 * navigation, scripts, page chrome and boilerplate lines.
 */
#ifndef NEWSALERT_PRODUCER_HTML_EXTRACT_H
#define NEWSALERT_PRODUCER_HTML_EXTRACT_H

#include <stddef.h>

#include "newsalert/article.h"

/*
 * Appends the article paragraphs of the page to out. charset is the one the server named, or
 * NULL. Returns 0, or < 0 with "name: ..." in errstr when no article text is found (the caller
 * then keeps the feed's description).
 */
int na_html_extract(const char *html, size_t len, const char *charset, const char *name,
                    na_strlist *out, char *errstr, size_t errlen);

#endif
