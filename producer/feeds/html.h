/*
 * HTML to plain text for feeds and pages: a DOM walk that turns block elements (<p>, <br>,
 * <li>, headings...) into paragraph breaks, collapses whitespace and skips non-content elements.
 */
#ifndef NEWSALERT_PRODUCER_FEED_HTML_H
#define NEWSALERT_PRODUCER_FEED_HTML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "newsalert/article.h"

/* Skip page chrome too (nav, header, footer, aside, form; share/comment/cookie boxes). */
#define NA_HTML_SKIP_CHROME 1

/* Walk only the children of the node given (its own element, e.g. Atom's <title>, is a wrapper). */
#define NA_HTML_CONTENTS 2

/* 1 when needle occurs in hay, ignoring ASCII case. */
int na_html_contains_ci(const char *hay, const char *needle);

/* 1 when node is page chrome: nav, header, footer, aside, form, or a share/comment/cookie box. */
int na_html_is_chrome(xmlNode *node);

/* Appends the paragraphs of the subtree at node (HTML or XHTML) to out. Returns 0 or < 0. */
int na_html_node_paragraphs(xmlNode *node, int flags, na_strlist *out);

/*
 * Parses an HTML fragment (a feed description: tags, entities, or plain text whose blank lines
 * separate paragraphs) and appends its paragraphs to out. Returns 0 or < 0.
 */
int na_html_fragment_paragraphs(const char *html, size_t len, na_strlist *out);

/* The fragment as one line of text (titles): malloc'd, never NULL unless out of memory. */
char *na_html_fragment_line(const char *html, size_t len);

/*
 * Parses a whole HTML document (caller frees with xmlFreeDoc); NULL when nothing parses.
 * encoding: the charset the server named, or NULL to trust the page's <meta>.
 */
xmlDoc *na_html_parse(const char *html, size_t len, const char *encoding);

#endif
