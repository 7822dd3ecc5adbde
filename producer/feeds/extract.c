/*
 * Main-text extraction: the <article> with the most paragraph text, else the element whose
 * own <p> children hold the most text; then boilerplate lines are dropped.
 */
#include "feeds/extract.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "feeds/html.h"
#include "newsalert/error.h"

#define MIN_ARTICLE_BYTES 80
#define BOILERPLATE_MAX_BYTES 200

static const char *const boilerplate[] = {
    "share this",          "share on facebook", "share on twitter", "we use cookies",
    "cookie policy",       "accept cookies",    "sign up for",      "subscribe to",
    "all rights reserved", "advertisement",     "read more",        "follow us on",
    "related articles",    "enable javascript", "\xc2\xa9",         NULL};

typedef struct best {
    xmlNode *node;
    size_t score;
} best;

static size_t text_len(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    size_t len = 0;
    for (const xmlChar *p = t; p && *p; p++)
        len += *p > ' ';
    xmlFree(t);
    return len;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* Scores every element by the text of its own <p> children; <article>s by all their <p>s. */
static size_t score_tree(xmlNode *n, best *any, best *article)
{
    size_t p_text = 0; /* text of <p> anywhere below n, chrome excluded */
    size_t own = 0;    /* text of n's direct <p> children */
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || na_html_is_chrome(c) || is(c, "script") ||
            is(c, "style"))
            continue;
        if (is(c, "p")) {
            size_t l = text_len(c);
            own += l;
            p_text += l;
        } else {
            p_text += score_tree(c, any, article);
        }
    }
    if (own > any->score)
        *any = (best){n, own};
    if (is(n, "article") && p_text > article->score)
        *article = (best){n, p_text};
    return p_text;
}

static int is_boilerplate(const char *p)
{
    if (strlen(p) > BOILERPLATE_MAX_BYTES)
        return 0;
    for (const char *const *b = boilerplate; *b; b++)
        if (na_html_contains_ci(p, *b))
            return 1;
    return 0;
}

int na_html_extract(const char *html, size_t len, const char *charset, const char *name,
                    na_strlist *out, char *errstr, size_t errlen)
{
    xmlDoc *doc = na_html_parse(html, len, charset);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    na_strlist paras = {0};
    int rc = NA_OK;
    if (!root) {
        snprintf(errstr, errlen, "%s: not HTML", name);
        rc = NA_EPARSE;
        goto done;
    }
    best any = {0}, article = {0};
    score_tree(root, &any, &article);
    best pick = article.score >= MIN_ARTICLE_BYTES ? article : any;
    if (pick.score < MIN_ARTICLE_BYTES) {
        snprintf(errstr, errlen, "%s: no article text found", name);
        rc = NA_ENOTFOUND;
        goto done;
    }
    if ((rc = na_html_node_paragraphs(pick.node, NA_HTML_SKIP_CHROME, &paras)))
        goto done;
    for (size_t i = 0; i < paras.n && !rc; i++)
        if (!is_boilerplate(paras.items[i]))
            rc = na_strlist_push(out, paras.items[i]);
done:
    na_strlist_clear(&paras);
    xmlFreeDoc(doc);
    return rc;
}
