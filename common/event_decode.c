/*
 * CloudEvent JSON -> na_article (docs/events.md): na_event_decode copies every part into a new
 * article; the reusable decoder (na_event_decoder) keeps the parsed event in a per-record arena
 * and lends its strings, decoding only the parts asked for. Both versions are read: v1's spans
 * are objects and repeat the words of quotes and quantities, v2's are arrays and do not.
 */
#include "newsalert/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/json_arena.h"

struct dec {
    char *err;
    size_t errlen;
    int own;        /* 1: strings copied (the article owns them); 0: borrowed from the JSON */
    unsigned parts; /* NA_EVENT_* decoded besides the text */
    size_t hlen;    /* headline bytes */
    size_t *plen;   /* paragraph bytes, for the span checks */
    size_t cap_plen;
    int v2;      /* the event's type is NA_EVENT_TYPE_V2: spans are arrays */
    char *words; /* lent: the words of quotes and quantities, each NUL-terminated */
    size_t words_len, words_cap;
    size_t len; /* the event's bytes */
    const na_article *a;
};

static int fail(struct dec *d, const char *field, const char *msg)
{
    snprintf(d->err, d->errlen, "%s: %s", field, msg);
    return NA_EINVAL;
}

/* The string value v, copied or lent; NULL on no memory. */
static char *text(const struct dec *d, json_t *v)
{
    const char *s = json_string_value(v);
    return d->own ? strndup(s, json_string_length(v)) : (char *)s;
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
    if (d->own)
        return na_article_set_n(dst, json_string_value(v), json_string_length(v));
    *dst = (char *)json_string_value(v);
    return NA_OK;
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
    return get_str(d, st, "id", "data.story.id", 1, &a->story);
}

static int push(const struct dec *d, na_strlist *l, json_t *v)
{
    char *s = text(d, v);
    if (!s)
        return NA_ENOMEM;
    if (na_grow((void **)&l->items, &l->cap, l->n, sizeof *l->items, 8)) {
        if (d->own)
            free(s);
        return NA_ENOMEM;
    }
    l->items[l->n++] = s;
    return NA_OK;
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
        if (push(d, l, v))
            return NA_ENOMEM;
    }
    return NA_OK;
}

