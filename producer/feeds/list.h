/*
 * The --feeds list: one feed URL per line, optionally followed by "interval=SECONDS"; blank
 * lines and '#' comments are ignored.
 *
 *     # outlets we watch
 *     https://news.example/rss.xml
 *     https://wire.example/atom.xml   interval=60
 */
#ifndef NEWSALERT_PRODUCER_FEED_LIST_H
#define NEWSALERT_PRODUCER_FEED_LIST_H

#include <stddef.h>

/* Called per feed; interval is 0 when the line gives none. Returns 0 or < 0 to stop. */
typedef int (*na_feed_list_fn)(const char *url, double interval, void *ud);

/* Reads the list at path. Returns 0, or < 0 with "path:line: message" in errstr. */
int na_feed_list_read(const char *path, na_feed_list_fn add, void *ud, char *errstr, size_t errlen);
/* Same, over text already in memory; name labels errors. */
int na_feed_list_parse(const char *text, size_t len, const char *name, na_feed_list_fn add,
                       void *ud, char *errstr, size_t errlen);

/* "300", "90s", "5m", "1h" to seconds (> 0). Returns 0 or NA_EINVAL. */
int na_feed_interval_parse(const char *s, double *out);

#endif
