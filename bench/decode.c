/*
 * The consumer's decoding, before and after, over a file of events held in memory, in one run:
 * the floor (jansson parse and free, as bench_e2e decode), the same parse in an arena, the copying
 * decoder (na_event_decode: every part copied into a new article), the reusable decoder (per-record
 * arena, strings lent) with every part and with the parts the rules read, and each decoder
 * followed by the rules; each over the same articles written as version 1 and as version 2
 * events (docs/events.md). CPU s per 1,000 events, best of REPEAT; one JSON object.
 *
 * usage: bench_decode EVENTS.jsonl [RULES|default] [REPEAT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "newsalert/event.h"
#include "newsalert/file.h"
#include "newsalert/json_arena.h"
#include "rules/rules.h"

struct lines {
    char **p;
    size_t *len;
    size_t n, cap;
};

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: other processes share the cores */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int add_line(struct lines *l, char *s, size_t n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        char **p = realloc(l->p, cap * sizeof *p);
        size_t *len = p ? realloc(l->len, cap * sizeof *len) : NULL;
        if (p)
            l->p = p;
        if (!p || !len)
            return -1;
        l->len = len;
        l->cap = cap;
    }
    l->p[l->n] = s;
    l->len[l->n++] = n;
    return 0;
}

static int split(char *buf, size_t len, struct lines *l)
{
    for (char *s = buf, *e; s < buf + len; s = e + 1) {
        e = memchr(s, '\n', (size_t)(buf + len - s));
        if (!e)
            e = buf + len;
        if (e > s && add_line(l, s, (size_t)(e - s)))
            return -1;
    }
    return 0;
}

static int drop_alert(na_alert *al, void *ud)
{
    (*(size_t *)ud)++;
    na_alert_destroy(al);
    return 0;
}

enum way { W_JANSSON, W_ARENA_PARSE, W_COPY, W_ALL, W_NEEDED, W_COPY_RULES, W_NEEDED_RULES, W_N };
static const char *const names[W_N] = {"jansson_parse",     "arena_parse",  "copy_decode",
                                       "arena_all",         "arena_needed", "copy_decode_rules",
                                       "arena_needed_rules"};

struct run {
    struct lines l;
    na_rules *r;
    na_event_decoder *dc;
    na_json_arena *ar;
    unsigned parts;
    json_malloc_t sys_malloc;
    json_free_t sys_free;
    size_t bad, alerts;
};

/* One pass of one way over every event; CPU seconds. */
static double pass(struct run *x, enum way w)
{
    char err[512];
    json_malloc_t am;
    json_free_t af;
    json_get_alloc_funcs(&am, &af);
    if (w == W_JANSSON) /* the floor runs with the system allocator, as in bench_e2e */
        json_set_alloc_funcs(x->sys_malloc, x->sys_free);
    x->alerts = 0;
    double t0 = cpu_s();
    for (size_t i = 0; i < x->l.n; i++) {
        const char *p = x->l.p[i];
        size_t n = x->l.len[i];
        na_article *own = NULL;
        const na_article *a = NULL;
        if (w == W_ARENA_PARSE) { /* jansson's parse alone, in the decoder's kind of arena */
            na_json_arena_reset(x->ar);
            na_json_arena_begin(x->ar);
            json_t *ev = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
            na_json_arena_end(x->ar);
            x->bad += !json_string_value(json_object_get(json_object_get(ev, "data"), "headline"));
            continue;
        }
        if (w == W_JANSSON) {
            json_t *ev = json_loadb(p, n, 0, NULL);
            x->bad += !json_string_value(json_object_get(json_object_get(ev, "data"), "headline"));
            json_decref(ev);
            continue;
        }
        int rc = w == W_COPY || w == W_COPY_RULES
                     ? na_event_decode(p, n, &own, err, sizeof err)
                     : na_event_decoder_decode(x->dc, w == W_ALL ? NA_EVENT_ALL : x->parts, p, n,
                                               &a, err, sizeof err);
        a = own ? own : a;
        x->bad += rc != 0;
        if (!rc && (w == W_COPY_RULES || w == W_NEEDED_RULES))
            na_rules_eval(x->r, a, drop_alert, &x->alerts);
        na_article_destroy(own);
    }
    double t = cpu_s() - t0;
    json_set_alloc_funcs(am, af);
    return t;
}

