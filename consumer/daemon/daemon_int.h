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

typedef struct na_daemon {
    const struct na_daemon_opts *o;
    na_from from;
    na_destinations *cfg;
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
} na_daemon;

/* A consumer joined to o->group and subscribed to o->topic; NULL with a message in errstr. */
rd_kafka_t *na_daemon_consumer_new(na_daemon *d, char *errstr, size_t errlen);
/* A consumer for re-reading (assign() only, commits nothing); NULL with a message in errstr. */
rd_kafka_t *na_daemon_reader_new(na_daemon *d, char *errstr, size_t errlen);
/*
 * Before parts (positioned, offsets still unset where the group's committed offset applies)
 * are assigned: re-reads what the rules' state needs before each committed offset and feeds it
 * to o->rebuild. Bounded in time; on failure it warns and the windows start emptier.
 */
void na_daemon_rebuild(na_daemon *d, const rd_kafka_topic_partition_list_t *parts);
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
/* Pauses (1) or resumes (0) fetching on the whole assignment. */
void na_daemon_pause(na_daemon *d, int pause);

#endif
