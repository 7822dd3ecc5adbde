/* The gazetteer: people, places and organizations from config/gazetteer/, found in text. */
#ifndef NEWSALERT_PRODUCER_ENTITIES_H
#define NEWSALERT_PRODUCER_ENTITIES_H

#include <stddef.h>

#include "newsalert/article.h"
#include "newsalert/tokens.h"

enum na_entity_kind { NA_ENT_PERSON, NA_ENT_PLACE, NA_ENT_ORG, NA_ENT_KINDS };

/* Not thread-safe: scanning marks entities already seen in the current article. */
typedef struct na_gazetteer na_gazetteer;

/* Loads gazetteer/{people,places,organizations}.txt through na_config_read(). */
na_gazetteer *na_gazetteer_load(char *errstr, size_t errlen);
/* Builds an empty gazetteer, then na_gazetteer_add() one file's text (origin names it in errors).
 */
na_gazetteer *na_gazetteer_new(void);
int na_gazetteer_add(na_gazetteer *g, enum na_entity_kind kind, const char *data, size_t len,
                     const char *origin, char *errstr, size_t errlen);
/* Derives surname-only keys for people; call once after the last na_gazetteer_add(). */
int na_gazetteer_finish(na_gazetteer *g);
void na_gazetteer_destroy(na_gazetteer *g);
size_t na_gazetteer_size(const na_gazetteer *g);

/* The kind of the entity spelled exactly by tokens tk[0..n) of text, or -1 when none is. */
int na_gazetteer_kind(const na_gazetteer *g, const char *text, const na_token *tk, size_t n);

/* Starts a new article: every entity counts as unseen again. */
void na_gazetteer_begin(na_gazetteer *g);
/* Appends the canonical names of entities in text (tokens tk) not yet seen to a's lists. */
int na_gazetteer_scan(na_gazetteer *g, const char *text, const na_tokens *tk, na_article *a);

#endif
