/*
 * Silences (docs/silences.md): Alertmanager's vocabulary over alert labels. A silence is an id,
 * matchers (rule=sanctions, severity!=critical, outlet=~"reuters|ap"), a time range
 * [startsAt, endsAt), who made it and why. It is one JSON record of the compacted topic
 * news.alerts.silences, keyed by its id; a later record with the same id replaces it (expire:
 * endsAt = now), a tombstone removes it. An alert is silenced for one destination when a
 * silence in force at that time has every matcher true of its labels.
 */
#ifndef NEWSALERT_CONSUMER_SILENCE_H
#define NEWSALERT_CONSUMER_SILENCE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/alert.h"

/* The labels a matcher may name, in the order of na_silence_label_names(). */
enum na_silence_label {
    NA_SL_RULE,
    NA_SL_SEVERITY,
    NA_SL_DESTINATION,
    NA_SL_OUTLET,
    NA_SL_PLACE, /* "" until alerts carry their places */
    NA_SL_STORY, /* the event's story id (docs/stories.md); "" for window alerts */
    NA_SL__COUNT
};

/* The label names, NA_SL__COUNT of them ("rule", "severity", ...). */
const char *const *na_silence_label_names(void);

/* One alert's label values for one destination (borrowed from the alert; "" when absent). */
typedef struct na_silence_labels {
    const char *v[NA_SL__COUNT];
} na_silence_labels;

void na_silence_labels_of(const na_alert *al, const char *destination, na_silence_labels *out);

typedef struct na_silence_matcher {
    enum na_silence_label label;
    int equal;    /* "=" "=~": 1; "!=" "!~": 0 */
    int is_regex; /* "=~" "!~": value is a POSIX extended regex matched against the whole value */
    char *value;
    regex_t re; /* compiled when is_regex */
} na_silence_matcher;

typedef struct na_silence {
    char *id;
    na_silence_matcher *matchers;
    size_t n_matchers;
    int64_t starts_ms, ends_ms, updated_ms; /* Unix ms; in force over [starts, ends) */
    char *created_by, *comment;
} na_silence;

/*
 * Parses "label=value", "label!=value", "label=~regex" or "label!~regex" into m (freed with
 * na_silence_matcher_free). 0, or NA_EINVAL with err naming the text and what was expected.
 */
int na_silence_matcher_parse(const char *text, na_silence_matcher *m, char *err, size_t errlen);
void na_silence_matcher_free(na_silence_matcher *m);
/* 1 when m holds for labels. */
int na_silence_matcher_test(const na_silence_matcher *m, const na_silence_labels *labels);

/* A silence with no matchers and the given id (copied); NULL when out of memory. */
na_silence *na_silence_new(const char *id);
void na_silence_destroy(na_silence *s);
/* Appends a matcher (taken over: do not free m after). 0 or NA_ENOMEM. */
int na_silence_add_matcher(na_silence *s, na_silence_matcher *m);

/* 1 when s is in force at now_ms: starts_ms <= now_ms < ends_ms. */
int na_silence_active(const na_silence *s, int64_t now_ms);
/* 1 when every matcher of s holds for labels (a silence without matchers matches nothing). */
int na_silence_matches(const na_silence *s, const na_silence_labels *labels);

/*
 * The record's JSON, Alertmanager's silence form: {"id", "matchers": [{"name", "value",
 * "isRegex", "isEqual"}], "startsAt", "endsAt", "updatedAt", "createdBy", "comment"}; a new
 * string (NULL: out of memory).
 */
char *na_silence_dumps(const na_silence *s);
/*
 * Parses one record (buf need not be NUL-terminated); where names it in err ("topic [2] @17",
 * "file.jsonl:3"). A new silence, or NULL with "WHERE: reason" in err.
 */
na_silence *na_silence_parse(const char *buf, size_t len, const char *where, char *err,
                             size_t errlen);

/* A new random silence id (UUID version 4 text) into buf (>= 37 bytes); 0 or NA_EIO. */
int na_silence_new_id(char *buf, size_t n);

#endif
