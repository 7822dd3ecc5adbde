/* HTML to paragraphs of plain text, the way a reader sees it. */
#include "feeds/html.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "feeds/feed.h"
#include "newsalert/error.h"
#include "newsalert/text.h"

typedef struct walker {
    na_strlist *out;
    char *buf;
    size_t n, cap;
    int space; /* whitespace seen since the last character */
    int flags;
    int err;
} walker;

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const block_names[] = {
    "p",      "div",    "li",    "ul",         "ol",      "h1",     "h2",      "h3",   "h4",
    "h5",     "h6",     "table", "tr",         "td",      "th",     "section", "pre",  "hr",
    "dd",     "dt",     "dl",    "blockquote", "article", "main",   "figure",  "body", "figcaption",
    "header", "footer", "nav",   "aside",      "address", "center", NULL};

static const char *const skipped_names[] = {"script", "style",  "noscript", "template", "head",
                                            "title",  "iframe", "object",   "svg",      "select",
                                            "button", "canvas", "video",    "audio",    NULL};

static const char *const chrome_names[] = {"nav",  "header", "footer", "aside",
                                           "form", "menu",   "dialog", NULL};

int na_html_contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* Boxes pages mark by class or id that hold no article text. */
static const char *const chrome_classes[] = {"share",  "social",     "comment", "related",
                                             "promo",  "newsletter", "cookie",  "subscribe",
                                             "advert", "breadcrumb", "sidebar", NULL};

static int is_chrome(xmlNode *n)
{
    if (name_in((const char *)n->name, chrome_names))
        return 1;
    static const char *const attrs[] = {"class", "id"};
    int hit = 0;
    for (size_t i = 0; i < 2 && !hit; i++) {
        xmlChar *v = xmlGetProp(n, BAD_CAST attrs[i]);
        for (const char *const *c = chrome_classes; v && *c && !hit; c++)
            hit = na_html_contains_ci((const char *)v, *c);
        xmlFree(v);
    }
    return hit;
}

int na_html_is_chrome(xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && is_chrome(n);
}

static void put(walker *w, char c)
{
    if (w->err)
        return;
    if (w->n + 2 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        char *nb = realloc(w->buf, cap);
        if (!nb) {
            w->err = NA_ENOMEM;
            return;
        }
        w->buf = nb;
        w->cap = cap;
    }
    w->buf[w->n++] = c;
}

/* Collapses runs of whitespace (and no-break spaces) into one space, as browsers render text. */
static void append(walker *w, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
            w->space = 1;
            continue;
        }
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            w->space = 1;
            p++;
            continue;
        }
        if (w->space && w->n)
            put(w, ' ');
        w->space = 0;
        put(w, (char)*p);
    }
}

static void flush(walker *w)
{
    size_t len;
    char *fixed = NULL;
    /* A page whose bytes do not match its charset comes out as invalid UTF-8: repair it. */
    if (!w->err && w->n && !na_utf8_valid(w->buf, w->n, NULL) &&
        (fixed = na_feed_repair_utf8(w->buf, w->n, &len)))
        w->err = na_strlist_push_owned(w->out, fixed);
    else if (!w->err && w->n)
        w->err = na_strlist_push_n(w->out, w->buf, w->n);
    w->n = 0;
    w->space = 0;
}

static void walk(walker *w, xmlNode *node)
{
    for (xmlNode *c = node; c && !w->err; c = c->next) {
        switch (c->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (c->content)
                append(w, (const char *)c->content);
            break;
        case XML_ENTITY_REF_NODE: {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                append(w, (const char *)t);
            xmlFree(t);
            break;
        }
        case XML_ELEMENT_NODE: {
            const char *name = (const char *)c->name;
            if (name_in(name, skipped_names) || ((w->flags & NA_HTML_SKIP_CHROME) && is_chrome(c)))
                break;
            if (strcasecmp(name, "br") == 0) {
                flush(w);
                break;
            }
            int block = name_in(name, block_names);
            if (block)
                flush(w);
            walk(w, c->children);
            if (block)
                flush(w);
            break;
        }
        case XML_DOCUMENT_NODE:
        case XML_HTML_DOCUMENT_NODE:
            walk(w, c->children);
            break;
        default:
            break;
        }
    }
}

int na_html_node_paragraphs(xmlNode *node, int flags, na_strlist *out)
{
    walker w = {.out = out, .flags = flags};
    if (node && (flags & NA_HTML_CONTENTS))
        walk(&w, node->children);
    else if (node && (node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE))
        walk(&w, node);
    else if (node) {
        xmlNode *next = node->next;
        node->next = NULL; /* walk this subtree only, not its siblings */
        walk(&w, node);
        node->next = next;
    }
    flush(&w);
    free(w.buf);
    return w.err;
}

xmlDoc *na_html_parse(const char *html, size_t len, const char *encoding)
{
    if (len > INT_MAX)
        return NULL;
    return htmlReadMemory(html, (int)len, NULL, encoding,
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET);
}

static int parse_chunk(const char *html, size_t len, na_strlist *out)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", html[i]))
        i++;
    if (i == len)
        return NA_OK;
    xmlDoc *doc = na_html_parse(html + i, len - i, "UTF-8");
    if (!doc)
        return NA_OK;
    int rc = na_html_node_paragraphs((xmlNode *)doc, 0, out);
    xmlFreeDoc(doc);
    return rc;
}

/* Plain text (no tags) keeps its blank-line paragraph breaks, which an HTML parse would lose. */
int na_html_fragment_paragraphs(const char *html, size_t len, na_strlist *out)
{
    if (memchr(html, '<', len))
        return parse_chunk(html, len, out);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (html[i] != '\n')
            continue;
        size_t j = i + 1;
        while (j < len && (html[j] == ' ' || html[j] == '\t' || html[j] == '\r'))
            j++;
        if (j < len && html[j] == '\n') {
            int rc = parse_chunk(html + start, i - start, out);
            if (rc)
                return rc;
            start = j;
            i = j;
        }
    }
    return parse_chunk(html + start, len - start, out);
}

char *na_html_fragment_line(const char *html, size_t len)
{
    na_strlist parts = {0};
    walker w = {.out = &parts};
    if (memchr(html, '<', len) || memchr(html, '&', len)) {
        if (na_html_fragment_paragraphs(html, len, &parts)) {
            na_strlist_clear(&parts);
            return NULL;
        }
        for (size_t i = 0; i < parts.n; i++)
            append(&w, parts.items[i]), w.space = 1;
    } else {
        char *copy = strndup(html, len);
        if (!copy)
            return NULL;
        append(&w, copy);
        free(copy);
    }
    put(&w, '\0');
    na_strlist_clear(&parts);
    if (w.err) {
        free(w.buf);
        return NULL;
    }
    return w.buf;
}
