/* Message templates: {{placeholder}} expansion with per-platform escaping of each value. */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/event.h"

static const char *const names[] = {"rule_id", "headline", "url",      "severity",    "score",
                                    "outlet",  "time",     "evidence", "description", "id"};
#define N_NAMES (sizeof names / sizeof names[0])

typedef struct buf {
    char *s;
    size_t n, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* The evidence as one line: snippets (or terms) joined by " … ", duplicates skipped. */
static char *evidence_text(const na_alert *al)
{
    buf b = {0};
    put(&b, "", 0);
    for (size_t i = 0; i < al->n_evidence; i++) {
        const char *s = al->evidence[i].snippet ? al->evidence[i].snippet : al->evidence[i].term;
        int seen = 0;
        for (size_t j = 0; j < i && s && !seen; j++) {
            const char *t =
                al->evidence[j].snippet ? al->evidence[j].snippet : al->evidence[j].term;
            seen = t && !strcmp(s, t);
        }
        if (!s || seen)
            continue;
        if (b.n)
            put(&b, " … ", strlen(" … "));
        char *cut = na_format_truncate(s, NA_FORMAT_SNIPPET_MAX);
        if (!cut)
            b.oom = 1;
        else
            put(&b, cut, strlen(cut));
        free(cut);
    }
    if (b.oom)
        free(b.s);
    return b.oom ? NULL : b.s;
}

/* The value of placeholder k for al as a malloc'd string (NA_FORMAT_MISSING when absent). */
static char *value(size_t k, const na_alert *al)
{
    char tmp[48];
    const char *s = NULL;
    switch (k) {
    case 0:
        s = al->rule_id;
        break;
    case 1:
        s = al->headline;
        break;
    case 2: {
        char *link = na_format_link(al->url);
        return link ? link : strdup(NA_FORMAT_MISSING);
    }
    case 3:
        s = al->severity;
        break;
    case 4:
        snprintf(tmp, sizeof tmp, "%.2f", al->score);
        s = tmp;
        break;
    case 5:
        s = al->outlet;
        break;
    case 6:
        if (al->time_ms >= 0) {
            na_time_format(al->time_ms, tmp, sizeof tmp);
            s = tmp;
        }
        break;
    case 7:
        return evidence_text(al);
    case 8:
        s = al->description;
        break;
    default:
        s = al->id;
        break;
    }
    return strdup(s && *s ? s : NA_FORMAT_MISSING);
}

/* Index of the placeholder name at p (length n), or -1. */
static int lookup(const char *p, size_t n)
{
    for (size_t k = 0; k < N_NAMES; k++)
        if (strlen(names[k]) == n && !memcmp(names[k], p, n))
            return (int)k;
    return -1;
}

char *na_format_template(const char *tpl, const na_alert *al, na_format_escape_fn esc)
{
    buf b = {0};
    put(&b, "", 0);
    const char *p = tpl;
    while (*p) {
        const char *open = strstr(p, "{{"), *close = open ? strstr(open + 2, "}}") : NULL;
        int k = close ? lookup(open + 2, (size_t)(close - open - 2)) : -1;
        if (k < 0) {
            size_t n = open ? (size_t)(open - p) + 2 : strlen(p);
            put(&b, p, n);
            p += n;
            continue;
        }
        put(&b, p, (size_t)(open - p));
        char *v = value((size_t)k, al), *e = v && esc ? esc(v) : v;
        if (!e)
            b.oom = 1;
        else
            put(&b, e, strlen(e));
        if (e != v)
            free(e);
        free(v);
        p = close + 2;
    }
    while (!b.oom && b.n && strchr(" \t\r\n", b.s[b.n - 1])) /* empty trailing values */
        b.s[--b.n] = '\0';
    if (!b.oom && !b.n)
        put(&b, NA_FORMAT_MISSING, strlen(NA_FORMAT_MISSING)); /* never an empty required text */
    if (b.oom)
        free(b.s);
    return b.oom ? NULL : b.s;
}

int na_format_template_check(const char *tpl, char *bad, size_t n)
{
    for (const char *p = tpl; (p = strstr(p, "{{")); p += 2) {
        const char *close = strstr(p + 2, "}}");
        size_t len = close ? (size_t)(close - p - 2) : strlen(p + 2);
        if (!close || lookup(p + 2, len) < 0) {
            snprintf(bad, n, "%.*s", (int)(len > 40 ? 40 : len), p + 2);
            return NA_EINVAL;
        }
        p = close;
    }
    return NA_OK;
}

size_t na_format_utf8_prefix(const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max)
                break;
            chars++;
        }
        i++;
    }
    return i;
}

size_t na_format_utf8_len(const char *s)
{
    size_t chars = 0;
    for (; *s; s++)
        chars += ((unsigned char)*s & 0xC0) != 0x80;
    return chars;
}

char *na_format_truncate(const char *s, size_t max)
{
    if (na_format_utf8_len(s) <= max)
        return strdup(s);
    size_t n = max ? na_format_utf8_prefix(s, max - 1) : 0;
    char *out = malloc(n + 4);
    if (!out)
        return NULL;
    memcpy(out, s, n);
    memcpy(out + n, max ? "…" : "", max ? 4 : 1);
    return out;
}
