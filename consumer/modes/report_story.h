/* The stories part of a backtest report (report.c): alerts grouped per story (docs/stories.md). */
#ifndef NEWSALERT_CONSUMER_REPORT_STORY_H
#define NEWSALERT_CONSUMER_REPORT_STORY_H

#include <stdio.h>

#include <jansson.h>

#include "rules/alert.h"

typedef struct na_report_stories na_report_stories;

na_report_stories *na_report_stories_new(void);
void na_report_stories_destroy(na_report_stories *s);
/* Records al under its story (al->story; an alert without one is ignored) with its outcome
 * (al->story_outcome). 0 or NA_ENOMEM. Not thread-safe: the report holds its lock. */
int na_report_stories_add(na_report_stories *s, const na_alert *al);
/* {"total", "with_copies", "new", "updates", "folded", "stories": [...]}: a new reference. */
json_t *na_report_stories_json(const na_report_stories *s);
/* The page's "Stories" section; esc writes text HTML-escaped. */
void na_report_stories_html(const na_report_stories *s, FILE *f,
                            void (*esc)(FILE *f, const char *text));

#endif
