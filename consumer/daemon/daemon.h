/*
 * The consumer daemon: a Kafka consumer-group member that runs rules over every event and
 * delivers the alerts at least once (docs/delivery.md). An offset is stored only when every
 * alert its record raised was delivered or written to the dead-letter topic.
 */
#ifndef NEWSALERT_CONSUMER_DAEMON_H
#define NEWSALERT_CONSUMER_DAEMON_H

#include <stddef.h>
#include <stdio.h>

#include "config/destinations.h"
#include "rules/alert.h"
#include "newsalert/article.h"
#include "modes/report.h"
#include "config/destinations.h"

/* The rule engine as the daemon sees it: na_rules_eval with its loaded na_rules as ctx. */
typedef int (*na_daemon_eval_fn)(void *ctx, const na_article *a, int (*cb)(na_alert *al, void *ud),
                                 void *ud);

/* The rule engine in rebuild mode (na_rules_eval_ex with emit 0): state changes, no alert. */
typedef int (*na_daemon_rebuild_fn)(void *ctx, const na_article *a);

/*
 * A record handler replacing the article decoding (the window stage reads matches): emit 0
 * while re-reading records before the group's committed offset (state only, cb unused).
 * 0, or a negative code (the record becomes a dead letter).
 */
typedef int (*na_daemon_record_fn)(void *ctx, const char *payload, size_t len, int32_t partition,
                                   int64_t offset, int emit, int (*cb)(na_alert *al, void *ud),
                                   void *ud);

struct na_daemon;

struct na_daemon_opts {
    const char *brokers, *topic, *group;
    const na_destinations *destinations; /* parsed config (borrowed; required unless dry_run) */
    const char *from; /* --from: stored (default), beginning, end, N, -N, s@MS, time */
    int exit_at_end;  /* stop once every assigned partition is at its end, all settled */
    int dry_run;      /* alerts as JSON lines on out; nothing sent, nothing committed */
    const char *const *kafka_props; /* librdkafka "key=value" (-X), for consumer and producer */
    size_t n_kafka_props;
    size_t max_record_bytes; /* larger records are dead letters; 0: NA_EVENT_MAX_SIZE */
    na_daemon_eval_fn eval;
    void *eval_ctx;
    FILE *out;                    /* dry-run output, stdout when NULL */
    int64_t until_ms;             /* --until: a partition stops at its first record at or after it
                                     (record timestamp = published time), or at its end; 0: none */
    const char *destination;      /* --destination: every alert goes to this one instead */
    na_report *report;            /* --report: fed every event and alert when non-NULL */
    na_daemon_rebuild_fn rebuild; /* rebuilds window state on assignment; NULL: never */
    int64_t rebuild_horizon_ms;   /* event time re-read before a committed offset; 0: none */
    unsigned long max_records;    /* testing: take no record after this many (0: no limit) */
    /* The stages (docs/stream-rules.md); all NULL/0 for a plain daemon. */
    na_daemon_record_fn record; /* instead of decoding articles (eval unused) */
    void *record_ctx;
    void (*tick)(void *ctx, struct na_daemon *d); /* after every pass */
    void *tick_ctx;
    /* Replay (window stage): an assigned partition is read from its start, records before the
     * committed offset through record with emit 0; reset is called on assignment and revocation
     * with the partition, so its state starts empty. */
    int replay;
    void (*reset)(void *ctx, int32_t partition);
    void *reset_ctx;
    int connect_timeout_ms; /* brokers unreachable this long at start: exit 3; 0: 10 s */
    /* SIGHUP: loads the rules and destinations again, with the loader of the start; 0 with a
     * new rule set (*rules, freed by free_rules) and *cfg (NULL without -c), or nonzero with
     * the errors logged. NULL: SIGHUP is ignored. */
    int (*reload)(void *reload_ctx, void **rules, na_destinations **cfg);
    /* The window stage's reload (stages.c): the same, but a set for the window stage alone
     * (na_rules_load_windows: no automaton to compile). NULL: reload. */
    int (*reload_windows)(void *reload_ctx, void **rules, na_destinations **cfg);
    void (*free_rules)(void *rules);
    int64_t (*rules_horizon)(void *rules); /* a reloaded set's rebuild horizon; NULL: 0 */
    unsigned (*event_parts)(void *rules);  /* NA_EVENT_* parts eval reads; NULL: all */
    const char *const *watch_paths;        /* --watch: a change of these reloads, as SIGHUP does */
    struct na_story_fold *stories; /* folds later copies of a story (story/fold.h); NULL: none.
                                      Only alerts with a story reach it (not window alerts). */
    size_t n_watch_paths;
    void *reload_ctx;
    /* Set: SIGHUP is another stage's; this one reloads when *reload_asked becomes nonzero
     * (that stage reloaded), then clears it. */
    volatile int *reload_asked;
    const char *silences_topic; /* silences read and applied at send time (NULL: none) */
};

/* The na_daemon_eval_fn for the rule engine: set o.eval to it and o.eval_ctx to a na_rules. */
int na_daemon_rules_eval(void *rules, const na_article *a, int (*cb)(na_alert *al, void *ud),
                         void *ud);

/* The na_daemon_rebuild_fn for the rule engine (ctx: a na_rules). */
int na_daemon_rules_rebuild(void *rules, const na_article *a);

/* Makes every running na_daemon_run return as on SIGTERM (another stage of the process ended). */
void na_daemon_request_stop(void);
/* The free_rules and rules_horizon hooks for the rule engine. */
void na_daemon_rules_free(void *rules);
int64_t na_daemon_rules_horizon(void *rules);
/* The event_parts hook for the rule engine: na_rules_event_parts. */
unsigned na_daemon_rules_parts(void *rules);

/* Runs until SIGINT/SIGTERM (or the end, with exit_at_end); returns the exit code (0 clean,
 * 1 when something could not be settled, 2 for bad options or config). */
int na_daemon_run(const struct na_daemon_opts *o);

#endif
