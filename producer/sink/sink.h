/*
 * Sinks: where encoded events go (Kafka, or stdout for --dry-run). A sink counts what it was
 * given, what arrived and what failed, so the producer can say whether anything was lost.
 */
#ifndef NEWSALERT_PRODUCER_SINK_H
#define NEWSALERT_PRODUCER_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "newsalert/article.h"

typedef struct na_sink_stats {
    uint64_t produced;  /* accepted by the sink */
    uint64_t delivered; /* confirmed: acknowledged by Kafka, or written to stdout */
    uint64_t failed;    /* refused, or not confirmed */
} na_sink_stats;

typedef struct na_sink na_sink;

struct na_sink_ops {
    int (*send)(na_sink *s, const char *key, char *value, size_t len, int64_t ts_ms);
    void (*poll)(na_sink *s);
    int (*flush)(na_sink *s, int timeout_ms);
    void (*destroy)(na_sink *s);
};

/* The part every sink starts with. */
struct na_sink {
    const struct na_sink_ops *ops;
    na_sink_stats stats;
    int fatal; /* the sink cannot go on (fatal Kafka error, broken stdout) */
};

/*
 * Sends one event keyed by key; takes ownership of value (malloc'd) in every case. ts_ms is the
 * record time (Unix ms), or -1 for "now". Returns 0 once the sink accepted it, else < 0
 * (counted as failed and logged).
 */
int na_sink_send(na_sink *s, const char *key, char *value, size_t len, int64_t ts_ms);
/* Serves delivery reports without waiting: call it on every pass of the producing loop. */
void na_sink_poll(na_sink *s);
/* Waits up to timeout_ms for every event to be confirmed; what is not is counted as failed. */
int na_sink_flush(na_sink *s, int timeout_ms);
void na_sink_destroy(na_sink *s);

/* One event per line on f (not closed by the sink). */
na_sink *na_sink_stdout_new(FILE *f, char *errstr, size_t errlen);

typedef struct na_kafka_opts {
    const char *brokers;
    const char *topic;
    const na_strlist *props; /* "key=value" librdkafka properties, applied after the defaults */
    int connect_timeout_ms;  /* how long to wait for the brokers at start */
    int debug;               /* also turn on librdkafka's own debug contexts */
} na_kafka_opts;

/*
 * Connects a Kafka sink: idempotent producer, key = article id, value = the event, header
 * content-type, record time = published time. Returns 0 with *out set; NA_EINVAL when a property
 * is refused (errstr names it); NA_EKAFKA when the brokers cannot be reached.
 */
int na_sink_kafka_new(const na_kafka_opts *o, na_sink **out, char *errstr, size_t errlen);
/* Checks the properties without connecting: 0, or NA_EINVAL with errstr naming the key. */
int na_sink_kafka_check(const na_kafka_opts *o, char *errstr, size_t errlen);

#endif
