/* Private to the daemon: its state, shared by the loop (daemon.c) and the Kafka side. */
#ifndef NEWSALERT_CONSUMER_DAEMON_INT_H
#define NEWSALERT_CONSUMER_DAEMON_INT_H

#include <librdkafka/rdkafka.h>

#include "daemon/daemon.h"
#include "delivery/delivery.h"
#include "config/destinations.h"
#include "daemon/dlq.h"
#include "daemon/offsets.h"
#include "daemon/position.h"
#include "newsalert/event.h"
#include "silence/reader.h"

typedef struct na_daemon {
    const struct na_daemon_opts *o;
    na_from from;
    const na_destinations *cfg; /* o->destinations, or what a reload read (cfg_owned) */
    na_destinations *cfg_owned;
    na_delivery *dl;
    na_dlq *dlq;
    na_offsets *offsets;
    rd_kafka_t *rk;
    rd_kafka_topic_partition_list_t *assigned; /* current assignment (NULL: none) */
    unsigned char *at_end;                     /* by partition: reached the end, nothing new */
    size_t n_at_end;
    unsigned char *positioned; /* by partition: --from already applied once */
    size_t n_positioned;
    int paused, failed;
    int64_t last_poll_ms;
    na_offsets_rec *cur; /* the record being evaluated */
    int64_t cur_ts;      /* its Kafka timestamp (the producer's CreateTime), -1: none */
    int64_t *replay_to;  /* by partition (replay): records below it are re-read, emit 0 */
    size_t n_replay_to;
    unsigned long records, alerts, delivered, dead, poison;
    unsigned long story_updates, folded; /* alerts sent as story updates; folded, not sent */
    int brokers_up;                      /* from the last statistics; -1 before any */
    int64_t paused_since_ms;             /* when the backlog paused fetching, 0 when not paused */
    struct na_rule_count {
        char *rule;
        unsigned long n;
    } * rule_counts; /* alerts per rule, for the summary */
    size_t n_rule_counts, cap_rule_counts;
    int64_t started_ms, progress_ms; /* the progress line on a terminal: last shown */
    void *eval_ctx;                  /* the rule set in force (o->eval_ctx until a reload) */
    unsigned long generation;        /* 1, then one more per accepted reload */
    int64_t horizon_ms;              /* the rule set's rebuild horizon (o's until a reload) */
    na_event_decoder *dec;           /* every record's event, decoded in one reused arena */
    unsigned parts;                  /* the NA_EVENT_* parts the rule set in force reads */
    struct na_ahead *ahead;          /* decodes a batch's events ahead (NULL: in the loop) */
    unsigned long rebalances;        /* rebalance callbacks so far: a batch's polling stops */
    unsigned char *revoked;          /* by partition: revoked while the batch was taken */
    size_t n_revoked;
    struct na_retired {
        na_delivery *dl;
        na_destinations *cfg; /* NULL: the caller's, not ours to free */
    } * retired;              /* engines replaced by a reload, still delivering */
    size_t n_retired, cap_retired;
    /* The retry topic (retry.c): alerts parked while their destination's queue is full. */
    na_dlq *park;    /* its producer */
    rd_kafka_t *rrk; /* its consumer, group "GROUP.retry" */
    char retry_group[256];
    char retry_topic[256]; /* the config's at start: a reload does not change it */
    na_offsets *roffsets;  /* its records, settled like the main ones */
    rd_kafka_topic_partition_list_t *rassigned; /* its assignment (NULL: none) */
    int64_t *rat_end; /* by partition: the end offset last reached, -1 since a record came */
    size_t n_rat_end;
    int64_t retry_idle_until; /* nothing could be taken back: read again after this */
    int64_t retry_checked_ms; /* when the retry topic's end was last asked of the broker */
    unsigned long parked, unparked, evicted;
    int64_t last_evict_ms;
    na_silences *silences; /* silences.c: what the silences topic holds (NULL: none read) */
    na_silence_reader *silence_reader;
    unsigned long silenced; /* alert deliveries muted */
    /* Routing (routing.c): inhibition state and the alerts held for digests. */
    struct na_router *router;
    struct na_digest *digest;
    unsigned long inhibited, below_min, digests;
    /* The one wait (loop.c): librdkafka writes to wake_fd when a record reaches the empty
     * consumer queue cq; the engine's curl_multi_poll watches it with the HTTP sockets. */
    int wake_fd;
    rd_kafka_queue_t *cq;
    unsigned long turns; /* loop turns, one wait each */
} na_daemon;

