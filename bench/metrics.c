/*
 * What metrics and log redaction cost on the hot path, against a baseline measured in the same
 * run: a counter increment with metrics disabled (the default without --metrics-addr) and with
 * them on (unlabelled, and labelled by one of 100 rule ids, as rule_matches_total is), the
 * exposition of those series; redacting a log line (with and without a URL) against copying it.
 *
 *   bench_metrics [N]      N operations per case (default 2000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsalert/metrics.h"
#include "newsalert/redact.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, double secs, long n, double base)
{
    double ns = secs * 1e9 / (double)n;
    printf("%-46s %8.1f ns/op", what, ns);
    if (base > 0)
        printf("   (%+.1f ns over the baseline)", ns - base);
    printf("\n");
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    char ids[100][32];
    for (int i = 0; i < 100; i++)
        snprintf(ids[i], sizeof ids[i], "rule-%02d-watch", i);

    double t = now_s();
    for (long i = 0; i < n; i++)
        na_metrics_inc(NA_M_C_RULE_MATCHES, ids[i % 100], NULL);
    double base = (now_s() - t) * 1e9 / (double)n;
    report("baseline: counter, metrics disabled", base * (double)n / 1e9, n, 0);

    na_metrics_enable(NA_METRICS_CONSUMER);
    t = now_s();
    for (long i = 0; i < n; i++)
        na_metrics_inc(NA_M_C_RECORDS, NULL, NULL);
    report("counter, unlabelled", now_s() - t, n, base);
    t = now_s();
    for (long i = 0; i < n; i++)
        na_metrics_inc(NA_M_C_RULE_MATCHES, ids[i % 100], NULL);
    report("counter, 1 label of 100 series", now_s() - t, n, base);
    t = now_s();
    for (long i = 0; i < n; i++)
        na_metrics_observe(NA_M_C_DELIVERY_LATENCY, "slack", (double)(i % 1000) / 100);
    report("histogram observation, 14 buckets", now_s() - t, n, base);
    long renders = n / 1000 > 10 ? n / 1000 : 10;
    size_t len = 0;
    t = now_s();
    for (long i = 0; i < renders; i++)
        free(na_metrics_render(&len));
    report("render /metrics (one scrape)", now_s() - t, renders, 0);
    printf("%-46s %8zu bytes\n", "  its size", len);

    const char *plain = "alert al_3beca05cd30afafc508b90682e9b7f20 to \"bad\": dead letter: HTTP "
                        "500; gave up after 2 attempts (max_attempts) on partition 3 offset 1234";
    const char *url = "feed https://user:pw@news.example.org/feeds/2b7f40a9bb8fcd7c7ca/rss.xml"
                      "?apikey=abc123def456&page=2: HTTP 503; next poll in 600 s (retry-after)";
    char out[1024];
    size_t sink = 0;
    t = now_s();
    for (long i = 0; i < n; i++) {
        memcpy(out, plain, strlen(plain) + 1);
        sink += (unsigned char)out[i % 50];
    }
    double copy = (now_s() - t) * 1e9 / (double)n;
    report("baseline: copy a 150-byte log line", copy * (double)n / 1e9, n, 0);
    t = now_s();
    for (long i = 0; i < n; i++)
        sink += na_redact(plain, out, sizeof out);
    report("redact a 150-byte line, no URL", now_s() - t, n, copy);
    t = now_s();
    for (long i = 0; i < n; i++)
        sink += na_redact(url, out, sizeof out);
    report("redact a 150-byte line with a URL", now_s() - t, n, copy);
    printf("(checksum %zu)\n", sink);
    return 0;
}
