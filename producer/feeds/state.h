/*
 * What the feed poller remembers across polls and restarts: per feed URL its HTTP validators
 * (ETag, Last-Modified) and the ids of the items already published, each with when it was last
 * in the feed: ids are forgotten by age, never while the feed still lists them.
 * Saved as JSON, atomically (temp file, fsync, rename).
 */
#ifndef NEWSALERT_PRODUCER_FEED_STATE_H
#define NEWSALERT_PRODUCER_FEED_STATE_H

#include <stddef.h>
#include <stdint.h>

/* Ids not in the feed for this long are forgotten (an item back after that is new again). */
#define NA_FEED_STATE_MAX_AGE_MS (30LL * 24 * 3600 * 1000)
/* Per feed, against a feed that invents new ids every poll: beyond it the oldest go first. */
#define NA_FEED_STATE_HARD_MAX 200000

typedef struct na_feed_state na_feed_state;

/* max_age_ms bounds how long an id is kept after it was last seen (0: the default above). */
na_feed_state *na_feed_state_new(int64_t max_age_ms);
void na_feed_state_destroy(na_feed_state *s);

/* Loads path (a missing file is an empty state). Returns 0 or < 0 with "path: ..." in errstr. */
int na_feed_state_load(na_feed_state *s, const char *path, char *errstr, size_t errlen);
/* Writes path atomically, creating its folder. Returns 0 or < 0 with errstr filled. */
int na_feed_state_save(const na_feed_state *s, const char *path, char *errstr, size_t errlen);

int na_feed_state_seen(const na_feed_state *s, const char *url, const char *id);
/* 1 when id was seen for url, which then counts as seen at now_ms (still in the feed); else 0. */
int na_feed_state_touch(na_feed_state *s, const char *url, const char *id, int64_t now_ms);
/* Remembers id as published for url at now_ms. Returns 0 or < 0. */
int na_feed_state_mark(na_feed_state *s, const char *url, const char *id, int64_t now_ms);
/* Forgets the ids of url last seen before now_ms - max age (and the oldest beyond the hard max). */
int na_feed_state_prune(na_feed_state *s, const char *url, int64_t now_ms);
size_t na_feed_state_count(const na_feed_state *s, const char *url);

/* The stored validators for url, or NULL. */
const char *na_feed_state_etag(const na_feed_state *s, const char *url);
const char *na_feed_state_last_modified(const na_feed_state *s, const char *url);
/* Replaces both validators (NULL clears one). Returns 0 or < 0. */
int na_feed_state_set_validators(na_feed_state *s, const char *url, const char *etag,
                                 const char *last_modified);

/* $XDG_STATE_HOME/newsalert/feeds.json, else ~/.local/state/newsalert/feeds.json. */
int na_feed_state_default_path(char *buf, size_t n);

#endif
