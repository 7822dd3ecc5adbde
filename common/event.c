/* CloudEvents 1.0 structured-mode JSON <-> na_article. The format is docs/events.md. */
#include "newsalert/event.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "newsalert/error.h"
#include "newsalert/json_util.h"
#include "newsalert/text.h"
#include "newsalert/clock.h"

static json_t *strlist_json(const na_strlist *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < l->n; i++)
        json_array_append_new(arr, json_string(l->items[i]));
    return arr;
}

/* v1: the span's keys set in the object o. */
static void span_set(json_t *o, na_span s)
{
    if (s.paragraph == NA_SPAN_HEADLINE)
        json_object_set_new(o, "field", json_string("headline"));
    else
        json_object_set_new(o, "paragraph", json_integer((json_int_t)s.paragraph));
    json_object_set_new(o, "start", json_integer((json_int_t)s.start));
    json_object_set_new(o, "end", json_integer((json_int_t)s.end));
}

/* v2: [paragraph, start, end], paragraph -1 for the headline; NULL on no memory. */
static json_t *span_array(na_span s)
{
    json_int_t p = s.paragraph == NA_SPAN_HEADLINE ? -1 : (json_int_t)s.paragraph;
    return json_pack("[III]", p, (json_int_t)s.start, (json_int_t)s.end);
}

static json_t *number_json(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

/* "BBC News (world)" -> "bbc-news-world" */
static void slug(const char *in, char *out, size_t n)
{
    size_t k = 0;
    int dash = 0;
    for (; in && *in && k + 1 < n; in++) {
        unsigned char c = (unsigned char)*in;
        if (isalnum(c)) {
            if (dash && k)
                out[k++] = '-';
            if (k + 1 < n)
                out[k++] = (char)tolower(c);
            dash = 0;
        } else {
            dash = 1;
        }
    }
    out[k] = '\0';
}

static int utf8_ok(const char *s)
{
    return !s || na_utf8_valid(s, strlen(s), NULL);
}

static int span_ok(const na_article *a, na_span s)
{
    if (s.paragraph == NA_SPAN_HEADLINE)
        return a->headline && s.start <= s.end && s.end <= strlen(a->headline);
    return s.paragraph < a->paragraphs.n && s.start <= s.end &&
           s.end <= strlen(a->paragraphs.items[s.paragraph]);
}

/* The words a quote or a quantity claims are the bytes of its span (v2 writes only the span). */
static int span_text_ok(const na_article *a, na_span s, const char *text)
{
    return strlen(text) == s.end - s.start &&
           !memcmp(na_article_span_text(a, s) + s.start, text, s.end - s.start);
}

static int strlist_ok(const na_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!utf8_ok(l->items[i]))
            return 0;
    return 1;
}

/*
 * What encode emits, decode must accept: jansson silently drops a string that is not UTF-8 (the
 * event would lack a required field), a NaN value, spans outside their paragraph, and words
 * other than their span's (v2 reads them from the span).
 */
static int check_article(const na_article *a)
{
    if (!utf8_ok(a->id) || !utf8_ok(a->story) || !utf8_ok(a->headline) || !utf8_ok(a->standfirst) ||
        !utf8_ok(a->url) || !utf8_ok(a->outlet) || !utf8_ok(a->language) ||
        !strlist_ok(&a->paragraphs) || !strlist_ok(&a->people) || !strlist_ok(&a->places) ||
        !strlist_ok(&a->organizations))
        return NA_EUTF8;
    for (size_t i = 0; i < a->n_sentences; i++)
        if (!span_ok(a, a->sentences[i]))
            return NA_EINVAL;
    for (size_t i = 0; i < a->n_quotes; i++) {
        if (!a->quotes[i].text || !utf8_ok(a->quotes[i].text) || !utf8_ok(a->quotes[i].speaker))
            return NA_EUTF8;
        if (!span_ok(a, a->quotes[i].span) ||
            !span_text_ok(a, a->quotes[i].span, a->quotes[i].text))
            return NA_EINVAL;
    }
    for (size_t i = 0; i < a->n_quantities; i++) {
        const na_quantity *q = &a->quantities[i];
        if (!q->unit || !q->text || !utf8_ok(q->unit) || !utf8_ok(q->text))
            return NA_EUTF8;
        if (!isfinite(q->value) || !span_ok(a, q->span) || !span_text_ok(a, q->span, q->text))
            return NA_EINVAL;
    }
    return NA_OK;
}

