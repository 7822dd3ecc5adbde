/* Reading a file of events (one CloudEvent JSON a line, the producer's --dry-run output). */
#ifndef NEWSALERT_CONSUMER_EVENT_FILE_H
#define NEWSALERT_CONSUMER_EVENT_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "newsalert/article.h"

/* Called per decoded event, in file order; a negative return is reported for that line. */
typedef int (*na_event_fn)(const na_article *a, void *ud);

struct na_event_file_stats {
    size_t events, bad; /* events decoded; lines rejected (undecodable, or fn failed) */
};

/*
 * Calls fn for every event of path ("-": standard input); problems go to errf as
 * "file:line[:column]: reason" and processing goes on. Returns 0, or NA_EIO when the file
 * cannot be opened or read (reported to errf).
 */
int na_event_file_each(const char *path, FILE *errf, na_event_fn fn, void *ud,
                       struct na_event_file_stats *st);

#endif
