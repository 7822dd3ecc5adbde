/* A local feed file as producer input: the whole document parsed, one item per next(). */
#include <stdlib.h>

#include "feeds/feed.h"
#include "input/input_int.h"
#include "newsalert/error.h"

typedef struct feed_input {
    na_feed_doc *doc;
    size_t next, next_skip;
    int parsed;
} feed_input;

static int feed_next(na_reader *r, na_article **out, na_input_error *e)
{
    feed_input *fi = r->state;
    if (!fi->parsed) {
        const char *p;
        size_t len;
        char err[sizeof e->msg];
        fi->parsed = 1;
        int rc = na_stream_rest(r->s, &p, &len, e);
        if (rc)
            return rc;
        if ((rc = na_feed_parse(p, len, r->name, NULL, &fi->doc, err, sizeof err)))
            return na_input_fail(e, rc == NA_ETOOBIG ? NA_SKIP_OVERSIZE : NA_SKIP_FEED, "%s", err);
    }
    if (!fi->doc)
        return NA_OK;
    /* Items first, then one skip report per item the feed reader left out. */
    if (fi->next < fi->doc->n) {
        *out = fi->doc->items[fi->next];
        fi->doc->items[fi->next++] = NULL;
        return NA_OK;
    }
    if (fi->next_skip < fi->doc->skips.n)
        return na_input_fail(e, NA_SKIP_HEADLINE, "%s", fi->doc->skips.items[fi->next_skip++]);
    return NA_OK;
}

static void feed_free(void *state)
{
    feed_input *fi = state;
    if (fi)
        na_feed_doc_destroy(fi->doc);
    free(fi);
}

static const struct na_reader_ops feed_ops = {feed_next, feed_free};

int na_input_feed_open(na_reader *r, na_input_error *e)
{
    feed_input *fi = calloc(1, sizeof *fi);
    if (!fi)
        return na_input_fail(e, NA_SKIP_UNREADABLE, "%s: out of memory", r->name);
    r->ops = &feed_ops;
    r->state = fi;
    return NA_OK;
}
