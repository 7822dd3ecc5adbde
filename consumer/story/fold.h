/*
 * The story fold (docs/stories.md): per story (the event's story id, set by the producer), the
 * alerts it raised within a horizon. The first alert of a rule on a story is new; a later copy
 * of the story raising the same rule at no higher severity is an update of that alert, sent
 * when the story's last message is old enough, else folded (counted, listed in the next update).
 * One owner per story: the producer keys records by story id, so one consumer sees every copy.
 */
#ifndef NEWSALERT_CONSUMER_STORY_FOLD_H
#define NEWSALERT_CONSUMER_STORY_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "rules/alert.h"

typedef struct na_story_fold na_story_fold;

enum na_story_outcome {
    NA_STORY_NEW,    /* send as an alert of its own */
    NA_STORY_UPDATE, /* send as an update: al->story_update_of, story_copies, story_outlets set */
    NA_STORY_FOLDED  /* not sent: counted into its story, listed in the story's next update */
};

typedef struct na_story_counts {
    uint64_t new_alerts, updates, folded;
    uint64_t held; /* stories held now: dropped a horizon after they began, as the table fills */
} na_story_counts;

/* Default horizon (event time) and the least time between two messages of one story. */
#define NA_STORY_FOLD_HORIZON_MS (48LL * 3600 * 1000)
#define NA_STORY_FOLD_UPDATE_EVERY_MS (3600LL * 1000)

/* horizon_ms > 0; update_every_ms >= 0 (0: every copy is an update). NULL: no memory. */
na_story_fold *na_story_fold_new(int64_t horizon_ms, int64_t update_every_ms);
void na_story_fold_destroy(na_story_fold *f);

/*
 * What al is, at event time time_ms (the alert's time, else the record's); an alert without a
 * story (window alerts, events from before stories) is always NEW. An UPDATE gets its story
 * fields set here. 0 or NA_ENOMEM (then *out is NEW: nothing is lost).
 */
int na_story_fold_apply(na_story_fold *f, na_alert *al, int64_t time_ms,
                        enum na_story_outcome *out);
/* The counts so far. */
na_story_counts na_story_fold_counts(const na_story_fold *f);
/* The outcome's name for logs and metrics: "new", "update", "folded". */
const char *na_story_outcome_name(enum na_story_outcome o);

#endif
