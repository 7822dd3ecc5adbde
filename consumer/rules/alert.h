/* An alert: what a rule raised for one event, on its way to dry-run output or to destinations. */
#ifndef NEWSALERT_ALERT_H
#define NEWSALERT_ALERT_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <jansson.h>

#include "newsalert/article.h"

typedef struct na_evidence {
    char *field;       /* "headline", "standfirst", "body", "quotes", "entities", "quantities" */
    size_t paragraph;  /* for "body" and "quotes": index into paragraphs */
    size_t start, end; /* byte offsets of the match in that field's text (paragraph for body) */
    char *term;        /* the rule term that matched */
    char *snippet;     /* the sentence (proximity rules) or the matched words, at most
                          NA_ALERT_SNIPPET_MAX bytes */
} na_evidence;

/* Bytes kept of one snippet, cut at a code point and ended with "…" (start and end still give
 * the whole span): a 1.4 MB run-on sentence must not be copied into every alert, dead letter
 * and report. Payloads cut further (NA_FORMAT_SNIPPET_MAX code points). */
#define NA_ALERT_SNIPPET_MAX 2000

typedef struct na_alert {
    char *id; /* stable: the same rule on the same event always gives the same id */
    char *rule_id;
    char *description;
    char *severity; /* "info", "warning", "critical" */
    char *event_id;
    char *url; /* may be NULL */
    char *headline;
    char *outlet;    /* may be NULL */
    int64_t time_ms; /* the event's published time, or -1 */
    double score;
    char *group_key;     /* stream rules: the key the window was kept for, else NULL */
    size_t window_count; /* stream rules: events in the window; 0: not a window alert */
    int64_t window_start, window_end; /* stream rules: the window (start, end], Unix ms */
    na_evidence *evidence;
    size_t n_evidence, cap_evidence;
    na_strlist destinations; /* destination names from the rule; empty: the config's defaults */
    char *story; /* the event's story id (docs/stories.md), NULL: none (window alerts) */
    /* Set by the story fold (consumer/story/fold.h) when this alert is an update of an earlier
     * alert of its story: that alert's id, the copies seen so far (the first included) and
     * the outlets that carried them. */
    char *story_update_of;
    size_t story_copies;
    na_strlist story_outlets;
    int story_outcome; /* enum na_story_outcome: 0 new (also: not folded), 1 update, 2 folded */
} na_alert;

na_alert *na_alert_new(void);
void na_alert_destroy(na_alert *al);
/* Copies field, term and snippet (cut to NA_ALERT_SNIPPET_MAX bytes). */
int na_alert_add_evidence(na_alert *al, const char *field, size_t paragraph, size_t start,
                          size_t end, const char *term, const char *snippet);
/* A deep copy of al (every field), NULL when out of memory: what a queued delivery or a held
 * digest keeps after the caller destroys al. */
na_alert *na_alert_copy(const na_alert *al);
/* Sets al->id from rule_id, event_id and group_key (hex of SHA-256, "al_" prefix). */
int na_alert_make_id(na_alert *al);
/* The alert's "story" object (al->story must be set): {"id"} and, for an update, "update_of",
 * "copies", "outlets". A new reference. */
json_t *na_alert_story_json(const na_alert *al);
/* The alert as a new JSON object (the "generic" payload and the dry-run line). */
json_t *na_alert_to_json(const na_alert *al);
/* The alert's one serialised form: na_alert_to_json as compact JSON text, malloc'd (NULL: out
 * of memory). Dry-run lines, the delivery's copy and dead letters all use it. */
char *na_alert_dumps(const na_alert *al);
/* Writes json (a new reference, consumed) to f as one line in that form; 0 or a negative code. */
int na_json_write_line(json_t *json, FILE *f);
/* Writes the alert and a newline to f (a dry-run line); 0 or a negative code. */
int na_alert_write_line(const na_alert *al, FILE *f);

#endif