/* A consumer joined to o->group and subscribed to o->topic; NULL with a message in errstr. */
rd_kafka_t *na_daemon_consumer_new(na_daemon *d, char *errstr, size_t errlen);
/* A consumer for re-reading (assign() only, commits nothing); NULL with a message in errstr. */
rd_kafka_t *na_daemon_reader_new(na_daemon *d, char *errstr, size_t errlen);
/* The retry topic's consumer (group d->retry_group, rebalances by na_daemon_retry_rebalance). */
rd_kafka_t *na_daemon_retry_consumer_new(na_daemon *d, char *errstr, size_t errlen);
void na_daemon_retry_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t *parts, void *opaque);

/* Creates the retry topic (compacted) when missing, its producer and consumer; 0 or -1. */
int na_daemon_retry_setup(na_daemon *d, char *errstr, size_t errlen);
/* Parks al for destination in the retry topic; d->cur keeps a reference until it is written. */
int na_daemon_park(na_daemon *d, const na_alert *al, const char *destination, int64_t since_ms);
/* Parks a delivery the engine handed back (EVICTED), or submits it again when that fails. */
int na_daemon_park_evicted(na_daemon *d, const na_delivery_result *res);
/* Takes parked alerts back into the engine where their destination has room. */
void na_daemon_retry_pass(na_daemon *d);
/* A delivery that came from the retry topic is settled: a tombstone clears its key. */
void na_daemon_retry_settled(na_daemon *d, const na_delivery_result *r);
/* 1 when the retry topic is read to its end and nothing taken from it or parked is open. */
int na_daemon_retry_idle(na_daemon *d);
/* Commits what is settled and leaves the retry group; frees the retry side (again: no-op). */
void na_daemon_retry_close(na_daemon *d);
/* Drops one reference of r, storing the offset of its topic (main or retry) when it moved. */
void na_daemon_release(na_daemon *d, na_offsets_rec *r);
/* Stores next_offset for partition p of the retry topic. */
void na_daemon_retry_store(na_daemon *d, int32_t p, int64_t next_offset);
/*
 * Before parts (positioned, offsets still unset where the group's committed offset applies)
 * are assigned: re-reads what the rules' state needs before each committed offset and feeds it
 * to o->rebuild. Bounded in time; on failure it warns and the windows start emptier.
 */
void na_daemon_rebuild(na_daemon *d, const rd_kafka_topic_partition_list_t *parts);
/* After a reload: the same for the new rule set, up to each partition's next offset (a
 * replay stage: na_daemon_replay_to). */
void na_daemon_rebuild_to(na_daemon *d, const rd_kafka_topic_partition_list_t *next);
/* 1 when every assigned partition has reached its end. */
int na_daemon_all_at_end(const na_daemon *d);
/* Marks partition p as at its end (1) or not (0). */
void na_daemon_set_at_end(na_daemon *d, int32_t p, int at_end);
#define NA_PAST_UNTIL 2
/* 1 when m's partition has passed --until (m is at or after it, or an earlier record was). */
int na_daemon_past_until(na_daemon *d, const rd_kafka_message_t *m);
/* Stores next_offset for partition p (the offset the group resumes from). */
void na_daemon_store(na_daemon *d, int32_t p, int64_t next_offset);
/*
 * Replay (o->replay): 1 when m is before its partition's committed offset, after feeding it to
 * o->record with emit 0 (the caller skips it); else 0.
 */