static int get_paragraphs(struct dec *d, json_t *data, na_article *a)
{
    json_t *arr = json_object_get(data, "paragraphs");
    if (!json_is_array(arr))
        return fail(d, "data.paragraphs", "missing or not an array");
    int rc = get_strlist(d, data, "paragraphs", "data.paragraphs", &a->paragraphs);
    if (rc)
        return rc;
    if (a->paragraphs.n > d->cap_plen) {
        size_t *p = realloc(d->plen, a->paragraphs.n * sizeof *p);
        if (!p)
            return NA_ENOMEM;
        d->plen = p;
        d->cap_plen = a->paragraphs.n;
    }
    for (size_t i = 0; i < a->paragraphs.n; i++)
        d->plen[i] = json_string_length(json_array_get(arr, i));
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
            (size_t)ei > d->hlen) {
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

/* v2: the array shapes, [paragraph, start, end] and n_more values after the span (the last
 * optional where optional_last); paragraph -1 is the headline where headline_ok. */
struct shape {
    const char *key, *path, *values;
    size_t n_more;
    int optional_last, headline_ok;
};
static const struct shape SENTENCE = {"sentences", "data.sentences", "", 0, 0, 0},
                          QUOTE = {"quotes", "data.quotes", ", speaker", 1, 1, 0},
                          QUANTITY = {"quantities", "data.quantities", ", value, unit", 2, 0, 1};

/* v2: the span at the head of the array v, item i of sh's array. */
static int get_span_v2(struct dec *d, const struct shape *sh, json_t *v, size_t i, na_span *s)
{
    size_t n = json_array_size(v), want = 3 + sh->n_more;
    json_t *p = json_array_get(v, 0), *st = json_array_get(v, 1), *en = json_array_get(v, 2);
    if (!json_is_array(v) || n > want || n + (size_t)sh->optional_last < want ||
        !json_is_integer(p) || !json_is_integer(st) || !json_is_integer(en)) {
        snprintf(d->err, d->errlen, "%s[%zu]: not [paragraph, start, end%s], offsets integers",
                 sh->path, i, sh->values);
        return NA_EINVAL;
    }
    json_int_t pi = json_integer_value(p), si = json_integer_value(st), ei = json_integer_value(en);
    int head = pi == -1 && sh->headline_ok, para = pi >= 0 && (size_t)pi < d->a->paragraphs.n;
    size_t lim = head ? d->hlen : para ? d->plen[pi] : 0;
    if (!(head || para) || si < 0 || ei < si || (size_t)ei > lim) {
        snprintf(d->err, d->errlen, "%s[%zu]: offsets outside %s text", sh->path, i,
                 head ? "headline" : "paragraph");
        return NA_EINVAL;
    }
    *s = (na_span){head ? NA_SPAN_HEADLINE : (size_t)pi, (size_t)si, (size_t)ei};
    return NA_OK;
}

/* A span of either version: v1's object or v2's array head. */
static int span_of(struct dec *d, const struct shape *sh, json_t *v, size_t i, na_span *s)
{
    return d->v2 ? get_span_v2(d, sh, v, i, s) : get_span(d, d->a, v, sh->path, i, s);
}

/* The words of all quotes and quantities: at most this, twice the event's bytes (real ones stay
 * within the text, which the event holds; spans repeated over a long paragraph would otherwise
 * cost memory without bound). */
static size_t words_max(const struct dec *d)
{
    return 2 * d->len + 64;
}

/* Lent: a words buffer of words_max bytes, allocated before the first word so none moves. */
static int words_room(struct dec *d)
{
    if (d->words_cap >= words_max(d))
        return NA_OK;
    free(d->words);
    d->words_cap = 0;
    if (!(d->words = malloc(words_max(d))))
        return NA_ENOMEM;
    d->words_cap = words_max(d);
    return NA_OK;
}

/* The words of a quote or a quantity are the bytes of its span in either version (v1's "text",
 * which repeats them, is checked to be a string, not read): *out NUL-terminated, copied (own) or
 * in the decoder's words buffer. */
static int span_words(struct dec *d, na_span s, char **out)
{
    const char *src = na_article_span_text(d->a, s) + s.start;
    size_t n = s.end - s.start;
    if (d->words_len + n + 1 > words_max(d)) {
        snprintf(d->err, d->errlen,
                 "data.quotes, data.quantities: their spans cover more than twice the event's "
                 "%zu bytes",
                 d->len);
        return NA_EINVAL;
    }
    d->words_len += n + 1;
    if (d->own)
        return (*out = strndup(src, n)) ? NA_OK : NA_ENOMEM;
    *out = d->words + d->words_len - n - 1;
    memcpy(*out, src, n);
    (*out)[n] = '\0';
    return NA_OK;
}

/* The array under key (NULL when absent), or an error when it is not one. */
static int get_array(struct dec *d, json_t *data, const char *key, const char *path, json_t **arr)
{
    *arr = json_object_get(data, key);
    return *arr && !json_is_array(*arr) ? fail(d, path, "not an array") : NA_OK;
}

static int get_sentences(struct dec *d, json_t *data, na_article *a)
{
    json_t *arr, *v;
    size_t i;
    int rc = get_array(d, data, SENTENCE.key, SENTENCE.path, &arr);
    json_array_foreach(arr, i, v)
    {
        na_span s;
        if (rc || (rc = span_of(d, &SENTENCE, v, i, &s)) || (rc = na_article_add_sentence(a, s)))
            return rc;
    }
    return rc;
}

static int get_quotes(struct dec *d, json_t *data, na_article *a)
{
    json_t *arr, *v;
    size_t i;
    int rc = get_array(d, data, QUOTE.key, QUOTE.path, &arr);
    json_array_foreach(arr, i, v)
    {
        na_span s;
        json_t *t = d->v2 ? NULL : json_object_get(v, "text"),
               *sp = d->v2 ? json_array_get(v, 3) : json_object_get(v, "speaker");
        if (rc || (rc = span_of(d, &QUOTE, v, i, &s)))
            return rc;
        if ((!d->v2 && !json_is_string(t)) || (sp && !json_is_string(sp) && !json_is_null(sp))) {
            snprintf(d->err, d->errlen, "data.quotes[%zu]: %s", i,
                     d->v2 ? "the speaker must be a string or null"
                           : "text and speaker must be strings");
            return NA_EINVAL;
        }
        char *qt, *speaker = NULL;
        if ((rc = span_words(d, s, &qt)))
            return rc;
        if ((json_is_string(sp) && !(speaker = text(d, sp))) ||
            (rc = na_article_add_quote(a, qt, speaker, s))) {
            if (d->own) {
                free(qt);
                free(speaker);
            }
            return NA_ENOMEM;
        }
    }
    return rc;
}

static int get_quantities(struct dec *d, json_t *data, na_article *a)
{
    json_t *arr, *v;
    size_t i;
    int rc = get_array(d, data, QUANTITY.key, QUANTITY.path, &arr);
    json_array_foreach(arr, i, v)
    {
        na_span s;
        json_t *val = d->v2 ? json_array_get(v, 3) : json_object_get(v, "value"),
               *u = d->v2 ? json_array_get(v, 4) : json_object_get(v, "unit"),
               *t = d->v2 ? NULL : json_object_get(v, "text");
        if (rc || (rc = span_of(d, &QUANTITY, v, i, &s)))
            return rc;
        if (!json_is_number(val) || !json_is_string(u) || (!d->v2 && !json_is_string(t))) {
            snprintf(d->err, d->errlen, "data.quantities[%zu]: value must be a number, unit%s", i,
                     d->v2 ? " a string" : " and text strings");
            return NA_EINVAL;
        }
        char *qt, *unit;
        if ((rc = span_words(d, s, &qt)))
            return rc;
        if (!(unit = text(d, u)) ||
            na_article_add_quantity(a, json_number_value(val), unit, qt, s)) {
            if (d->own) {
                free(unit);
                free(qt);
            }
            return NA_ENOMEM;
        }
    }
    return rc;
}

static int get_entities(struct dec *d, json_t *data, na_article *a)
{
    json_t *ent = json_object_get(data, "entities");
    int rc = NA_OK;
    if (ent && !json_is_object(ent))
        return fail(d, "data.entities", "not an object");
    if (ent && ((rc = get_strlist(d, ent, "people", "data.entities.people", &a->people)) ||
                (rc = get_strlist(d, ent, "places", "data.entities.places", &a->places)) ||
                (rc = get_strlist(d, ent, "organizations", "data.entities.organizations",
                                  &a->organizations))))
        return rc;
    return NA_OK;
}

static int decode_data(struct dec *d, json_t *data, na_article *a)
{
    int rc;
    if ((rc = get_str(d, data, "headline", "data.headline", 1, &a->headline)) ||
        (rc = get_str(d, data, "standfirst", "data.standfirst", 0, &a->standfirst)) ||
        (rc = get_str(d, data, "url", "data.url", 0, &a->url)) ||
        (rc = get_str(d, data, "outlet", "data.outlet", 0, &a->outlet)) ||
        (rc = get_str(d, data, "language", "data.language", 0, &a->language)) ||
        (rc = get_story(d, data, a)) || (rc = get_paragraphs(d, data, a)))
        return rc;
    d->hlen = json_string_length(json_object_get(data, "headline"));

    json_t *pub = json_object_get(data, "published");
    if (json_is_string(pub)) {
        a->published_ms = na_time_parse(json_string_value(pub));
        if (a->published_ms < 0)
            return fail(d, "data.published", "not an RFC 3339 date");
    } else if (pub && !json_is_null(pub)) {
        return fail(d, "data.published", "not a string");
    }
    if (!d->own && d->parts & (NA_EVENT_QUOTES | NA_EVENT_QUANTITIES) && (rc = words_room(d)))
        return rc;
    if ((d->parts & NA_EVENT_SENTENCES && (rc = get_sentences(d, data, a))) ||
        (d->parts & NA_EVENT_QUOTES && (rc = get_quotes(d, data, a))) ||
        (d->parts & NA_EVENT_QUANTITIES && (rc = get_quantities(d, data, a))) ||
        (d->parts & NA_EVENT_ENTITIES && (rc = get_entities(d, data, a))))
        return rc;
    return NA_OK;
}

/* Parses buf (flags as every decode) and fills a from the parsed event *ev. */
static int decode(struct dec *d, const char *buf, size_t len, json_t **ev, na_article *a)
{
    if (len > NA_EVENT_MAX_SIZE) {
        snprintf(d->err, d->errlen, "event of %zu bytes is over the %u byte limit", len,
                 NA_EVENT_MAX_SIZE);
        return NA_ETOOBIG;
    }
    json_error_t jerr;
    *ev = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*ev) {
        snprintf(d->err, d->errlen, "%d:%d: %s", jerr.line, jerr.column, jerr.text);
        return NA_EPARSE;
    }
    json_t *sv = json_object_get(*ev, "specversion"), *data = json_object_get(*ev, "data"),
           *type = json_object_get(*ev, "type");
    if (!json_is_object(*ev))
        return fail(d, "event", "not a JSON object");
    if (!json_is_string(sv) || strcmp(json_string_value(sv), "1.0") != 0)
        return fail(d, "specversion", "missing or not \"1.0\"");
    if (!json_is_object(data))
        return fail(d, "data", "missing or not an object");
    d->v2 = json_is_string(type) && !strcmp(json_string_value(type), NA_EVENT_TYPE_V2);
    d->a = a;
    d->len = len;
    d->words_len = 0;
    int rc = get_str(d, *ev, "id", "id", 1, &a->id);
    return rc ? rc : decode_data(d, data, a);
}

