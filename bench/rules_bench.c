/*
 * Times the consumer's stages over a file of events held in memory: decoding alone (jansson
 * parse, and parse into the article model), matching + rule logic alone, and the whole offline
 * consumer (decode + rules + alert JSON out). Prints one JSON object of figures.
 *
 * compile_s is loading the rules with compiling; cached_load_s the same load reading the
 * compiled database from a rules cache filled just before (rules/dbcache.c).
 *
 * usage: bench_rules_bench RULES|default EVENTS.jsonl [REPEAT]
 * With NA_BENCH_ONLY=rules it times matching + rules alone, REPEAT times (for perf record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

#include <jansson.h>

#include "newsalert/config.h"
#include "newsalert/event.h"
#include "rules/rules.h"
#include "rules/rules_state.h"

struct lines {
    char **p;
    size_t *len;
    size_t n;
    size_t bytes;
};

/* Removes folder dir and the files in it. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && snprintf(path, sizeof path, "%s/%s", dir, e->d_name) > 0)
            unlink(path);
    if (d)
        closedir(d);
    rmdir(dir);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: other processes share the cores */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int split_lines(char *buf, size_t len, struct lines *l)
{
    size_t cap = 1024;
    l->p = malloc(cap * sizeof *l->p);
    l->len = malloc(cap * sizeof *l->len);
    for (char *s = buf; l->p && l->len && s < buf + len;) {
        char *e = memchr(s, '\n', (size_t)(buf + len - s));
        if (!e)
            e = buf + len;
        if (e > s) {
            if (l->n == cap) {
                cap *= 2;
                char **np = realloc(l->p, cap * sizeof *np);
                size_t *nl = realloc(l->len, cap * sizeof *nl);
                if (!np || !nl)
                    return -1;
                l->p = np;
                l->len = nl;
            }
            l->p[l->n] = s;
            l->len[l->n++] = (size_t)(e - s);
            l->bytes += (size_t)(e - s) + 1;
        }
        s = e + 1;
    }
    return l->p && l->len ? 0 : -1;
}

static int count_alert(na_alert *al, void *ud)
{
    (*(size_t *)ud)++;
    na_alert_destroy(al);
    return 0;
}

struct out {
    FILE *f;
    size_t n;
};

static int write_alert(na_alert *al, void *ud)
{
    struct out *o = ud;
    na_alert_write_line(al, o->f);
    na_alert_destroy(al);
    o->n++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES EVENTS.jsonl [REPEAT]\n", argv[0]);
        return 2;
    }
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    char err[1024];
    size_t len;
    double t0 = now();
    na_rules *r = na_rules_load(strcmp(argv[1], "default") ? argv[1] : NULL, err, sizeof err);
    double t_compile = now() - t0;
    /* The same load through the rules cache (--rules-cache): once to fill it, once reading. */
    char cache[] = "/tmp/na-bench-cache-XXXXXX";
    double t_cached = -1;
    if (mkdtemp(cache) && !na_rules_set_cache_dir(cache)) {
        na_rules_destroy(
            na_rules_load(strcmp(argv[1], "default") ? argv[1] : NULL, err, sizeof err));
        t0 = now();
        na_rules *again =
            na_rules_load(strcmp(argv[1], "default") ? argv[1] : NULL, err, sizeof err);
        t_cached = again ? now() - t0 : -1;
        na_rules_destroy(again);
        na_rules_set_cache_dir(NULL);
        remove_dir(cache);
    }
    char *buf = na_file_read(argv[2], 0, &len, err, sizeof err);
    struct lines l = {0};
    if (!r || !buf || split_lines(buf, len, &l)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    na_article **arts = calloc(l.n, sizeof *arts);
    size_t text = 0, alerts = 0, n_ok = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!na_event_decode(l.p[i], l.len[i], &arts[i], err, sizeof err)) {
            text += na_article_text_size(arts[i]);
            n_ok++;
        }

    if (getenv("NA_BENCH_ONLY") && !strcmp(getenv("NA_BENCH_ONLY"), "rules")) {
        double best = 1e9;
        for (int k = 0; k < repeat; k++) {
            alerts = 0;
            t0 = now();
            for (size_t i = 0; i < l.n; i++)
                if (arts[i])
                    na_rules_eval(r, arts[i], count_alert, &alerts);
            double t = now() - t0;
            best = t < best ? t : best;
        }
        printf("{\"alerts\": %zu, \"rules_s\": %.4f, \"rules_text_mb_per_s\": %.1f}\n", alerts,
               best, (double)text / 1e6 / best);
        repeat = 0;
    }
    double best_parse = 1e9, best_decode = 1e9, best_scan = 1e9, best_rules = 1e9, best_all = 1e9;
    for (int k = 0; k < repeat; k++) {
        t0 = now();
        for (size_t i = 0; i < l.n; i++) {
            json_error_t je;
            json_decref(json_loadb(l.p[i], l.len[i], 0, &je));
        }
        double t = now() - t0;
        best_parse = t < best_parse ? t : best_parse;

        t0 = now();
        for (size_t i = 0; i < l.n; i++) {
            na_article *a;
            if (!na_event_decode(l.p[i], l.len[i], &a, err, sizeof err))
                na_article_destroy(a);
        }
        t = now() - t0;
        best_decode = t < best_decode ? t : best_decode;

        t0 = now();
        for (size_t i = 0; i < l.n; i++)
            if (arts[i])
                na_rules_scan(r, r->st, arts[i]);
        t = now() - t0;
        best_scan = t < best_scan ? t : best_scan;

        alerts = 0;
        t0 = now();
        for (size_t i = 0; i < l.n; i++)
            if (arts[i])
                na_rules_eval(r, arts[i], count_alert, &alerts);
        t = now() - t0;
        best_rules = t < best_rules ? t : best_rules;

        struct out o = {fopen("/dev/null", "w"), 0};
        t0 = now();
        for (size_t i = 0; i < l.n; i++) {
            na_article *a;
            if (na_event_decode(l.p[i], l.len[i], &a, err, sizeof err))
                continue;
            na_rules_eval(r, a, write_alert, &o);
            na_article_destroy(a);
        }
        fflush(o.f);
        t = now() - t0;
        fclose(o.f);
        best_all = t < best_all ? t : best_all;
    }
    printf("{\"events\": %zu, \"event_bytes\": %zu, \"text_bytes\": %zu, \"rules\": %zu, "
           "\"alerts\": %zu, \"compile_s\": %.3f, \"cached_load_s\": %.3f, "
           "\"jansson_parse_s\": %.4f, "
           "\"decode_s\": %.4f, \"scan_s\": %.4f, \"rules_s\": %.4f, \"consumer_s\": %.4f, "
           "\"rules_articles_per_s\": %.0f, \"rules_text_mb_per_s\": %.1f}\n",
           n_ok, l.bytes, text, na_rules_count(r), alerts, t_compile, t_cached, best_parse,
           best_decode, best_scan, best_rules, best_all, (double)n_ok / best_rules,
           (double)text / 1e6 / best_rules);
    for (size_t i = 0; i < l.n; i++)
        na_article_destroy(arts[i]);
    free(arts);
    free(l.p);
    free(l.len);
    free(buf);
    na_rules_destroy(r);
    return 0;
}