int na_daemon_replaying(na_daemon *d, const rd_kafka_message_t *m);
/* Replay after a reload: each partition of next is reset and read again from its start, with
 * emit 0 up to its offset in next (where the old rule set went on from). */
void na_daemon_replay_to(na_daemon *d, const rd_kafka_topic_partition_list_t *next);
/* Pauses (1) or resumes (0) fetching on the whole assignment. */
void na_daemon_pause(na_daemon *d, int pause);

/* loop.c: submits al to destination name, or parks it when that one's queue is full. */
void na_daemon_submit(na_daemon *d, const na_alert *al, const char *name);
/* na_daemon_submit unless a silence mutes al at name. */
void na_daemon_send_to(na_daemon *d, const na_alert *al, const char *name);
/* loop.c: al cannot be sent to dest: a dead letter (attempts 0) under record r. */
void na_daemon_undeliverable(na_daemon *d, na_offsets_rec *r, const na_alert *al, const char *dest,
                             const char *why);
/* routing.c: the router and digests of d->cfg; 0 or NA_ENOMEM. */
int na_daemon_routing_setup(na_daemon *d);
/* Frees them; alerts still held are dropped (their records stay uncommitted). */
void na_daemon_routing_close(na_daemon *d);
/* Sends every digest held now (shutdown, before a reload swaps the config). */
void na_daemon_routing_flush(na_daemon *d);
/* Sends the digests whose time has come. */
void na_daemon_routing_tick(na_daemon *d);
size_t na_daemon_routing_held(const na_daemon *d);
/* Once per alert: 1 when an inhibit rule mutes it (counted), else 0 (and al may inhibit). */
int na_daemon_route_inhibited(na_daemon *d, const na_alert *al);
/* al to destination name: sent, held for a digest, or not (below its min_severity). */
void na_daemon_route(na_daemon *d, const na_alert *al, const char *name);

/* observe.c: metrics and readiness. */
void na_daemon_observe_outcome(const na_delivery_result *res, const na_offsets_rec *r);
void na_daemon_observe_poison(const char *reason);
int na_daemon_on_stats(rd_kafka_t *rk, char *json, size_t len, void *opaque);
/* Once per pass: the assignment gauge, readiness for /readyz, the progress line. */
void na_daemon_observe_pass(na_daemon *d);
/* reload.c: SIGHUP. Loads, compiles and swaps in a new rule set and destinations, or keeps the
 * old ones and logs why. */
void na_daemon_reload(na_daemon *d, na_delivery_cb on_outcome);
/* Drives the retired engines (drains them until drain_until_ms when > 0), frees finished ones. */
void na_daemon_retire_drive(na_daemon *d, int64_t drain_until_ms);
size_t na_daemon_retired_pending(const na_daemon *d);
/* watch.c: --watch (inotify on the rules and config paths). */
typedef struct na_watch na_watch;
na_watch *na_watch_new(const char *const *paths, size_t n, char *errstr, size_t errlen);
/* 1 when a watched file changed and has been quiet since for a moment: time to reload. */
int na_watch_due(na_watch *w, int64_t now_ms);
void na_watch_destroy(na_watch *w);
/* Waits up to o->connect_timeout_ms for a broker to answer; 0, or -1 with errstr. */
int na_daemon_wait_for_brokers(na_daemon *d, char *errstr, size_t errlen);
/* silences.c: the silences topic read to its end (0, or -1 with err), polled every pass. */
int na_daemon_silences_setup(na_daemon *d, char *err, size_t errlen);
void na_daemon_silences_poll(na_daemon *d);
/* 1 when a silence in force mutes al for destination (NULL: a dry run): counted, logged and
 * reported; the caller sends nothing, so its record settles. */
int na_daemon_silenced(na_daemon *d, const na_alert *al, const char *destination);
void na_daemon_silences_close(na_daemon *d);
/* Counts an alert of rule for the summary. */
void na_daemon_count_rule(na_daemon *d, const char *rule);
/* Prints the one-line summary at exit (unless -q) and frees the per-rule counts. */
void na_daemon_summary(na_daemon *d);

#endif
