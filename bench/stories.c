/*
 * bench_stories: the C part of bench/stories (docs/stories.md).
 *   bench_stories pairs SHARED MAXDIST      candidate pairs (ref ref distance) at most MAXDIST
 *                                           apart, for labelling; refs are corpus:ID, stream:LINE
 *   bench_stories score SHARED LABELS       precision and recall of the grouping per distance
 *                                           threshold on labelled pairs, and the signature's
 *                                           cost against a baseline (copying the same text)
 * Articles are read from SHARED at run time; no text is written anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <zlib.h>

#include "enrich/enrich.h"
#include "newsalert/event.h"
#include "newsalert/story.h"

struct item {
    char ref[96];
    char *headline, *lead;
    uint64_t sig;
    int64_t time_ms; /* -1: undated */
};

struct set {
    struct item *v;
    size_t n, cap;
};

static char *dup_or_null(json_t *v)
{
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

/* Reuters-21578 dates: "3-APR-1987 11:05:48.05"; the others are ISO 8601. */
static int64_t parse_date(const char *d)
{
    static const char *const mon[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    int day, year, h, mi, sec;
    char m[4];
    if (d && sscanf(d, "%d-%3s-%d %d:%d:%d", &day, m, &year, &h, &mi, &sec) == 6)
        for (int i = 0; i < 12; i++)
            if (!strcmp(m, mon[i])) {
                char iso[40];
                snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, i + 1, day, h, mi,
                         sec);
                return na_time_parse(iso);
            }
    return d ? na_time_parse(d) : -1;
}

static int push(struct set *s, const char *ref, json_t *headline, json_t *lead, json_t *date)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        struct item *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    struct item *it = &s->v[s->n++];
    snprintf(it->ref, sizeof it->ref, "%s", ref);
    it->headline = dup_or_null(headline);
    it->lead = dup_or_null(lead);
    it->sig = na_story_simhash(it->headline, it->lead);
    it->time_ms = parse_date(json_string_value(date));
    return 0;
}

/* Reads one gzip JSON Lines file: corpus (id, headline, paragraphs[0]) or stream (title,
 * description; ref = line number). */
static int load(struct set *s, const char *path, int stream)
{
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    static char line[1 << 22];
    size_t no = 0;
    while (gzgets(f, line, sizeof line)) {
        no++;
        json_t *o = json_loads(line, 0, NULL);
        if (!o)
            continue;
        char ref[96];
        if (stream) {
            snprintf(ref, sizeof ref, "stream:%zu", no);
            push(s, ref, json_object_get(o, "title"), json_object_get(o, "description"),
                 json_object_get(o, "published"));
        } else {
            snprintf(ref, sizeof ref, "corpus:%s", json_string_value(json_object_get(o, "id")));
            push(s, ref, json_object_get(o, "headline"),
                 json_array_get(json_object_get(o, "paragraphs"), 0), json_object_get(o, "date"));
        }
        json_decref(o);
    }
    gzclose(f);
    return 0;
}

static int load_shared(struct set *s, const char *shared)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/corpus/articles.jsonl.gz", shared);
    if (load(s, p, 0))
        return -1;
    snprintf(p, sizeof p, "%s/stream/feed-items-2022-04-08.jsonl.gz", shared);
    return load(s, p, 1);
}

static int pairs(struct set *s, int maxd)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = i + 1; j < s->n; j++) {
            int d = na_story_distance(s->v[i].sig, s->v[j].sig);
            if (d <= maxd)
                printf("%s\t%s\t%d\n", s->v[i].ref, s->v[j].ref, d);
        }
    return 0;
}

static const struct item *find(const struct set *s, const char *ref)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].ref, ref))
            return &s->v[i];
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ns per article of the signature against a baseline measured in the same run: the producer's
 * enrichment (sentences, quotes, entities, quantities) of the same headline and lead. */
