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

static void span_set(json_t *o, na_span s)
{
    if (s.paragraph == NA_SPAN_HEADLINE)
        json_object_set_new(o, "field", json_string("headline"));
    else
        json_object_set_new(o, "paragraph", json_integer((json_int_t)s.paragraph));
    json_object_set_new(o, "start", json_integer((json_int_t)s.start));
    json_object_set_new(o, "end", json_integer((json_int_t)s.end));
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

static int strlist_ok(const na_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!utf8_ok(l->items[i]))
            return 0;
    return 1;
}

/*
 * What encode emits, decode must accept: jansson silently drops a string that is not UTF-8 (the
 * event would lack a required field), a NaN value, and spans outside their paragraph.
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
        if (!span_ok(a, a->quotes[i].span))
            return NA_EINVAL;
    }
    for (size_t i = 0; i < a->n_quantities; i++) {
        const na_quantity *q = &a->quantities[i];
        if (!q->unit || !q->text || !utf8_ok(q->unit) || !utf8_ok(q->text))
            return NA_EUTF8;
        if (!isfinite(q->value) || !span_ok(a, q->span))
            return NA_EINVAL;
    }
    return NA_OK;
}

int na_event_encode(const na_article *a, char **out, size_t *len)
{
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

    json_t *sentences = json_array();
    for (size_t i = 0; i < a->n_sentences; i++) {
        json_t *s = json_object();
        span_set(s, a->sentences[i]);
        json_array_append_new(sentences, s);
    }
    json_object_set_new(data, "sentences", sentences);

    json_t *quotes = json_array();
    for (size_t i = 0; i < a->n_quotes; i++) {
        json_t *q = json_object();
        json_object_set_new(q, "text", json_string(a->quotes[i].text));
        if (a->quotes[i].speaker)
            json_object_set_new(q, "speaker", json_string(a->quotes[i].speaker));
        span_set(q, a->quotes[i].span);
        json_array_append_new(quotes, q);
    }
    json_object_set_new(data, "quotes", quotes);

    json_t *entities = json_object();
    json_object_set_new(entities, "people", strlist_json(&a->people));
    json_object_set_new(entities, "places", strlist_json(&a->places));
    json_object_set_new(entities, "organizations", strlist_json(&a->organizations));
    json_object_set_new(data, "entities", entities);

    json_t *quantities = json_array();
    for (size_t i = 0; i < a->n_quantities; i++) {
        json_t *q = json_object();
        json_object_set_new(q, "value", number_json(a->quantities[i].value));
        json_object_set_new(q, "unit", json_string(a->quantities[i].unit));
        json_object_set_new(q, "text", json_string(a->quantities[i].text));
        span_set(q, a->quantities[i].span);
        json_array_append_new(quantities, q);
    }
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
    json_object_set_new(ev, "type", json_string(NA_EVENT_TYPE));
    json_object_set_new(ev, "time", json_string(when));
    json_object_set_new(ev, "datacontenttype", json_string("application/json"));
    json_object_set_new(ev, "data", data);

    char *s = json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(ev);
    if (!s)
        return NA_ENOMEM;
    *out = s;
    if (len)
        *len = strlen(s);
    return NA_OK;
}

/* ---- decoding ---- */

struct dec {
    char *err;
    size_t errlen;
    size_t *plen; /* each paragraph's strlen, once: a span check must not rescan a 1.4 MB one */
};

static int fail(struct dec *d, const char *field, const char *msg)
{
    snprintf(d->err, d->errlen, "%s: %s", field, msg);
    return NA_EINVAL;
}

static int get_str(struct dec *d, json_t *o, const char *key, const char *path, int required,
                   char **dst)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(d, path, "missing");
        return NA_OK;
    }
    if (!json_is_string(v))
        return fail(d, path, "not a string");
    return na_article_set_n(dst, json_string_value(v), json_string_length(v));
}

