/* RSS 2.0, RSS 1.0 (RDF) and Atom to articles, as leniently as feed readers take them. */
#include "feeds/feed.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/uri.h>
#include <openssl/evp.h>

#include "feeds/html.h"
#include "newsalert/error.h"
#include "newsalert/sha256.h"
#include "newsalert/grow.h"
#include "newsalert/event.h"
#include "newsalert/log.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define HEADLINE_MAX 140

typedef struct parse_ctx {
    const char *name;
    const char *base_url;
    const xmlChar *ns; /* the feed vocabulary's namespace (NULL for RSS 2.0) */
    xmlChar *self;     /* the feed's own URL from its self link, a base for relative links */
    xmlChar *language;
    na_feed_doc *feed;
} parse_ctx;

static int ns_is(const xmlNode *n, const xmlChar *ns)
{
    if (!ns)
        return n->ns == NULL;
    return n->ns && n->ns->href && xmlStrEqual(n->ns->href, ns);
}

static int is_el(const xmlNode *n, const char *name, const xmlChar *ns)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name) && ns_is(n, ns);
}

static xmlNode *child(const xmlNode *parent, const char *name, const xmlChar *ns)
{
    for (xmlNode *c = parent->children; c; c = c->next)
        if (is_el(c, name, ns))
            return c;
    return NULL;
}

/* The element's text with surrounding whitespace trimmed; NULL when absent or blank. */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    char *out = len ? strndup(s, len) : NULL;
    xmlFree(t);
    return out;
}

static int is_atom(const parse_ctx *c)
{
    return c->feed->format == NA_FEED_ATOM;
}

/* Atom text constructs say whether they hold text, escaped HTML or inline XHTML. */
static int add_paragraphs(const parse_ctx *c, xmlNode *n, na_strlist *out)
{
    if (!n)
        return NA_OK;
    xmlChar *type = is_atom(c) ? xmlGetProp(n, BAD_CAST "type") : NULL;
    int rc;
    if (type && (xmlStrEqual(type, BAD_CAST "xhtml") || xmlStrstr(type, BAD_CAST "xml"))) {
        rc = na_html_node_paragraphs(n, NA_HTML_CONTENTS, out);
    } else {
        char *t = text_of(n);
        rc = t ? na_html_fragment_paragraphs(t, strlen(t), out) : NA_OK;
        free(t);
    }
    xmlFree(type);
    return rc;
}

static char *line_of(const parse_ctx *c, xmlNode *n)
{
    na_strlist parts = {0};
    if (add_paragraphs(c, n, &parts)) {
        na_strlist_clear(&parts);
        return NULL;
    }
    size_t len = 0;
    for (size_t i = 0; i < parts.n; i++)
        len += strlen(parts.items[i]) + 1;
    char *out = len ? malloc(len) : NULL;
    if (out) {
        char *p = out;
        for (size_t i = 0; i < parts.n; i++) {
            size_t l = strlen(parts.items[i]);
            memcpy(p, parts.items[i], l);
            p += l;
            *p++ = ' ';
        }
        p[-1] = '\0';
    }
    na_strlist_clear(&parts);
    return out;
}

/* Resolves href against xml:base, then the feed's self link, then the URL it was fetched from. */
static char *resolve(const parse_ctx *c, xmlNode *n, const char *href)
{
    xmlChar *uri = xmlStrdup(BAD_CAST href);
    xmlChar *base = xmlNodeGetBase(n->doc, n);
    const xmlChar *bases[] = {base, c->self, BAD_CAST c->base_url};
    for (size_t i = 0; i < 3 && uri; i++) {
        xmlURI *parsed = xmlParseURI((const char *)uri);
        int absolute = parsed && parsed->scheme;
        xmlFreeURI(parsed);
        if (absolute || !bases[i])
            continue;
        xmlChar *joined = xmlBuildURI(uri, bases[i]);
        if (joined) {
            xmlFree(uri);
            uri = joined;
        }
    }
    xmlFree(base);
    char *out = uri ? strdup((const char *)uri) : NULL;
    xmlFree(uri);
    return out;
}

