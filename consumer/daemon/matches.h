/*
 * The two stages of window rules on Kafka (docs/stream-rules.md): the match stage writes each
 * window rule's match to the matches topic keyed by rule and group, with watermarks per source
 * partition to every partition of it; the window stage reads it back, orders by event time and
 * raises the window alerts. Both hook into na_daemon_run (daemon.h).
 */
#ifndef NEWSALERT_CONSUMER_MATCHES_H
#define NEWSALERT_CONSUMER_MATCHES_H

#include "daemon/daemon.h"
#include "rules/rules.h"

typedef struct na_matches na_matches;
typedef struct na_windows na_windows;

/*
 * The match stage over o's articles: r's window rules send their matches to topic (created
 * with as many partitions as o->topic when missing). Sets o->eval, o->tick and their contexts;
 * r stays the caller's. NULL with a message in errstr.
 */
na_matches *na_matches_new(struct na_daemon_opts *o, na_rules *r, const char *topic, char *errstr,
                           size_t errlen);
/* Creates topic (as many partitions as o->topic) unless it exists: before a window stage
 * subscribes, which would otherwise see it only at its next metadata refresh. 0 or -1. */
int na_matches_topic_ensure(const struct na_daemon_opts *o, const char *topic, char *errstr,
                            size_t errlen);
/* A reloaded rule set (borrowed) takes over: its window rules send their matches here. */
void na_matches_set_rules(na_matches *mx, na_rules *r);
/* Waits for what is still being written (10 s at most), then frees. */
void na_matches_destroy(na_matches *mx);

/* The window stage: sets o->record, o->replay, o->reset, o->tick and contexts for r. */
na_windows *na_windows_new(struct na_daemon_opts *o, na_rules *r);
/* A reloaded rule set (borrowed) takes over: the caller then re-reads every assigned partition
 * (na_daemon_rebuild_to), whose reset empties the old set's state. */
void na_windows_set_rules(na_windows *w, na_rules *r);
/* With exit_at_end: the window stage ends only once *upstream_done is set (the match stage of
 * this process finished) and every partition is read to its end. */
void na_windows_wait_for(na_windows *w, const volatile int *upstream_done);
void na_windows_destroy(na_windows *w);

#define NA_DEFAULT_GROUP "newsalert"

/* The matches topic of group over an articles topic: "x.articles" (or "x") -> "x.matches"
 * for the default group, "x.matches.GROUP" for any other. */
void na_matches_topic(const char *articles, const char *group, char *out, size_t n);

/* Runs the stage(s) (stage: "all", "match" or "window") of o, a daemon over articles topic
 * o->topic: "all" runs the window stage in a thread of its own, with its own rules wr and
 * group "<group>.windows". Returns the exit code as na_daemon_run. */
int na_daemon_run_stages(const struct na_daemon_opts *o, const char *stage, na_rules *r,
                         na_rules *wr);

#endif
