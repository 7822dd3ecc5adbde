/*
 * What the feed poller remembers across polls and restarts: per feed URL its HTTP validators
 * (ETag, Last-Modified) and the ids of the items already published, oldest dropped first.
 * Saved as JSON, atomically (temp file, fsync, rename).
 */
#ifndef NEWSALERT_PRODUCER_FEED_STATE_H
#define NEWSALERT_PRODUCER_FEED_STATE_H

#include <stddef.h>

#define NA_FEED_STATE_MAX_SEEN 5000

typedef struct na_feed_state na_feed_state;

/* max_seen bounds the ids kept per feed (0 = NA_FEED_STATE_MAX_SEEN). */
na_feed_state *na_feed_state_new(size_t max_seen);
void na_feed_state_destroy(na_feed_state *s);

/* Loads path (a missing file is an empty state). Returns 0 or < 0 with "path: ..." in errstr. */
int na_feed_state_load(na_feed_state *s, const char *path, char *errstr, size_t errlen);
/* Writes path atomically, creating its folder. Returns 0 or < 0 with errstr filled. */
int na_feed_state_save(const na_feed_state *s, const char *path, char *errstr, size_t errlen);

int na_feed_state_seen(const na_feed_state *s, const char *url, const char *id);
/* Remembers id as published for url (dropping the oldest beyond the bound). Returns 0 or < 0. */
int na_feed_state_mark(na_feed_state *s, const char *url, const char *id);
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