/* Atom: the rel="alternate" link (rel defaults to alternate), else the first link. */
static char *atom_link(const parse_ctx *c, xmlNode *parent)
{
    xmlNode *first = NULL, *alt = NULL;
    for (xmlNode *n = parent->children; n && !alt; n = n->next) {
        if (!is_el(n, "link", BAD_CAST NS_ATOM))
            continue;
        xmlChar *rel = xmlGetProp(n, BAD_CAST "rel");
        if (!rel || xmlStrEqual(rel, BAD_CAST "alternate"))
            alt = n;
        if (!first)
            first = n;
        xmlFree(rel);
    }
    xmlNode *pick = alt ? alt : first;
    xmlChar *href = pick ? xmlGetProp(pick, BAD_CAST "href") : NULL;
    char *out = href ? resolve(c, pick, (const char *)href) : NULL;
    xmlFree(href);
    return out;
}

static char *item_link(const parse_ctx *c, xmlNode *item)
{
    if (is_atom(c))
        return atom_link(c, item);
    char *t = text_of(child(item, "link", c->ns));
    if (!t)
        return atom_link(c, item);
    char *out = resolve(c, item, t);
    free(t);
    return out;
}

static int64_t item_published(const parse_ctx *c, xmlNode *item)
{
    xmlNode *cands[] = {child(item, "pubDate", c->ns),
                        child(item, "published", BAD_CAST NS_ATOM),
                        child(item, "updated", BAD_CAST NS_ATOM),
                        child(item, "date", BAD_CAST NS_DC),
                        child(item, "issued", c->ns),
                        child(item, "modified", c->ns)};
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
        char *t = text_of(cands[i]);
        int64_t ms = t ? na_time_parse(t) : -1;
        free(t);
        if (ms >= 0)
            return ms;
    }
    return -1;
}

/* A headline for an untitled item: its first paragraph, cut at a word near HEADLINE_MAX bytes. */
static int headline_from_text(na_article *a)
{
    const char *p = a->paragraphs.items[0];
    size_t len = strlen(p);
    if (len <= HEADLINE_MAX)
        return na_article_set(&a->headline, p);
    size_t cut = HEADLINE_MAX;
    while (cut > HEADLINE_MAX / 2 && p[cut] != ' ')
        cut--;
    while (cut && ((unsigned char)p[cut] & 0xC0) == 0x80)
        cut--;
    char *h = malloc(cut + 4);
    if (!h)
        return NA_ENOMEM;
    memcpy(h, p, cut);
    memcpy(h + cut, "\xe2\x80\xa6", 4);
    free(a->headline);
    a->headline = h;
    return NA_OK;
}

static xmlNode *item_body(const parse_ctx *c, xmlNode *item)
{
    xmlNode *n =
        is_atom(c) ? child(item, "content", c->ns) : child(item, "encoded", BAD_CAST NS_CONTENT);
    xmlNode *brief = is_atom(c) ? child(item, "summary", c->ns) : child(item, "description", c->ns);
    if (n) {
        xmlChar *src = is_atom(c) ? xmlGetProp(n, BAD_CAST "src") : NULL;
        int external = src != NULL; /* content elsewhere: the summary is all we have */
        xmlFree(src);
        if (!external)
            return n;
    }
    return brief;
}

/*
 * A guid is unique only within its feed: two outlets both using <guid>1</guid> must not share an
 * article id (nor the alert and webhook ids made from it). The id is the guid behind 8 hex digits
 * of SHA-256 of the feed's URL (of its title for a feed read from a file): "3fa2c1d0:1".
 */
static char *namespaced(const parse_ctx *c, const char *guid)
{
    const char *ns = c->base_url ? c->base_url : c->feed->title ? c->feed->title : "";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(ns, strlen(ns), md, &mdlen, na_sha256(), NULL))
        return NULL;
    size_t n = strlen(guid) + 10;
    char *id = malloc(n);
    if (id)
        snprintf(id, n, "%02x%02x%02x%02x:%s", md[0], md[1], md[2], md[3], guid);
    return id;
}

static int item_id(const parse_ctx *c, xmlNode *item, na_article *a)
{
    char *id = NULL;
    if (is_atom(c)) {
        id = text_of(child(item, "id", c->ns));
    } else if (c->feed->format == NA_FEED_RSS1) {
        xmlChar *about = xmlGetNsProp(item, BAD_CAST "about", BAD_CAST NS_RDF);
        id = about ? strdup((const char *)about) : NULL;
        xmlFree(about);
    } else {
        xmlNode *guid = child(item, "guid", c->ns);
        id = text_of(guid);
        xmlChar *perma = guid ? xmlGetProp(guid, BAD_CAST "isPermaLink") : NULL;
        if (id && !a->url && !(perma && xmlStrEqual(perma, BAD_CAST "false")) &&
            (strncmp(id, "http://", 7) == 0 || strncmp(id, "https://", 8) == 0))
            na_article_set(&a->url, id);
        xmlFree(perma);
    }
    free(a->id);
    a->id = id && *id ? namespaced(c, id) : NULL;
    if (id && *id && !a->id) {
        free(id);
        return NA_ENOMEM;
    }
    free(id);
    return na_article_ensure_id(a);
}

