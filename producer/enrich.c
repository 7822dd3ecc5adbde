/* Placeholder until the enrichment modules land: no derived parts yet. */
#include "enrich.h"

#include <stdlib.h>

#include "newsalert/error.h"

struct na_enricher {
    int unused;
};

na_enricher *na_enricher_new(char *errstr, size_t errlen)
{
    (void)errstr;
    (void)errlen;
    return calloc(1, sizeof(na_enricher));
}

void na_enricher_destroy(na_enricher *e)
{
    free(e);
}

int na_enricher_run(na_enricher *e, na_article *a)
{
    (void)e;
    na_article_clear_derived(a);
    return NA_OK;
}
