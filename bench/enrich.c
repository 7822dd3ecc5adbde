/*
 * bench_enrich [articles.jsonl.gz] [passes]: enriches every article of the shared corpus
 * (default $NA_SHARED/corpus/articles.jsonl.gz, else ../shared/corpus/...) and prints articles/s
 * and MB/s of article text. Articles are parsed before the clock starts: only enrichment is timed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zlib.h>

#include "enrich/enrich.h"
#include "newsalert/error.h"
#include "newsalert/clock.h"

#define DEFAULT_CORPUS "../shared/corpus/articles.jsonl.gz"

static na_article *article_from_json(const char *line)
{
    json_error_t jerr;
    json_t *o = json_loads(line, 0, &jerr);
    if (!o)
        return NULL;
    na_article *a = na_article_new();
    json_t *paras = json_object_get(o, "paragraphs");
    const char *headline = json_string_value(json_object_get(o, "headline"));
    int rc = a ? na_article_set(&a->headline, headline ? headline : "") : NA_ENOMEM;
    for (size_t i = 0; !rc && i < json_array_size(paras); i++) {
        const char *p = json_string_value(json_array_get(paras, i));
        if (p)
            rc = na_strlist_push(&a->paragraphs, p);
    }
    json_decref(o);
    if (rc) {
        na_article_destroy(a);
        return NULL;
    }
    return a;
}

/* Reads the corpus; returns the number of articles put in *out (caller frees), or -1. */
static long load(const char *path, na_article ***out)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1024, n = 0, linecap = 1 << 20;
    na_article **v = malloc(cap * sizeof *v);
    char *line = malloc(linecap);
    while (v && line && gzgets(f, line, (int)linecap)) {
        size_t len = strlen(line);
        while (len == linecap - 1 && line[len - 1] != '\n') {
            char *nl = realloc(line, linecap * 2);
            if (!nl)
                break;
            line = nl;
            if (!gzgets(f, line + len, (int)(linecap * 2 - len)))
                break;
            linecap *= 2;
            len = strlen(line);
        }
        na_article *a = article_from_json(line);
        if (!a)
            continue;
        if (n == cap) {
            na_article **nv = realloc(v, cap * 2 * sizeof *nv);
            if (!nv) {
                na_article_destroy(a);
                break;
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = a;
    }
    free(line);
    gzclose(f);
    *out = v;
    return v ? (long)n : -1;
}

int main(int argc, char **argv)
{
    char shared[4096];
    const char *dir = getenv("NA_SHARED");
    snprintf(shared, sizeof shared, "%s/corpus/articles.jsonl.gz", dir ? dir : "");
    const char *path = argc > 1 ? argv[1] : dir ? shared : DEFAULT_CORPUS;
    int passes = argc > 2 ? atoi(argv[2]) : 3;
    na_article **arts = NULL;
    long n = load(path, &arts);
    if (n < 0) {
        printf("bench_enrich: %s: not found, skipping\n", path);
        return 0;
    }
    char err[512];
    na_enricher *e = na_enricher_new(err, sizeof err);
    if (!e) {
        fprintf(stderr, "bench_enrich: %s\n", err);
        return 1;
    }
    size_t bytes = 0, quotes = 0, people = 0, quantities = 0;
    for (long i = 0; i < n; i++)
        bytes += na_article_text_size(arts[i]);
    int rc = 0;
    double t0 = (double)na_clock_mono_ms() / 1000.0;
    for (int pass = 0; pass < passes && !rc; pass++)
        for (long i = 0; i < n && !rc; i++)
            rc = na_enricher_run(e, arts[i]);
    double dt = (double)na_clock_mono_ms() / 1000.0 - t0;
    for (long i = 0; i < n; i++) {
        quotes += arts[i]->n_quotes;
        people += arts[i]->people.n;
        quantities += arts[i]->n_quantities;
        na_article_destroy(arts[i]);
    }
    free(arts);
    na_enricher_destroy(e);
    if (rc) {
        fprintf(stderr, "bench_enrich: %s\n", na_strerror(rc));
        return 1;
    }
    double total = (double)n * passes;
    printf("bench_enrich: %ld articles x %d passes, %.1f MB of text per pass\n", n, passes,
           (double)bytes / 1e6);
    printf("  %.0f articles/s, %.1f MB/s (%.3f s)\n", total / dt, (double)bytes * passes / 1e6 / dt,
           dt);
    printf("  per pass: %zu quotes, %zu people, %zu quantities\n", quotes, people, quantities);
    return 0;
}
