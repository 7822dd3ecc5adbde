/* The window stage's ordering: a min-heap of held matches and a table of source watermarks. */
#include "stream/order.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

struct held {
    int64_t release;
    na_match m; /* strings owned: one block, m.rule_id first */
    size_t size;
};

struct source {
    int64_t wm;
    int heard, idle;
};

struct na_order {
    struct held *h; /* binary min-heap */
    size_t n, cap, bytes;
    struct source *src;
    size_t n_src, cap_src;
    int64_t frontier;
};

na_order *na_order_new(void)
{
    na_order *o = calloc(1, sizeof *o);
    if (o)
        o->frontier = INT64_MIN;
    return o;
}

void na_order_destroy(na_order *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        free((char *)o->h[i].m.rule_id);
    free(o->h);
    free(o->src);
    free(o);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int before(const struct held *a, const struct held *b)
{
    if (a->release != b->release)
        return a->release < b->release;
    if (a->m.time_ms != b->m.time_ms)
        return a->m.time_ms < b->m.time_ms;
    int c = cmp_str(a->m.rule_id, b->m.rule_id);
    if (!c)
        c = cmp_str(a->m.group, b->m.group);
    if (!c)
        c = cmp_str(a->m.article_id, b->m.article_id);
    if (!c)
        c = cmp_str(a->m.value, b->m.value);
    return c < 0;
}

static void swap(struct held *a, struct held *b)
{
    struct held x = *a;
    *a = *b;
    *b = x;
}

/* Copies m's strings into one block so a held match is one allocation. */
static int copy_match(const na_match *m, struct held *out)
{
    const char *in[] = {m->rule_id, m->group,  m->article_id, m->headline,
                        m->url,     m->outlet, m->value};
    size_t len[7], total = 0;
    for (size_t i = 0; i < 7; i++)
        total += (len[i] = in[i] ? strlen(in[i]) + 1 : 0);
    if (!m->rule_id) /* the block is freed through rule_id: every match has one */
        return NA_EINVAL;
    char *base = malloc(total), *p = base;
    if (!base)
        return NA_ENOMEM;
    const char *outp[7];
    for (size_t i = 0; i < 7; i++) {
        outp[i] = in[i] ? memcpy(p, in[i], len[i]) : NULL;
        p += len[i];
    }
    out->m = (na_match){outp[0], outp[1], outp[2], m->time_ms, outp[3], outp[4], outp[5], outp[6]};
    out->size = total + sizeof *out;
    return NA_OK;
}

int na_order_add(na_order *o, const na_match *m, int64_t release_ms)
{
    if (release_ms < o->frontier)
        return 0;
    struct held x = {.release = release_ms};
    int rc = copy_match(m, &x);
    if (rc)
        return rc;
    if (na_grow((void **)&o->h, &o->cap, o->n, sizeof *o->h, 64)) {
        free((char *)x.m.rule_id);
        return NA_ENOMEM;
    }
    size_t i = o->n++;
    o->h[i] = x;
    o->bytes += x.size;
    while (i > 0 && before(&o->h[i], &o->h[(i - 1) / 2])) {
        swap(&o->h[i], &o->h[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    return 1;
}

static void pop(na_order *o)
{
    o->bytes -= o->h[0].size;
    free((char *)o->h[0].m.rule_id);
    o->h[0] = o->h[--o->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < o->n && before(&o->h[l], &o->h[m]))
            m = l;
        if (r < o->n && before(&o->h[r], &o->h[m]))
            m = r;
        if (m == i)
            break;
        swap(&o->h[i], &o->h[m]);
        i = m;
    }
}

int na_order_watermark(na_order *o, int32_t p, int32_t n, int64_t wm, int idle)
{
    if (n <= 0 || p < 0 || p >= n)
        return NA_EINVAL;
    if ((size_t)n > o->n_src) {
        while (o->cap_src < (size_t)n)
            if (na_grow((void **)&o->src, &o->cap_src, o->cap_src, sizeof *o->src, 16))
                return NA_ENOMEM;
        memset(o->src + o->n_src, 0, ((size_t)n - o->n_src) * sizeof *o->src);
        o->n_src = (size_t)n;
    }
    o->src[p] = (struct source){wm, 1, idle};
    return NA_OK;
}

int64_t na_order_low(const na_order *o)
{
    int64_t low = INT64_MAX;
    if (!o->n_src)
        return INT64_MIN;
    for (size_t i = 0; i < o->n_src; i++) {
        if (!o->src[i].heard)
            return INT64_MIN;
        if (!o->src[i].idle && o->src[i].wm < low)
            low = o->src[i].wm;
    }
    return low;
}

int64_t na_order_high(const na_order *o)
{
    int64_t high = INT64_MIN;
    for (size_t i = 0; i < o->n_src; i++)
        if (o->src[i].heard && o->src[i].wm > high)
            high = o->src[i].wm;
    return high;
}

long na_order_release(na_order *o, int (*fn)(const na_match *m, void *ud), void *ud)
{
    int64_t low = na_order_low(o);
    long n = 0;
    while (o->n && o->h[0].release <= low) {
        if (o->h[0].release > o->frontier)
            o->frontier = o->h[0].release;
        int rc = fn(&o->h[0].m, ud);
        pop(o);
        if (rc < 0)
            return rc;
        n++;
    }
    return n;
}

size_t na_order_pending(const na_order *o)
{
    return o->n;
}

int64_t na_order_frontier(const na_order *o)
{
    return o->frontier;
}

size_t na_order_bytes(const na_order *o)
{
    return o->bytes + o->cap * sizeof *o->h + o->cap_src * sizeof *o->src;
}
