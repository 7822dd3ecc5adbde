/*
 * --redrive TOPIC: re-sends the undeliverable alerts of a dead-letter topic, each under its
 * original webhook-id (receivers deduplicate on it), to its destination or to one named.
 */
#ifndef NEWSALERT_CONSUMER_REDRIVE_H
#define NEWSALERT_CONSUMER_REDRIVE_H

#include <stddef.h>
#include <stdint.h>

struct na_redrive_opts {
    const char *brokers;
    const char *topic;       /* the dead-letter topic */
    const char *config_path; /* destinations */
    const char *destination; /* NULL: each to the destination it was dead-lettered for */
    const char *from;        /* --from: beginning (default), N, -N, s@MS or a time */
    int64_t until_ms;        /* --until: dead letters written before it only; 0: all */
    const char *const *kafka_props;
    size_t n_kafka_props;
};

/* Reads the topic to its end once and re-sends; returns the exit code (0 all delivered, 1 some
 * not, 2 bad options or config, 3 Kafka failed). Poison records are counted and skipped. */
int na_redrive_run(const struct na_redrive_opts *o);

#endif
