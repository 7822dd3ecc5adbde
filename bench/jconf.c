/*
 * Reading config documents: the built-in rule pack parsed N times by the old path (jansson +
 * the JSON position scanner, the baseline), by jconf as JSON, and by jconf's YAML reader (the
 * same text: JSON is YAML's flow style). Prints ms per pass (best of 7 interleaved rounds) and
 * the ratios, same run.   bench_jconf [PASSES]   (default 200)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "newsalert/embedded.h"
#include "newsalert/jconf.h"
#include "newsalert/json_pos.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct text {
    const char *name, *s;
    size_t len;
};

static double baseline(const struct text *t, size_t n, int passes)
{
    double t0 = now_ms();
    for (int p = 0; p < passes; p++)
        for (size_t i = 0; i < n; i++) {
            json_error_t jerr;
            json_t *root = json_loadb(t[i].s, t[i].len, JSON_REJECT_DUPLICATES, &jerr);
            na_jpos *pos = na_jpos_scan(t[i].s, t[i].len);
            if (!root || !pos)
                abort();
            na_jpos_destroy(pos);
            json_decref(root);
        }
    return (now_ms() - t0) / passes;
}

static double with_jconf(const struct text *t, size_t n, int passes, const char *suffix)
{
    char name[256], err[1024];
    double t0 = now_ms();
    for (int p = 0; p < passes; p++)
        for (size_t i = 0; i < n; i++) {
            snprintf(name, sizeof name, "%s%s", t[i].name, suffix);
            na_jconf *d = na_jconf_parse(t[i].s, t[i].len, name, err, sizeof err);
            if (!d) {
                fprintf(stderr, "%s\n", err);
                abort();
            }
            na_jconf_destroy(d);
        }
    return (now_ms() - t0) / passes;
}

int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 200;
    struct text t[32];
    size_t n = 0, bytes = 0;
    const char *name;
    for (size_t k = 0; (name = na_embedded_name(k)) && n < 32; k++)
        if (!strncmp(name, "rules/", 6)) {
            t[n].name = name;
            t[n].s = na_embedded_get(name, &t[n].len);
            bytes += t[n++].len;
        }
    /* Rounds interleaved, the best of each kept: a shared machine's noise only adds time. */
    double base = 1e9, json = 1e9, yaml = 1e9;
    for (int r = 0; r < 7; r++) {
        double b = baseline(t, n, passes), j = with_jconf(t, n, passes, ""),
               y = with_jconf(t, n, passes, ".yaml");
        base = b < base ? b : base;
        json = j < json ? j : json;
        yaml = y < yaml ? y : yaml;
    }
    printf("rule pack: %zu files, %zu bytes, best of 7 rounds of %d passes\n", n, bytes, passes);
    printf("baseline (jansson + na_jpos_scan): %.3f ms/pass\n", base);
    printf("jconf JSON:                        %.3f ms/pass (%.2fx baseline)\n", json, json / base);
    printf("jconf YAML (libfyaml):             %.3f ms/pass (%.2fx baseline)\n", yaml, yaml / base);
    return 0;
}
