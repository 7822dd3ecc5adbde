/* Helpers the test_enrich_* tests share: one enricher per test file, articles from literals. */
#ifndef NEWSALERT_TEST_ENRICH_FIXTURE_H
#define NEWSALERT_TEST_ENRICH_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "enrich/enrich.h"
#include "newsalert/article.h"

static na_enricher *fixture_enricher;

static inline int fixture_setup(void **state)
{
    (void)state;
    char err[512] = "";
    fixture_enricher = na_enricher_new(err, sizeof err);
    if (!fixture_enricher)
        fprintf(stderr, "na_enricher_new: %s\n", err);
    return fixture_enricher ? 0 : -1;
}

static inline int fixture_teardown(void **state)
{
    (void)state;
    na_enricher_destroy(fixture_enricher);
    return 0;
}

/* An enriched article with headline h (may be NULL) and the NULL-terminated paragraphs. */
static inline na_article *enriched(const char *h, const char *const *paras)
{
    na_article *a = na_article_new();
    assert_non_null(a);
    assert_int_equal(na_article_set(&a->headline, h ? h : ""), 0);
    for (size_t i = 0; paras[i]; i++)
        assert_int_equal(na_strlist_push(&a->paragraphs, paras[i]), 0);
    assert_int_equal(na_enricher_run(fixture_enricher, a), 0);
    return a;
}

static inline na_article *enriched1(const char *paragraph)
{
    const char *paras[] = {paragraph, NULL};
    return enriched(NULL, paras);
}

/* Asserts that span s of a covers exactly the text expected. */
static inline void assert_span_text(const na_article *a, na_span s, const char *expected)
{
    assert_true(s.paragraph < a->paragraphs.n);
    const char *p = a->paragraphs.items[s.paragraph];
    assert_true(s.start <= s.end && s.end <= strlen(p));
    char buf[1024];
    size_t n = s.end - s.start;
    assert_true(n < sizeof buf);
    memcpy(buf, p + s.start, n);
    buf[n] = '\0';
    assert_string_equal(buf, expected);
}

#endif