/* data.story: {"id": non-empty string, "simhash": 16 hex digits}; optional. */
static int get_story(struct dec *d, json_t *data, na_article *a)
{
    json_t *st = json_object_get(data, "story");
    if (!st || json_is_null(st))
        return NA_OK;
    json_t *id = json_object_get(st, "id"), *sig = json_object_get(st, "simhash");
    if (!json_is_object(st) || !json_is_string(id) || !json_string_length(id))
        return fail(d, "data.story.id", "missing or not a non-empty string");
    const char *h = json_string_value(sig);
    char *end = NULL;
    unsigned long long v = h && strlen(h) == 16 ? strtoull(h, &end, 16) : 0;
    if (!h || strlen(h) != 16 || !end || *end || h[0] == '-' || h[0] == '+')
        return fail(d, "data.story.simhash", "not 16 hexadecimal digits");
    a->simhash = (uint64_t)v;
    return na_article_set_n(&a->story, json_string_value(id), json_string_length(id));
}

static int get_strlist(struct dec *d, json_t *o, const char *key, const char *path, na_strlist *l)
{
    json_t *arr = json_object_get(o, key);
    if (!arr)
        return NA_OK;
    if (!json_is_array(arr))
        return fail(d, path, "not an array");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v)) {
            snprintf(d->err, d->errlen, "%s[%zu]: not a string", path, i);
            return NA_EINVAL;
        }
        if (na_strlist_push_n(l, json_string_value(v), json_string_length(v)))
            return NA_ENOMEM;
    }
    return NA_OK;
}

static int get_span(struct dec *d, const na_article *a, json_t *o, const char *path, size_t i,
                    na_span *s)
{
    json_t *p = json_object_get(o, "paragraph"), *st = json_object_get(o, "start"),
           *en = json_object_get(o, "end"), *f = json_object_get(o, "field");
    if (f && !p && !strcmp(path, "data.quantities")) { /* a quantity in the headline */
        json_int_t si = json_integer_value(st), ei = json_integer_value(en);
        if (!json_is_string(f) || strcmp(json_string_value(f), "headline") ||
            !json_is_integer(st) || !json_is_integer(en) || si < 0 || ei < si || !a->headline ||
            (size_t)ei > strlen(a->headline)) {
            snprintf(d->err, d->errlen,
                     "%s[%zu]: a headline span needs \"field\": \"headline\" "
                     "and start, end within the headline",
                     path, i);
            return NA_EINVAL;
        }
        *s = (na_span){NA_SPAN_HEADLINE, (size_t)si, (size_t)ei};
        return NA_OK;
    }
    if (!json_is_integer(p) || !json_is_integer(st) || !json_is_integer(en)) {
        snprintf(d->err, d->errlen, "%s[%zu]: paragraph, start and end must be integers", path, i);
        return NA_EINVAL;
    }
    json_int_t pi = json_integer_value(p), si = json_integer_value(st), ei = json_integer_value(en);
    if (pi < 0 || (size_t)pi >= a->paragraphs.n || si < 0 || ei < si || (size_t)ei > d->plen[pi]) {
        snprintf(d->err, d->errlen, "%s[%zu]: offsets outside paragraph text", path, i);
        return NA_EINVAL;
    }
    *s = (na_span){(size_t)pi, (size_t)si, (size_t)ei};
    return NA_OK;
}