int na_event_decode(const char *buf, size_t len, na_article **out, char *errstr, size_t errlen)
{
    struct dec d = {.err = errstr, .errlen = errlen, .own = 1, .parts = NA_EVENT_ALL};
    json_t *ev = NULL;
    na_article *a = na_article_new();
    int rc = a ? decode(&d, buf, len, &ev, a) : NA_ENOMEM;
    json_decref(ev);
    free(d.plen);
    if (rc) {
        na_article_destroy(a);
        a = NULL;
    }
    *out = a;
    return rc;
}

/* ---- the reusable decoder ---- */

struct na_event_decoder {
    struct dec d;
    na_json_arena *arena;
    na_article a; /* its strings point into the arena; its arrays are kept across records */
};

na_event_decoder *na_event_decoder_new(void)
{
    na_event_decoder *dc = calloc(1, sizeof *dc);
    if (dc && !(dc->arena = na_json_arena_new())) {
        free(dc);
        return NULL;
    }
    return dc;
}

/* Forgets the last record: lent strings dropped, arrays emptied, not freed. */
static void reset(na_event_decoder *dc)
{
    na_article *a = &dc->a;
    a->id = a->headline = a->standfirst = a->url = a->outlet = a->language = a->story = NULL;
    a->simhash = 0;
    a->published_ms = -1;
    a->paragraphs.n = a->people.n = a->places.n = a->organizations.n = 0;
    a->n_sentences = a->n_quotes = a->n_quantities = 0;
    na_json_arena_reset(dc->arena);
}

void na_event_decoder_destroy(na_event_decoder *dc)
{
    if (!dc)
        return;
    na_article *a = &dc->a;
    free(a->paragraphs.items);
    free(a->people.items);
    free(a->places.items);
    free(a->organizations.items);
    free(a->sentences);
    free(a->quotes);
    free(a->quantities);
    free(dc->d.plen);
    free(dc->d.words);
    na_json_arena_destroy(dc->arena);
    free(dc);
}

int na_event_decoder_decode(na_event_decoder *dc, unsigned parts, const char *buf, size_t len,
                            const na_article **out, char *errstr, size_t errlen)
{
    reset(dc);
    dc->d.parts = parts;
    dc->d.err = errstr;
    dc->d.errlen = errlen;
    json_t *ev = NULL;
    na_json_arena_begin(dc->arena);
    int rc = decode(&dc->d, buf, len, &ev, &dc->a);
    na_json_arena_end(dc->arena);
    *out = rc ? NULL : &dc->a;
    return rc;
}