static void cost(const struct set *s)
{
    size_t n = s->n < 5000 ? s->n : 5000;
    char err[256];
    na_enricher *en = na_enricher_new(err, sizeof err);
    na_article **arts = calloc(n, sizeof *arts);
    if (!en || !arts) {
        fprintf(stderr, "enrichment: %s\n", en ? "out of memory" : err);
        free(arts);
        na_enricher_destroy(en);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        arts[i] = na_article_new();
        na_article_set(&arts[i]->headline, s->v[i].headline ? s->v[i].headline : "");
        if (s->v[i].lead)
            na_strlist_push(&arts[i]->paragraphs, s->v[i].lead);
    }
    volatile uint64_t sink = 0;
    double t0 = now_s();
    for (size_t i = 0; i < n; i++)
        sink += (uint64_t)na_enricher_run(en, arts[i]);
    double t1 = now_s();
    for (int r = 0; r < 3; r++)
        for (size_t i = 0; i < n; i++)
            sink += na_story_article_simhash(arts[i]);
    double t2 = now_s();
    printf("cost per article over %zu headlines+leads: baseline (enrichment) %.0f ns, "
           "signature %.0f ns (%.1f%% of it)\n",
           n, (t1 - t0) / (double)n * 1e9, (t2 - t1) / (3.0 * (double)n) * 1e9,
           100.0 * ((t2 - t1) / 3.0) / (t1 - t0));
    for (size_t i = 0; i < n; i++)
        na_article_destroy(arts[i]);
    free(arts);
    na_enricher_destroy(en);
}

static int score(struct set *s, const char *labels)
{
    FILE *f = fopen(labels, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", labels);
        return 1;
    }
    enum { MAXD = 32 };
    size_t tp[MAXD + 1] = {0}, fp[MAXD + 1] = {0}, same = 0, diff = 0, lineno = 0, missing = 0;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char a[96], b[96], label[32];
        if (sscanf(line, "%95[^\t]\t%95[^\t]\t%31[^\t\n]", a, b, label) != 3) {
            fprintf(stderr, "%s:%zu: expected ref, ref, label\n", labels, lineno);
            fclose(f);
            return 1;
        }
        const struct item *x = find(s, a), *y = find(s, b);
        if (!x || !y) {
            fprintf(stderr, "%s:%zu: %s not in the shared data\n", labels, lineno, x ? b : a);
            missing++;
            continue;
        }
        int is_same = !strcmp(label, "same");
        is_same ? same++ : diff++;
        int d = na_story_distance(x->sig, y->sig);
        int64_t dt = x->time_ms - y->time_ms;
        if (x->time_ms >= 0 && y->time_ms >= 0 &&
            (dt > NA_STORY_HORIZON_MS || -dt > NA_STORY_HORIZON_MS))
            d = MAXD + 1; /* beyond the horizon: never one story */
        for (int t = d; t <= MAXD; t++)
            is_same ? tp[t]++ : fp[t]++;
    }
    fclose(f);
    printf("labelled pairs: %zu same-story, %zu different-story (%zu missing)\n", same, diff,
           missing);
    printf("%-10s %10s %10s %6s %6s\n", "threshold", "precision", "recall", "tp", "fp");
    for (int t = 0; t <= 16; t++) {
        double p = tp[t] + fp[t] ? (double)tp[t] / (double)(tp[t] + fp[t]) : 1.0;
        double r = same ? (double)tp[t] / (double)same : 0.0;
        printf("%-10d %10.3f %10.3f %6zu %6zu%s\n", t, p, r, tp[t], fp[t],
               t == NA_STORY_MAX_DISTANCE ? "   <- NA_STORY_MAX_DISTANCE" : "");
    }
    cost(s);
    size_t d = NA_STORY_MAX_DISTANCE;
    double p = tp[d] + fp[d] ? (double)tp[d] / (double)(tp[d] + fp[d]) : 1.0;
    return p >= 0.95 ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_stories pairs SHARED MAXDIST | score SHARED LABELS\n");
        return 2;
    }
    struct set s = {0};
    if (load_shared(&s, argv[2]))
        return 77;
    if (!strcmp(argv[1], "pairs"))
        return pairs(&s, atoi(argv[3]));
    if (!strcmp(argv[1], "score"))
        return score(&s, argv[3]);
    return 2;
}
