/*
 * Enrichment runs on the producer's hot path: each paragraph is tokenized once into buffers the
 * enricher keeps, and every extractor works on those tokens.
 */
#include "enrich/enrich.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/entities.h"
#include "newsalert/error.h"
#include "enrich/quantities.h"
#include "enrich/quotes.h"
#include "newsalert/sentences.h"
#include "newsalert/tokens.h"

struct na_enricher {
    na_gazetteer *gazetteer;
    na_quoter *quoter;
    na_tokens tokens;
    na_ranges sentences;
};

na_enricher *na_enricher_new(char *errstr, size_t errlen)
{
    na_enricher *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(errstr, errlen, "enricher: out of memory");
        return NULL;
    }
    e->gazetteer = na_gazetteer_load(errstr, errlen);
    if (!e->gazetteer) {
        na_enricher_destroy(e);
        return NULL;
    }
    e->quoter = na_quoter_new(e->gazetteer);
    if (!e->quoter) {
        snprintf(errstr, errlen, "enricher: out of memory");
        na_enricher_destroy(e);
        return NULL;
    }
    return e;
}

void na_enricher_destroy(na_enricher *e)
{
    if (!e)
        return;
    na_gazetteer_destroy(e->gazetteer);
    na_quoter_destroy(e->quoter);
    na_tokens_free(&e->tokens);
    na_ranges_free(&e->sentences);
    free(e);
}

static int entities_of(na_enricher *e, const char *text, na_article *a)
{
    if (!text)
        return NA_OK;
    int rc = na_tokenize(text, strlen(text), &e->tokens);
    return rc ? rc : na_gazetteer_scan(e->gazetteer, text, &e->tokens, a);
}

static int paragraph(na_enricher *e, na_article *a, size_t p)
{
    const char *text = a->paragraphs.items[p];
    int rc = na_tokenize(text, strlen(text), &e->tokens);
    if (!rc)
        rc = na_sentences_split(text, &e->tokens, &e->sentences);
    for (size_t k = 0; !rc && k < e->sentences.n; k++) {
        size_t start, end;
        na_range_bytes(&e->tokens, e->sentences.v[k], &start, &end);
        rc = na_article_add_sentence(a, (na_span){p, start, end});
    }
    if (!rc)
        rc = na_quotes_paragraph(e->quoter, a, p, text, &e->tokens, &e->sentences);
    if (!rc)
        rc = na_gazetteer_scan(e->gazetteer, text, &e->tokens, a);
    if (!rc)
        rc = na_quantities_scan(a, p, text, &e->tokens);
    return rc;
}

int na_enricher_run(na_enricher *e, na_article *a)
{
    na_article_clear_derived(a);
    na_gazetteer_begin(e->gazetteer);
    na_quoter_begin(e->quoter);
    int rc = entities_of(e, a->headline, a);
    if (!rc && a->headline) /* "Russia masses 100,000 troops": the headline's own figures */
        rc = na_quantities_scan(a, NA_SPAN_HEADLINE, a->headline, &e->tokens);
    if (!rc)
        rc = entities_of(e, a->standfirst, a);
    for (size_t p = 0; !rc && p < a->paragraphs.n; p++)
        rc = paragraph(e, a, p);
    return rc;
}
