/*
 * The Kafka edge both binaries share: every librdkafka client (consumer, rebuild reader,
 * dead-letter producer, producer sink) builds its conf here, logs through one callback and
 * lists its properties with one printer.
 */
#ifndef NEWSALERT_KAFKA_H
#define NEWSALERT_KAFKA_H

#include <stddef.h>
#include <stdio.h>

#include <librdkafka/rdkafka.h>

/* One property the client fixes before the user's -X ones. */
typedef struct na_kafka_prop {
    const char *key, *value;
} na_kafka_prop;

/*
 * Sets one property: "topic.KEY" on the default topic config (kcat's prefix); any other key on
 * the global config when it defines KEY, else on the default topic config ("acks"). Not kcat's
 * topic-first order: the topic config also takes "enable.auto.commit", as the alias of its
 * legacy "auto.commit.enable", which the group consumer ignores. 0, or NA_EINVAL with
 * "KEY: reason".
 */
int na_kafka_conf_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *errstr,
                      size_t errlen);

/*
 * A new conf (caller owns it, librdkafka's rd_kafka_new takes it): the n_fixed defaults, then
 * each "key=value" of props (-X) in order, so -X overrides a default, each as na_kafka_conf_set;
 * the log callback is na_kafka_log. NULL with errstr
 * "-X key: reason" (or "-X key=value: expected key=value").
 */
rd_kafka_conf_t *na_kafka_conf_new(const na_kafka_prop *fixed, size_t n_fixed,
                                   const char *const *props, size_t n_props, char *errstr,
                                   size_t errlen);

/* The newsalert log level for a librdkafka (syslog) level: 0-3 error, 4 warn, 5-6 info, 7 debug. */
int na_kafka_log_level(int syslog_level);

/* The librdkafka log callback of every client: "kafka" lines naming the client and facility. */
void na_kafka_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf);

/*
 * Creates topic compacted (cleanup.policy=compact, plus the n_configs "key", "value" pairs of
 * configs), with the broker's default partitions and replication, through rk's admin API;
 * waits up to timeout_ms. 0 created, 1 it already existed, or NA_EKAFKA with errstr.
 */
int na_kafka_create_compacted(rd_kafka_t *rk, const char *topic, const char *const *configs,
                              size_t n_configs, int timeout_ms, char *errstr, size_t errlen);

/*
 * Closes a consumer. A subscribed one leaves its group first and serves the rebalance until
 * nothing is assigned (at most timeout_ms), then closes: librdkafka 2.0.2 can hang in
 * rd_kafka_consumer_close when a cooperative assignment arrives while it closes (librdkafka
 * #4527, fixed in 2.4). Records polled meanwhile are dropped uncommitted.
 */
void na_kafka_consumer_close(rd_kafka_t *rk, int timeout_ms);

/* librdkafka's property table, for -X list. */
void na_kafka_props_list(FILE *f);

#endif