static int decode_data(struct dec *d, json_t *data, na_article *a)
{
    int rc;
    if ((rc = get_str(d, data, "headline", "data.headline", 1, &a->headline)) ||
        (rc = get_str(d, data, "standfirst", "data.standfirst", 0, &a->standfirst)) ||
        (rc = get_str(d, data, "url", "data.url", 0, &a->url)) ||
        (rc = get_str(d, data, "outlet", "data.outlet", 0, &a->outlet)) ||
        (rc = get_str(d, data, "language", "data.language", 0, &a->language)))
        return rc;
    if ((rc = get_story(d, data, a)))
        return rc;
    if (!json_is_array(json_object_get(data, "paragraphs")))
        return fail(d, "data.paragraphs", "missing or not an array");
    if ((rc = get_strlist(d, data, "paragraphs", "data.paragraphs", &a->paragraphs)))
        return rc;
    if (a->paragraphs.n && !(d->plen = malloc(a->paragraphs.n * sizeof *d->plen)))
        return NA_ENOMEM;
    for (size_t k = 0; k < a->paragraphs.n; k++)
        d->plen[k] = strlen(a->paragraphs.items[k]);

    json_t *pub = json_object_get(data, "published");
    if (json_is_string(pub)) {
        a->published_ms = na_time_parse(json_string_value(pub));
        if (a->published_ms < 0)
            return fail(d, "data.published", "not an RFC 3339 date");
    } else if (pub && !json_is_null(pub)) {
        return fail(d, "data.published", "not a string");
    }

    size_t i;
    json_t *v, *arr = json_object_get(data, "sentences");
    if (arr && !json_is_array(arr))
        return fail(d, "data.sentences", "not an array");
    json_array_foreach(arr, i, v)
    {
        na_span s;
        if ((rc = get_span(d, a, v, "data.sentences", i, &s)) ||
            (rc = na_article_add_sentence(a, s)))
            return rc;
    }

    arr = json_object_get(data, "quotes");
    if (arr && !json_is_array(arr))
        return fail(d, "data.quotes", "not an array");
    json_array_foreach(arr, i, v)
    {
        na_span s;
        json_t *t = json_object_get(v, "text"), *sp = json_object_get(v, "speaker");
        if (!json_is_string(t) || (sp && !json_is_string(sp) && !json_is_null(sp))) {
            snprintf(d->err, d->errlen, "data.quotes[%zu]: text and speaker must be strings", i);
            return NA_EINVAL;
        }
        if ((rc = get_span(d, a, v, "data.quotes", i, &s)))
            return rc;
        char *speaker = json_is_string(sp) ? strdup(json_string_value(sp)) : NULL;
        if ((rc = na_article_add_quote(a, strdup(json_string_value(t)), speaker, s)))
            return rc;
    }

    arr = json_object_get(data, "quantities");
    if (arr && !json_is_array(arr))
        return fail(d, "data.quantities", "not an array");
    json_array_foreach(arr, i, v)
    {
        na_span s;
        json_t *val = json_object_get(v, "value"), *u = json_object_get(v, "unit"),
               *t = json_object_get(v, "text");
        if (!json_is_number(val) || !json_is_string(u) || !json_is_string(t)) {
            snprintf(d->err, d->errlen,
                     "data.quantities[%zu]: value must be a number, unit and text strings", i);
            return NA_EINVAL;
        }
        if ((rc = get_span(d, a, v, "data.quantities", i, &s)))
            return rc;
        if ((rc = na_article_add_quantity(a, json_number_value(val), strdup(json_string_value(u)),
                                          strdup(json_string_value(t)), s)))
            return rc;
    }

    json_t *ent = json_object_get(data, "entities");
    if (ent && !json_is_object(ent))
        return fail(d, "data.entities", "not an object");
    if (ent && ((rc = get_strlist(d, ent, "people", "data.entities.people", &a->people)) ||
                (rc = get_strlist(d, ent, "places", "data.entities.places", &a->places)) ||
                (rc = get_strlist(d, ent, "organizations", "data.entities.organizations",
                                  &a->organizations))))
        return rc;
    return NA_OK;
}

int na_event_decode(const char *buf, size_t len, na_article **out, char *errstr, size_t errlen)
{
    struct dec d = {errstr, errlen, NULL};
    *out = NULL;
    if (len > NA_EVENT_MAX_SIZE) {
        snprintf(errstr, errlen, "event of %zu bytes is over the %u byte limit", len,
                 NA_EVENT_MAX_SIZE);
        return NA_ETOOBIG;
    }
    json_error_t jerr;
    json_t *ev = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!ev) {
        snprintf(errstr, errlen, "%d:%d: %s", jerr.line, jerr.column, jerr.text);
        return NA_EPARSE;
    }
    int rc = NA_ENOMEM;
    na_article *a = na_article_new();
    if (!a)
        goto done;
    json_t *sv = json_object_get(ev, "specversion"), *data = json_object_get(ev, "data");
    if (!json_is_object(ev)) {
        rc = fail(&d, "event", "not a JSON object");
    } else if (!json_is_string(sv) || strcmp(json_string_value(sv), "1.0") != 0) {
        rc = fail(&d, "specversion", "missing or not \"1.0\"");
    } else if (!json_is_object(data)) {
        rc = fail(&d, "data", "missing or not an object");
    } else if (!(rc = get_str(&d, ev, "id", "id", 1, &a->id))) {
        rc = decode_data(&d, data, a);
    }
done:
    json_decref(ev);
    free(d.plen);
    if (rc) {
        na_article_destroy(a);
        return rc;
    }
    *out = a;
    return NA_OK;
}