/* The events of in, each decoded and written again as version v, into out (one buffer). */
static int rewrite(const struct lines *in, int v, struct lines *out, char **buf, size_t *bytes)
{
    size_t cap = 0;
    *bytes = 0;
    *buf = NULL;
    char err[512];
    for (size_t i = 0; i < in->n; i++) {
        na_article *a = NULL;
        char *json = NULL;
        size_t n = 0;
        if (na_event_decode(in->p[i], in->len[i], &a, err, sizeof err) ||
            na_event_encode_version(a, v, &json, &n)) {
            fprintf(stderr, "event %zu: %s\n", i + 1, a ? "cannot encode" : err);
            na_article_destroy(a);
            return -1;
        }
        na_article_destroy(a);
        if (*bytes + n > cap) {
            cap = 2 * (*bytes + n);
            char *b = realloc(*buf, cap);
            if (!b)
                return -1;
            *buf = b;
        }
        memcpy(*buf + *bytes, json, n);
        *bytes += n;
        free(json);
        if (add_line(out, NULL, n)) /* pointers set once the buffer stops moving */
            return -1;
    }
    for (size_t i = 0, off = 0; i < out->n; off += out->len[i++])
        out->p[i] = *buf + off;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s EVENTS.jsonl [RULES|default] [REPEAT]\n", argv[0]);
        return 2;
    }
    const char *rules = argc > 2 && strcmp(argv[2], "default") ? argv[2] : NULL;
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    char err[1024];
    size_t len;
    struct run x = {0};
    json_get_alloc_funcs(&x.sys_malloc, &x.sys_free); /* before the decoder installs its own */
    char *buf = na_file_read(argv[1], 0, &len, err, sizeof err);
    if (!buf || split(buf, len, &x.l)) {
        fprintf(stderr, "%s: %s\n", argv[1], buf ? "out of memory" : err);
        return 1;
    }
    if (!(x.r = na_rules_load(rules, err, sizeof err)) || !(x.dc = na_event_decoder_new()) ||
        !(x.ar = na_json_arena_new())) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    x.parts = na_rules_event_parts(x.r);
    struct lines orig = x.l, ver[2] = {{0}};
    char *vbuf[2] = {NULL, NULL};
    size_t bytes[2];
    for (int v = 0; v < 2; v++)
        if (rewrite(&x.l, v + 1, &ver[v], &vbuf[v], &bytes[v])) {
            fprintf(stderr, "%s: cannot write the events as version %d\n", argv[1], v + 1);
            return 1;
        }
    double best[2][W_N];
    size_t alerts[2][W_N] = {{0}};
    for (int v = 0; v < 2; v++)
        for (int w = 0; w < W_N; w++)
            best[v][w] = 1e300;
    for (int k = 0; k < repeat; k++) /* interleaved, so a burst of load hits every way alike */
        for (int v = 0; v < 2; v++)
            for (int w = 0; w < W_N; w++) {
                x.l = ver[v];
                double t = pass(&x, (enum way)w);
                best[v][w] = t < best[v][w] ? t : best[v][w];
                alerts[v][w] = x.alerts;
            }
    printf("{\"events\": %zu, \"bad\": %zu, \"rules\": %zu, \"parts\": %u", x.l.n, x.bad,
           na_rules_count(x.r), x.parts);
    int same = 1;
    for (int v = 0; v < 2; v++) {
        printf(", \"v%d\": {\"bytes\": %zu", v + 1, bytes[v]);
        for (int w = 0; w < W_N; w++)
            printf(", \"%s_cpu_s_per_1k\": %.4f", names[w], best[v][w] / (double)x.l.n * 1000);
        printf(", \"alerts_copy\": %zu, \"alerts_arena\": %zu}", alerts[v][W_COPY_RULES],
               alerts[v][W_NEEDED_RULES]);
        same &= alerts[v][W_COPY_RULES] == alerts[v][W_NEEDED_RULES] &&
                alerts[v][W_NEEDED_RULES] == alerts[0][W_NEEDED_RULES];
    }
    printf("}\n");
    for (int v = 0; v < 2; v++) {
        free(ver[v].p);
        free(ver[v].len);
        free(vbuf[v]);
    }
    x.l = orig;
    na_event_decoder_destroy(x.dc);
    na_json_arena_destroy(x.ar);
    na_rules_destroy(x.r);
    free(x.l.p);
    free(x.l.len);
    free(buf);
    return same ? 0 : 1;
}
