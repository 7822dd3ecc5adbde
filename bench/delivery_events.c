/*
 * Writes N synthetic articles as CloudEvents, one JSON document per line (for kcat -P), with
 * ids PREFIX-0 ... PREFIX-(N-1): the delivery tests' Kafka input.
 *
 *   bench_delivery_events N PREFIX
 */
#include <stdio.h>
#include <stdlib.h>

#include "newsalert/event.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: bench_delivery_events N PREFIX\n", stderr);
        return 2;
    }
    long n = strtol(argv[1], NULL, 10);
    char buf[256];
    for (long i = 0; i < n; i++) {
        na_article *a = na_article_new();
        snprintf(buf, sizeof buf, "%s-%ld", argv[2], i);
        na_article_set(&a->id, buf);
        snprintf(buf, sizeof buf, "Synthetic report %ld on export curbs", i);
        na_article_set(&a->headline, buf);
        snprintf(buf, sizeof buf, "https://news.example/%s/%ld", argv[2], i);
        na_article_set(&a->url, buf);
        na_article_set(&a->outlet, "Example Wire");
        a->published_ms = 1649419200000 + i * 1000;
        na_strlist_push(&a->paragraphs, "Officials met on Tuesday to discuss the measures.");
        char *json;
        size_t len;
        if (na_event_encode(a, &json, &len)) {
            na_article_destroy(a);
            return 1;
        }
        fwrite(json, 1, len, stdout);
        fputc('\n', stdout);
        free(json);
        na_article_destroy(a);
    }
    return 0;
}