/* v1: every span an object, the quote's and the quantity's words repeated as "text". */
static void spans_v1(const na_article *a, json_t *sentences, json_t *quotes, json_t *quantities)
{
    for (size_t i = 0; i < a->n_sentences; i++) {
        json_t *s = json_object();
        span_set(s, a->sentences[i]);
        json_array_append_new(sentences, s);
    }
    for (size_t i = 0; i < a->n_quotes; i++) {
        json_t *q = json_object();
        json_object_set_new(q, "text", json_string(a->quotes[i].text));
        if (a->quotes[i].speaker)
            json_object_set_new(q, "speaker", json_string(a->quotes[i].speaker));
        span_set(q, a->quotes[i].span);
        json_array_append_new(quotes, q);
    }
    for (size_t i = 0; i < a->n_quantities; i++) {
        json_t *q = json_object();
        json_object_set_new(q, "value", number_json(a->quantities[i].value));
        json_object_set_new(q, "unit", json_string(a->quantities[i].unit));
        json_object_set_new(q, "text", json_string(a->quantities[i].text));
        span_set(q, a->quantities[i].span);
        json_array_append_new(quantities, q);
    }
}

/* v2 (docs/events.md): spans as arrays, the words read from the span, not repeated. */
static void spans_v2(const na_article *a, json_t *sentences, json_t *quotes, json_t *quantities)
{
    for (size_t i = 0; i < a->n_sentences; i++)
        json_array_append_new(sentences, span_array(a->sentences[i]));
    for (size_t i = 0; i < a->n_quotes; i++) {
        json_t *q = span_array(a->quotes[i].span);
        if (a->quotes[i].speaker)
            json_array_append_new(q, json_string(a->quotes[i].speaker));
        json_array_append_new(quotes, q);
    }
    for (size_t i = 0; i < a->n_quantities; i++) {
        json_t *q = span_array(a->quantities[i].span);
        json_array_append_new(q, number_json(a->quantities[i].value));
        json_array_append_new(q, json_string(a->quantities[i].unit));
        json_array_append_new(quantities, q);
    }
}

int na_event_encode(const na_article *a, char **out, size_t *len)
{
    return na_event_encode_version(a, NA_EVENT_VERSION, out, len);
}

int na_event_encode_version(const na_article *a, int version, char **out, size_t *len)
{
    if (version != 1 && version != 2)
        return NA_EINVAL;
    if (!a->id || !a->headline)
        return NA_EINVAL;
    int rc = check_article(a);
    if (rc)
        return rc;
    json_t *data = json_object();
    json_object_set_new(data, "headline", json_string(a->headline));
    if (a->standfirst)
        json_object_set_new(data, "standfirst", json_string(a->standfirst));
    json_object_set_new(data, "paragraphs", strlist_json(&a->paragraphs));

    json_t *sentences = json_array(), *quotes = json_array(), *quantities = json_array();
    if (version == 1)
        spans_v1(a, sentences, quotes, quantities);
    else
        spans_v2(a, sentences, quotes, quantities);
    json_object_set_new(data, "sentences", sentences);
    json_object_set_new(data, "quotes", quotes);

    json_t *entities = json_object();
    json_object_set_new(entities, "people", strlist_json(&a->people));
    json_object_set_new(entities, "places", strlist_json(&a->places));
    json_object_set_new(entities, "organizations", strlist_json(&a->organizations));
    json_object_set_new(data, "entities", entities);
    json_object_set_new(data, "quantities", quantities);

    char when[40];
    if (a->published_ms >= 0)
        na_time_format(a->published_ms, when, sizeof when);
    json_object_set_new(data, "published", a->published_ms >= 0 ? json_string(when) : json_null());
    json_object_set_new(data, "url", na_json_str_or_null(a->url));
    json_object_set_new(data, "outlet", na_json_str_or_null(a->outlet));
    json_object_set_new(data, "language", json_string(a->language ? a->language : "en"));
    if (a->story) {
        char sig[17];
        snprintf(sig, sizeof sig, "%016llx", (unsigned long long)a->simhash);
        json_t *st = json_object();
        json_object_set_new(st, "id", json_string(a->story));
        json_object_set_new(st, "simhash", json_string(sig));
        json_object_set_new(data, "story", st);
    }

    if (a->published_ms < 0) {
        na_time_format(na_clock_wall_ms(), when, sizeof when);
    }
    char source[256] = "/newsalert/outlets/";
    size_t pre = strlen(source);
    slug(a->outlet, source + pre, sizeof source - pre);
    if (!source[pre])
        snprintf(source + pre, sizeof source - pre, "unknown");

    json_t *ev = json_object();
    json_object_set_new(ev, "specversion", json_string("1.0"));
    json_object_set_new(ev, "id", json_string(a->id));
    json_object_set_new(ev, "source", json_string(source));
    json_object_set_new(ev, "type",
                        json_string(version == 1 ? NA_EVENT_TYPE_V1 : NA_EVENT_TYPE_V2));
    json_object_set_new(ev, "time", json_string(when));
    json_object_set_new(ev, "datacontenttype", json_string("application/json"));
    json_object_set_new(ev, "data", data);

    char *s = na_json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(ev);
    if (!s)
        return NA_ENOMEM;
    *out = s;
    if (len)
        *len = strlen(s);
    return NA_OK;
}
