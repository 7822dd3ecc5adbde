/*
 * Dead letters: what could not be delivered, and Kafka records that are not valid events,
 * written as JSON records to the dead-letter topic (news.alerts.dlq) so nothing is lost.
 */
#ifndef NEWSALERT_CONSUMER_DLQ_H
#define NEWSALERT_CONSUMER_DLQ_H

#include <stddef.h>
#include <stdint.h>

#include "delivery/delivery.h"

typedef struct na_dlq_source {
    const char *topic;
    int32_t partition;
    int64_t offset;
} na_dlq_source;

/* Poison payloads are kept up to this size (the reason says when more was cut). */
#define NA_DLQ_PAYLOAD_MAX (64u * 1024u)

/* The record for an undeliverable alert, as malloc'd compact JSON (NULL: out of memory). */
char *na_dlq_delivery_record(const na_delivery_result *r, const na_dlq_source *src);
/* The record for a Kafka record that is not a valid event: payload as text when UTF-8. */
char *na_dlq_poison_record(const char *reason, const na_dlq_source *src, const void *payload,
                           size_t len);

typedef struct na_dlq na_dlq;

/* Called once per na_dlq_send when the record is in the topic (acks=all). */
typedef void (*na_dlq_done_cb)(void *opaque, void *ud);

/* An idempotent producer for topic (the dead-letter topic, or the retry topic). props: extra
 * librdkafka "key=value" settings. */
na_dlq *na_dlq_new(const char *brokers, const char *topic, const char *const *props, size_t n_props,
                   na_dlq_done_cb cb, void *ud, char *errstr, size_t errlen);
/* Queues a record (copied; NULL: a tombstone for key); failed writes are retried, with a
 * backoff growing to 30 s while they keep failing, until they succeed or the end. */
int na_dlq_send(na_dlq *q, const char *key, const char *record, void *opaque);
/* Records queued and not yet acknowledged. */
size_t na_dlq_outstanding(const na_dlq *q);
/* Serves delivery reports and retries; call often. */
void na_dlq_poll(na_dlq *q);
/* Waits up to timeout_ms for every write; returns how many are still not written. */
size_t na_dlq_flush(na_dlq *q, int timeout_ms);
void na_dlq_destroy(na_dlq *q);

#endif