/* libxml2 passes bytes of an encoding it cannot convert through as they are: repair them. */
static void clean_utf8(char **field)
{
    size_t len;
    char *fixed = *field ? na_feed_repair_utf8(*field, strlen(*field), &len) : NULL;
    if (fixed) {
        free(*field);
        *field = fixed;
    }
}

static void clean_article(na_article *a)
{
    char **fields[] = {&a->id, &a->headline, &a->url, &a->outlet, &a->language};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        clean_utf8(fields[i]);
    for (size_t i = 0; i < a->paragraphs.n; i++)
        clean_utf8(&a->paragraphs.items[i]);
}

static int add_item(parse_ctx *c, xmlNode *item, size_t index)
{
    na_article *a = na_article_new();
    if (!a)
        return NA_ENOMEM;
    int rc = NA_OK;
    a->headline = line_of(c, child(item, "title", c->ns));
    a->url = item_link(c, item);
    if ((rc = add_paragraphs(c, item_body(c, item), &a->paragraphs)))
        goto done;
    if (!a->headline && a->paragraphs.n == 0) {
        char why[512];
        snprintf(why, sizeof why, "%s: item %zu skipped: no title and no description", c->name,
                 index + 1);
        rc = na_strlist_push(&c->feed->skips, why);
        goto done;
    }
    if (!a->headline && (rc = headline_from_text(a)))
        goto done;
    if ((rc = item_id(c, item, a)))
        goto done;
    a->published_ms = item_published(c, item);
    xmlChar *lang = xmlNodeGetLang(item);
    const char *language = lang ? (const char *)lang : (const char *)c->language;
    if ((language && (rc = na_article_set(&a->language, language))) ||
        (rc = na_article_set(&a->outlet, c->feed->title))) {
        xmlFree(lang);
        goto done;
    }
    xmlFree(lang);
    clean_article(a);
    if (na_grow((void **)&c->feed->items, &c->feed->cap, c->feed->n, sizeof *c->feed->items, 16)) {
        rc = NA_ENOMEM;
        goto done;
    }
    c->feed->items[c->feed->n++] = a;
    a = NULL;
done:
    na_article_destroy(a);
    return rc;
}

static xmlChar *self_link(xmlNode *channel)
{
    for (xmlNode *n = channel->children; n; n = n->next) {
        if (!is_el(n, "link", BAD_CAST NS_ATOM))
            continue;
        xmlChar *rel = xmlGetProp(n, BAD_CAST "rel");
        int self = rel && xmlStrEqual(rel, BAD_CAST "self");
        xmlFree(rel);
        if (self)
            return xmlGetProp(n, BAD_CAST "href");
    }
    return NULL;
}

static int read_channel(parse_ctx *c, xmlNode *channel)
{
    if (!channel)
        return NA_OK;
    c->feed->title = line_of(c, child(channel, "title", c->ns));
    clean_utf8(&c->feed->title);
    c->self = self_link(channel);
    xmlNode *lang = child(channel, "language", c->ns);
    if (!lang)
        lang = child(channel, "language", BAD_CAST NS_DC);
    char *l = text_of(lang);
    c->language = l ? xmlStrdup(BAD_CAST l) : xmlNodeGetLang(channel);
    free(l);
    return NA_OK;
}

static int read_items(parse_ctx *c, xmlNode *parent, const char *name)
{
    size_t index = 0;
    for (xmlNode *n = parent->children; n; n = n->next) {
        if (!is_el(n, name, c->ns))
            continue;
        int rc = add_item(c, n, index++);
        if (rc)
            return rc;
    }
    return NA_OK;
}

