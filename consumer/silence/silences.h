/*
 * The set of silences a consumer knows: the latest record of each id read from the silences
 * topic (or a file of such records), and the question asked at send time: is this alert, for
 * this destination, silenced now?
 */
#ifndef NEWSALERT_CONSUMER_SILENCES_H
#define NEWSALERT_CONSUMER_SILENCES_H

#include <stddef.h>
#include <stdint.h>

#include "silence/silence.h"

typedef struct na_silences na_silences;

na_silences *na_silences_new(void);
void na_silences_destroy(na_silences *set);

/* Puts s (taken over) in the set, replacing the silence with its id. 0 or NA_ENOMEM (s freed). */
int na_silences_put(na_silences *set, na_silence *s);
/* Removes the silence with this id (a tombstone); 1 when there was one, else 0. */
int na_silences_remove(na_silences *set, const char *id);

/*
 * Applies one record of the silences topic: value NULL (a tombstone) removes key, else the
 * record is parsed and put. 0, or NA_EINVAL with "WHERE: reason" in err (the set unchanged).
 */
int na_silences_apply(na_silences *set, const char *key, const char *value, size_t len,
                      const char *where, char *err, size_t errlen);

/*
 * Reads a file of records, one JSON silence a line (what "silence list --json" prints); blank
 * lines are skipped. 0, or NA_EIO / NA_EINVAL with "PATH:LINE: reason" in err.
 */
int na_silences_load_file(na_silences *set, const char *path, char *err, size_t errlen);

/* The first silence in force at now_ms whose matchers hold for al sent to destination
 * (borrowed, valid until the set changes), or NULL. */
const na_silence *na_silences_match(const na_silences *set, const na_alert *al,
                                    const char *destination, int64_t now_ms);

/*
 * Whether silences in force at now_ms mute al for every destination its rule names (none
 * named: the destination ""): the number of those destinations, with the silence that mutes
 * each in by[] (borrowed), or 0 when one of them is not muted (or there are more than cap).
 */
size_t na_silences_mutes(const na_silences *set, const na_alert *al, int64_t now_ms,
                         const na_silence **by, size_t cap);

/* How many silences the set holds; the i-th of them, ordered by id (borrowed). */
size_t na_silences_count(const na_silences *set);
const na_silence *na_silences_at(const na_silences *set, size_t i);
/* How many are in force at now_ms. */
size_t na_silences_active(const na_silences *set, int64_t now_ms);

#endif
