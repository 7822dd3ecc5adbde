/* A plain-text article: the headline on the first non-empty line, paragraphs after blank lines. */
#include <stdlib.h>
#include <string.h>

#include "input/input_int.h"
#include "newsalert/error.h"

struct text_state {
    int done;
};

static int text_next(na_reader *r, na_article **out, na_input_error *e)
{
    struct text_state *st = r->state;
    const char *p;
    size_t len, at;
    int rc;
    if (st->done)
        return NA_OK;
    st->done = 1;
    if ((rc = na_stream_rest(r->s, &p, &len, e)))
        return rc;
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3;
        len -= 3;
    }
    if (na_input_is_binary(p, len, &at))
        return na_input_fail(e, NA_SKIP_BINARY, "%s: not a text file (byte 0x%02x at offset %zu)",
                             r->name, (unsigned char)p[at], at);
    if ((rc = na_input_check_utf8(r->name, 1, p, len, e)))
        return rc;

    size_t pos = 0;
    char *headline = NULL;
    while (pos < len && !headline) {
        const char *nl = memchr(p + pos, '\n', len - pos);
        size_t eol = nl ? (size_t)(nl - p) : len;
        headline = na_input_oneline(p + pos, eol - pos);
        pos = eol + 1;
    }
    if (!headline)
        return na_input_fail(e, NA_SKIP_EMPTY, "%s: empty (only white space)", r->name);
    na_article *a = na_article_new();
    if (!a) {
        free(headline);
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", r->name);
    }
    a->headline = headline;
    if (pos < len && na_input_paragraphs(p + pos, len - pos, &a->paragraphs))
        rc = NA_ENOMEM;
    if (rc || (rc = na_article_ensure_id(a))) {
        na_article_destroy(a);
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", r->name);
    }
    *out = a;
    return NA_OK;
}

static const struct na_reader_ops text_ops = {text_next, free};

int na_input_text_open(na_reader *r, na_input_error *e)
{
    if (!(r->state = calloc(1, sizeof(struct text_state))))
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", r->name);
    r->ops = &text_ops;
    return NA_OK;
}