static int read_feed(parse_ctx *c, xmlNode *root, char *errstr, size_t errlen)
{
    const char *rname = (const char *)root->name;
    if (strcmp(rname, "rss") == 0) {
        c->feed->format = NA_FEED_RSS2;
        c->ns = root->ns ? root->ns->href : NULL;
        xmlNode *channel = child(root, "channel", c->ns);
        if (!channel) {
            snprintf(errstr, errlen, "%s: <rss> without <channel>", c->name);
            return NA_EPARSE;
        }
        read_channel(c, channel);
        return read_items(c, channel, "item");
    }
    if (strcmp(rname, "RDF") == 0) {
        c->feed->format = NA_FEED_RSS1;
        c->ns = BAD_CAST NS_RSS1;
        read_channel(c, child(root, "channel", c->ns));
        return read_items(c, root, "item");
    }
    if (strcmp(rname, "feed") == 0) {
        c->feed->format = NA_FEED_ATOM;
        c->ns = root->ns ? root->ns->href : NULL;
        read_channel(c, root);
        return read_items(c, root, "entry");
    }
    snprintf(errstr, errlen, "%s: not a feed (root element <%s>)", c->name, rname);
    return NA_EPARSE;
}

int na_feed_sniff(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && strchr(" \t\r\n", buf[i]))
        i++;
    return i < len && buf[i] == '<';
}

/* Errors that mean the document stops early: a transfer cut short, not a sloppy feed. */
static int truncated(const xmlError *e)
{
    return e && (e->code == XML_ERR_TAG_NOT_FINISHED || e->code == XML_ERR_GT_REQUIRED ||
                 e->code == XML_ERR_LTSLASH_REQUIRED || e->code == XML_ERR_NAME_REQUIRED ||
                 e->code == XML_ERR_DOCUMENT_EMPTY || e->code == XML_ERR_ATTRIBUTE_NOT_STARTED ||
                 e->code == XML_ERR_LITERAL_NOT_FINISHED ||
                 e->code == XML_ERR_COMMENT_NOT_FINISHED || e->code == XML_ERR_CDATA_NOT_FINISHED);
}

int na_feed_parse(const char *buf, size_t len, const char *name, const char *base_url,
                  na_feed_doc **out, char *errstr, size_t errlen)
{
    *out = NULL;
    /* Real feeds start with blank lines before <?xml, which XML forbids: skip them (and a BOM). */
    size_t skip = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        skip = 3;
    while (skip < len && strchr(" \t\r\n", buf[skip]))
        skip++;
    if (len - skip > INT_MAX / 3) { /* the UTF-8 repair may triple it */
        snprintf(errstr, errlen, "%s: document too large", name);
        return NA_ETOOBIG;
    }
    if (!na_feed_sniff(buf, len)) {
        snprintf(errstr, errlen, "%s: not XML", name);
        return NA_EPARSE;
    }
    size_t fixed_len = 0;
    char *fixed = na_feed_repair_utf8(buf + skip, len - skip, &fixed_len);
    const char *doc_buf = fixed ? fixed : buf + skip;
    size_t doc_len = fixed ? fixed_len : len - skip;
    parse_ctx c = {.name = name, .base_url = base_url};
    int rc = NA_OK;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    xmlDoc *doc = NULL;
    if (!ctxt || !(c.feed = calloc(1, sizeof *c.feed))) {
        rc = NA_ENOMEM;
        goto done;
    }
    /* Never XML_PARSE_NOENT or DTD loading: external entities stay unresolved. */
    doc = xmlCtxtReadMemory(ctxt, doc_buf, (int)doc_len, NULL, fixed ? "UTF-8" : NULL,
                            XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || truncated(e)) {
        if (e && e->message)
            snprintf(errstr, errlen, "%s:%d: %s%.*s", name, e->line,
                     root ? "truncated document: " : "", (int)strcspn(e->message, "\n"),
                     e->message);
        else
            snprintf(errstr, errlen, "%s: not XML", name);
        rc = NA_EPARSE;
        goto done;
    }
    if (e && e->message)
        na_debug("feed", "%s:%d: recovered from: %.*s", name, e->line,
                 (int)strcspn(e->message, "\n"), e->message);
    rc = read_feed(&c, root, errstr, errlen);
    if (rc == NA_ENOMEM)
        snprintf(errstr, errlen, "%s: out of memory", name);
done:
    xmlFree(c.self);
    xmlFree(c.language);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    free(fixed);
    if (rc) {
        na_feed_doc_destroy(c.feed);
        return rc;
    }
    *out = c.feed;
    return NA_OK;
}

void na_feed_doc_destroy(na_feed_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        na_article_destroy(d->items[i]);
    free(d->items);
    free(d->title);
    na_strlist_clear(&d->skips);
    free(d);
}
