/*
 * Stories (docs/stories.md): a 64-bit SimHash of an article's normalised headline and lead, and
 * the producer's index of recent signatures that gives each article the id of its story (the
 * id of the story's first article). Copies of one wire story, or a feed item and the full
 * article, are near-duplicates: signatures at most NA_STORY_MAX_DISTANCE bits apart.
 */
#ifndef NEWSALERT_STORY_H
#define NEWSALERT_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "newsalert/article.h"

/* Two signatures this many differing bits apart, or fewer, are one story (measured:
 * docs/stories.md, bench/stories). */
#define NA_STORY_MAX_DISTANCE 8
/* How long a story takes copies, by event time (ms): 48 h. */
#define NA_STORY_HORIZON_MS (48LL * 3600 * 1000)
/* Words of the lead that go into a signature (the rest of the body is left out). */
#define NA_STORY_LEAD_WORDS 40

/* The SimHash of headline and lead (either may be NULL): 64 bits over the words and word
 * pairs (shingles) of the text, lower-cased, punctuation and a few stop words dropped. */
uint64_t na_story_simhash(const char *headline, const char *lead);
/* The signature of an article: its headline and its lead (the standfirst, else the first
 * paragraph). */
uint64_t na_story_article_simhash(const na_article *a);
/* The number of differing bits. */
int na_story_distance(uint64_t a, uint64_t b);

typedef struct na_story_index na_story_index;

/* A new index; max_distance < 0 and horizon_ms <= 0 take the defaults above. NULL: no memory. */
na_story_index *na_story_index_new(int max_distance, int64_t horizon_ms);
void na_story_index_destroy(na_story_index *ix);
/*
 * The story of an article with signature sig at event time time_ms: the id of the nearest
 * signature within the distance whose story began no longer than the horizon before time_ms,
 * else article_id (a new story, remembered). *story points into the index (valid until the
 * next call or destroy). *distance (may be NULL) gets the distance to the match (0 new).
 * 0 or NA_ENOMEM.
 */
int na_story_index_assign(na_story_index *ix, uint64_t sig, int64_t time_ms, const char *article_id,
                          const char **story, int *distance);
/* Stories remembered (for tests and the summary). */
size_t na_story_index_size(const na_story_index *ix);

#endif
