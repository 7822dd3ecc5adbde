/*
 * What the consumer's fallback sentences cost and whether they agree with the producer's: the
 * default rule pack over corpus articles carrying the producer's sentence spans (the baseline)
 * and over the same articles without spans (the consumer splits them itself). Prints one JSON
 * object: events, alerts and CPU time for both (best of REPEAT interleaved passes), and whether
 * every alert not from a window rule is the same.
 *
 * usage: bench_sentences [ARTICLES.jsonl.gz] [REPEAT]   (default: $NA_SHARED/corpus/...)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zlib.h>

#include "newsalert/sentences.h"
#include "rules/rules.h"

#define MAX_LINE (4u << 20)

static double cpu_s(void)
{
    return (double)clock() / CLOCKS_PER_SEC; /* CPU time: other processes share the cores */
}

/* Adds the producer's sentence spans of every paragraph to a. */
static int add_spans(na_article *a, na_tokens *tk, na_ranges *r)
{
    for (size_t p = 0; p < a->paragraphs.n; p++) {
        const char *t = a->paragraphs.items[p];
        if (na_tokenize(t, strlen(t), tk) || na_sentences_split(t, tk, r))
            return -1;
        for (size_t k = 0; k < r->n; k++) {
            size_t s, e;
            na_range_bytes(tk, r->v[k], &s, &e);
            if (na_article_add_sentence(a, (na_span){p, s, e}))
                return -1;
        }
    }
    return 0;
}

/* The article of one corpus line (id, headline, paragraphs), or NULL. */
static na_article *article_of(const char *line)
{
    json_t *j = json_loads(line, 0, NULL);
    const char *id = json_string_value(json_object_get(j, "id"));
    const char *h = json_string_value(json_object_get(j, "headline"));
    na_article *a = id && h ? na_article_new() : NULL;
    if (a) {
        na_article_set(&a->id, id);
        na_article_set(&a->headline, h);
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(j, "paragraphs"), i, v)
        {
            if (json_is_string(v))
                na_strlist_push(&a->paragraphs, json_string_value(v));
        }
    }
    json_decref(j);
    return a;
}

struct run {
    char **lines;
    size_t n, cap;
};

static int keep_line(na_alert *al, void *ud)
{
    struct run *r = ud;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->lines = realloc(r->lines, r->cap * sizeof *r->lines);
    }
    r->lines[r->n++] = na_alert_dumps(al);
    na_alert_destroy(al);
    return 0;
}

/* Alert lines of windows, stamped with the clock when events carry no time, are not compared. */
static int is_window(const char *line)
{
    return strstr(line, "\"window\":") != NULL;
}

static int count(na_alert *al, void *ud)
{
    (*(size_t *)ud)++;
    na_alert_destroy(al);
    return 0;
}

/* CPU seconds of one pass of the rules over arts; *alerts gets the count. */
static double time_eval(na_rules *r, na_article **arts, size_t n, size_t *alerts)
{
    *alerts = 0;
    double t0 = cpu_s();
    for (size_t i = 0; i < n; i++)
        na_rules_eval(r, arts[i], count, alerts);
    return cpu_s() - t0;
}

int main(int argc, char **argv)
{
    char path[4096], err[1024];
    const char *shared = getenv("NA_SHARED");
    snprintf(path, sizeof path, "%s/corpus/articles.jsonl.gz", shared ? shared : "../shared");
    const char *in = argc > 1 ? argv[1] : path;
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    gzFile f = gzopen(in, "rb");
    na_rules *r = na_rules_load(NULL, err, sizeof err);
    if (!f || !r) {
        fprintf(stderr, "%s\n", f ? err : in);
        return 1;
    }
    char *line = malloc(MAX_LINE);
    size_t n = 0, cap = 1024;
    na_article **with = malloc(cap * sizeof *with), **without = malloc(cap * sizeof *without);
    na_tokens tk = {0};
    na_ranges rg = {0};
    double t_split = 0;
    while (gzgets(f, line, MAX_LINE)) {
        na_article *a = article_of(line), *b = article_of(line);
        if (!a || !b) {
            na_article_destroy(a);
            na_article_destroy(b);
            continue;
        }
        double t0 = cpu_s();
        if (add_spans(a, &tk, &rg))
            return 1;
        t_split += cpu_s() - t0;
        if (n == cap) {
            cap *= 2;
            with = realloc(with, cap * sizeof *with);
            without = realloc(without, cap * sizeof *without);
        }
        with[n] = a;
        without[n++] = b;
    }
    gzclose(f);

    /* Each side on its own rules: window rules keep state across events. */
    struct run ra = {0}, rb = {0};
    na_rules *r2 = na_rules_load(NULL, err, sizeof err);
    if (!r2)
        return 1;
    for (size_t i = 0; i < n; i++)
        na_rules_eval(r, with[i], keep_line, &ra);
    for (size_t i = 0; i < n; i++)
        na_rules_eval(r2, without[i], keep_line, &rb);
    size_t same = 0, compared = 0, ka = 0, kb = 0;
    for (;;) { /* the non-window alerts of both sides, in order */
        while (ka < ra.n && is_window(ra.lines[ka]))
            ka++;
        while (kb < rb.n && is_window(rb.lines[kb]))
            kb++;
        if (ka == ra.n || kb == rb.n)
            break;
        compared++;
        same += !strcmp(ra.lines[ka++], rb.lines[kb++]);
    }
    int agree = same == compared && ka == ra.n && kb == rb.n;
    double t_with = 1e9, t_without = 1e9;
    size_t alerts_with = 0, alerts_without = 0;
    for (int k = 0; k < repeat; k++) { /* interleaved, so both see the same load */
        double t = time_eval(r, with, n, &alerts_with);
        t_with = t < t_with ? t : t_with;
        t = time_eval(r2, without, n, &alerts_without);
        t_without = t < t_without ? t : t_without;
    }
    printf("{\"events\": %zu, \"split_all_paragraphs_s\": %.3f,\n"
           " \"baseline_with_spans\": {\"alerts\": %zu, \"cpu_s\": %.3f, \"us_per_event\": %.1f},\n"
           " \"fallback_no_spans\": {\"alerts\": %zu, \"cpu_s\": %.3f, \"us_per_event\": %.1f},\n"
           " \"fallback_over_baseline\": %.3f, \"non_window_alerts_compared\": %zu, "
           "\"identical\": %zu, \"agree\": %s}\n",
           n, t_split, alerts_with, t_with, n ? t_with * 1e6 / (double)n : 0, alerts_without,
           t_without, n ? t_without * 1e6 / (double)n : 0, t_with > 0 ? t_without / t_with : 0,
           compared, same, agree ? "true" : "false");
    for (size_t i = 0; i < n; i++) {
        na_article_destroy(with[i]);
        na_article_destroy(without[i]);
    }
    for (size_t i = 0; i < ra.n; i++)
        free(ra.lines[i]);
    for (size_t i = 0; i < rb.n; i++)
        free(rb.lines[i]);
    free(ra.lines);
    free(rb.lines);
    free(with);
    free(without);
    free(line);
    na_tokens_free(&tk);
    na_ranges_free(&rg);
    na_rules_destroy(r);
    na_rules_destroy(r2);
    return agree ? 0 : 3;
}
