/*
 * The consumer's fallback sentences (events without sentence spans) are the producer's: a
 * sentence-proximity rule fires on an article without spans exactly as on the same article
 * with the spans the producer's splitter gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/sentences.h"
#include "rules/rules.h"

/* Keeps the first evidence snippet of the first alert in ud (a char[512]). */
static int first_snippet(na_alert *al, void *ud)
{
    char *out = ud;
    if (!out[0] && al->n_evidence && al->evidence[0].snippet)
        snprintf(out, 512, "%s", al->evidence[0].snippet);
    na_alert_destroy(al);
    return 0;
}

static na_article *article(const char *paragraph, int with_spans)
{
    na_article *a = na_article_new();
    na_article_set(&a->id, "e1");
    na_article_set(&a->headline, "H");
    na_strlist_push(&a->paragraphs, paragraph);
    if (with_spans) { /* what the producer's enrichment records */
        na_tokens tk = {0};
        na_ranges r = {0};
        assert_int_equal(na_tokenize(paragraph, strlen(paragraph), &tk), 0);
        assert_int_equal(na_sentences_split(paragraph, &tk, &r), 0);
        for (size_t i = 0; i < r.n; i++) {
            size_t start, end;
            na_range_bytes(&tk, r.v[i], &start, &end);
            assert_int_equal(na_article_add_sentence(a, (na_span){0, start, end}), 0);
        }
        na_tokens_free(&tk);
        na_ranges_free(&r);
    }
    return a;
}

/* The snippet of the alert a near-in-sentence rule on (w1, w2) raises, or "" when none. */
static void near_snippet(const char *paragraph, int with_spans, const char *w1, const char *w2,
                         char out[512])
{
    char json[512], err[512];
    snprintf(json, sizeof json,
             "{\"rules\":[{\"id\":\"t\",\"match\":{\"near\":[\"%s\",\"%s\"],\"sentence\":true}}]}",
             w1, w2);
    na_rules *r =
        na_rules_load_text("t.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    na_article *a = article(paragraph, with_spans);
    out[0] = '\0';
    assert_int_equal(na_rules_eval(r, a, first_snippet, out), NA_OK);
    na_article_destroy(a);
    na_rules_destroy(r);
}

static const struct {
    const char *text, *w1, *w2;
    int same_sentence; /* what the producer's splitter says */
} cases[] = {
    /* the old consumer splitter kept "U.S. The" and "Inc. The" together */
    {"The aid came from the U.S. The package was large.", "aid", "package", 0},
    {"Shares of Acme Inc. fell sharply. The board met.", "Acme", "board", 0},
    {"Shares of Acme Inc. The board met.", "Acme", "board", 0},
    /* and split "Jan. 5", "Fig. 2" and "etc. And" differently */
    {"Talks resumed on Jan. 5 in Geneva with envoys.", "resumed", "envoys", 1},
    {"Troops moved, as Fig. 2 shows, to the border.", "Troops", "border", 1},
    {"Mr. Ortiz met U.S. envoys in St. Louis on Tuesday.", "Ortiz", "Tuesday", 1},
    {"Antony J. Blinken denied the report.", "Antony", "report", 1},
    {"Moscow denied everything. Critics expect an invasion soon.", "denied", "invasion", 0},
    {"\xe2\x80\x9cWe will not back down,\xe2\x80\x9d he said. Troops then left.", "back", "Troops",
     0},
    {"The talks stalled... and then resumed.", "stalled", "resumed", 1},
};

static void test_fallback_agrees_with_producer(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char with[512], without[512];
        near_snippet(cases[i].text, 1, cases[i].w1, cases[i].w2, with);
        near_snippet(cases[i].text, 0, cases[i].w1, cases[i].w2, without);
        if (strcmp(with, without))
            fail_msg("case %zu \"%s\": with spans \"%s\", fallback \"%s\"", i, cases[i].text, with,
                     without);
        if ((with[0] != '\0') != cases[i].same_sentence)
            fail_msg("case %zu \"%s\": same sentence %d expected", i, cases[i].text,
                     cases[i].same_sentence);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_agrees_with_producer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
