/*
 * Enrichment: what the producer adds to an article before encoding it. Sentences, quotes with
 * their speakers, entities from the gazetteer (config/gazetteer/), and quantities.
 */
#ifndef NEWSALERT_PRODUCER_ENRICH_H
#define NEWSALERT_PRODUCER_ENRICH_H

#include <stddef.h>

#include "newsalert/article.h"

typedef struct na_enricher na_enricher;

/* Loads the gazetteer through na_config_read(); NULL with errstr filled on failure. */
na_enricher *na_enricher_new(char *errstr, size_t errlen);
void na_enricher_destroy(na_enricher *e);

/* Replaces a's derived parts (sentences, quotes, entities, quantities). Returns 0 or < 0. */
int na_enricher_run(na_enricher *e, na_article *a);

#endif
