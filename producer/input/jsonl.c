/* JSON Lines: one article per line, under the field names news datasets and feed dumps use. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "input/input_int.h"
#include "newsalert/error.h"
#include "newsalert/event.h"

/* Accepted spellings of each field, first match wins. */
static const char *const F_HEADLINE[] = {"headline", "title", NULL};
static const char *const F_BODY[] = {"body", "text", "content", "description", NULL};
static const char *const F_URL[] = {"url", "link", NULL};
static const char *const F_DATE[] = {"published", "date", "pubDate", NULL};
static const char *const F_OUTLET[] = {"outlet", "source", NULL};
static const char *const F_ID[] = {"id", "guid", NULL};
static const char *const F_STANDFIRST[] = {"standfirst", "summary", NULL};
static const char *const F_LANGUAGE[] = {"language", "lang", NULL};

struct rec {
    na_reader *r;
    json_t *o;
    unsigned long long line;
    na_input_error *e;
};

/* The first of names present and not null, or NULL; *name gets which one it was. */
static json_t *field(const struct rec *c, const char *const *names, const char **name)
{
    for (; *names; names++) {
        json_t *v = json_object_get(c->o, *names);
        if (v && !json_is_null(v)) {
            *name = *names;
            return v;
        }
    }
    return NULL;
}

static int wrong_type(const struct rec *c, const char *name, const char *want)
{
    return na_input_fail(c->e, NA_SKIP_RECORD, "%s:%llu: \"%s\" is not %s", c->r->name, c->line,
                         name, want);
}

/* The first of names present as a string: 0 with *v NULL when absent, an error when not a string.
 */
static int find_string(const struct rec *c, const char *const *names, json_t **v)
{
    const char *name;
    *v = field(c, names, &name);
    if (*v && !json_is_string(*v))
        return wrong_type(c, name, "a string");
    return NA_OK;
}

/* A string field on one line (white space squeezed) into *dst; absent leaves *dst alone. */
static int get_string(const struct rec *c, const char *const *names, char **dst)
{
    json_t *v;
    int rc = find_string(c, names, &v);
    if (rc || !v)
        return rc;
    free(*dst);
    *dst = na_input_oneline(json_string_value(v), json_string_length(v));
    return NA_OK;
}

static int get_id(const struct rec *c, na_article *a)
{
    const char *name;
    json_t *v = field(c, F_ID, &name);
    if (v && json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return na_article_set(&a->id, buf);
    }
    return get_string(c, F_ID, &a->id);
}

static int get_body(const struct rec *c, na_article *a)
{
    json_t *paras = json_object_get(c->o, "paragraphs");
    if (paras && !json_is_null(paras)) {
        if (!json_is_array(paras))
            return wrong_type(c, "paragraphs", "an array of strings");
        size_t i;
        json_t *p;
        json_array_foreach(paras, i, p)
        {
            if (!json_is_string(p))
                return na_input_fail(c->e, NA_SKIP_RECORD,
                                     "%s:%llu: \"paragraphs\"[%zu] is not a string", c->r->name,
                                     c->line, i);
            char *one = na_input_oneline(json_string_value(p), json_string_length(p));
            if (one && na_strlist_push_owned(&a->paragraphs, one))
                return NA_ENOMEM;
        }
        return NA_OK;
    }
    json_t *v;
    int rc = find_string(c, F_BODY, &v);
    if (rc || !v)
        return rc;
    return na_input_paragraphs(json_string_value(v), json_string_length(v), &a->paragraphs);
}

static int get_date(const struct rec *c, na_article *a)
{
    const char *name;
    json_t *v = field(c, F_DATE, &name);
    if (!v)
        return NA_OK;
    if (json_is_string(v)) {
        a->published_ms = na_time_parse(json_string_value(v));
        if (a->published_ms < 0)
            na_input_bad_date(c->r, json_string_value(v));
        return NA_OK;
    }
    /* Unix time: seconds, or milliseconds when it is too large to be seconds. */
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        json_int_t t = json_integer_value(v);
        a->published_ms = t < 100000000000LL ? t * 1000 : t;
        return NA_OK;
    }
    return wrong_type(c, name, "a date string or Unix time");
}

static int build(const struct rec *c, na_article *a)
{
    int rc;
    const char *name = "headline";
    json_t *h = field(c, F_HEADLINE, &name);
    if (h && !json_is_string(h))
        return wrong_type(c, name, "a string");
    if (h)
        a->headline = na_input_oneline(json_string_value(h), json_string_length(h));
    if (!a->headline)
        return na_input_fail(c->e, NA_SKIP_HEADLINE,
                             "%s:%llu: no headline (\"headline\" or \"title\" %s)", c->r->name,
                             c->line, h ? "is blank" : "is missing");
    if ((rc = get_body(c, a)) || (rc = get_string(c, F_URL, &a->url)) ||
        (rc = get_string(c, F_OUTLET, &a->outlet)) ||
        (rc = get_string(c, F_STANDFIRST, &a->standfirst)) ||
        (rc = get_string(c, F_LANGUAGE, &a->language)) || (rc = get_id(c, a)) ||
        (rc = get_date(c, a)))
        return rc;
    return na_article_ensure_id(a);
}

static int blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\f\v", p[i]))
            return 0;
    return 1;
}

static int jsonl_next(na_reader *r, na_article **out, na_input_error *e)
{
    const char *line;
    size_t len;
    int rc;
    for (;;) {
        if ((rc = na_stream_line(r->s, &line, &len, e)) || !line)
            return rc;
        struct rec c = {r, NULL, (unsigned long long)na_stream_lineno(r->s), e};
        if (c.line == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
            line += 3;
            len -= 3;
        }
        if (blank_line(line, len))
            continue;
        if ((rc = na_input_check_utf8(r->name, c.line, line, len, e)))
            return rc;
        json_error_t jerr;
        if (!(c.o = json_loadb(line, len, 0, &jerr)))
            return na_input_fail(e, NA_SKIP_JSON, "%s:%llu:%d: malformed JSON: %s", r->name, c.line,
                                 jerr.column, jerr.text);
        na_article *a = NULL;
        if (!json_is_object(c.o))
            rc = na_input_fail(e, NA_SKIP_RECORD, "%s:%llu: not a JSON object", r->name, c.line);
        else if (!(a = na_article_new()))
            rc = NA_ENOMEM;
        else
            rc = build(&c, a);
        json_decref(c.o);
        if (rc == NA_ENOMEM)
            rc = na_input_fail(e, NA_SKIP_UNREADABLE, "%s:%llu: out of memory", r->name, c.line);
        if (rc) {
            na_article_destroy(a);
            return rc;
        }
        *out = a;
        return NA_OK;
    }
}

static const struct na_reader_ops jsonl_ops = {jsonl_next, NULL};

int na_input_jsonl_open(na_reader *r, na_input_error *e)
{
    (void)e;
    r->ops = &jsonl_ops;
    return NA_OK;
}
