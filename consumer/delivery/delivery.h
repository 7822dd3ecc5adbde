/*
 * The delivery engine: alerts to webhook destinations over libcurl multi, in the caller's
 * thread. Bounded concurrency, keep-alive, a token bucket per destination, exponential backoff
 * with full jitter, Retry-After; every submitted delivery ends in exactly one outcome,
 * DELIVERED or DEAD (docs/delivery.md), except those still waiting at shutdown.
 */
#ifndef NEWSALERT_CONSUMER_DELIVERY_H
#define NEWSALERT_CONSUMER_DELIVERY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "config/destinations.h"
#include "rules/alert.h"

typedef struct na_delivery na_delivery;

typedef enum na_outcome {
    NA_OUTCOME_DELIVERED,
    NA_OUTCOME_DEAD,
    NA_OUTCOME_EVICTED /* only from na_delivery_evict: handed back to wait elsewhere */
} na_outcome;

typedef struct na_delivery_result {
    uint64_t tag;            /* what the caller passed to na_delivery_submit */
    const char *alert_id;    /* the webhook-id */
    const char *destination; /* its name (never the URL) */
    na_outcome outcome;
    const char *reason; /* "" when delivered */
    int attempts;
    long last_status;                          /* last HTTP status, 0 when none was received */
    int64_t first_attempt_ms, last_attempt_ms; /* Unix ms, 0 when never attempted */
    const char *alert_json; /* the alert (generic JSON) for a dead letter or a hand-back; NULL
                               when delivered */
    int64_t since_ms;       /* where max_age counts from (Unix ms): first attempt, or parking */
    const char *digest_id;  /* the digest message it went in (its webhook-id), NULL: alone */
} na_delivery_result;

/* Called once per submitted delivery when its outcome is final; r is valid during the call. */
typedef void (*na_delivery_cb)(const na_delivery_result *r, void *ud);

/* cfg must outlive the engine. NULL on failure with a message in errstr. */
na_delivery *na_delivery_new(const na_destinations *cfg, na_delivery_cb cb, void *ud, char *errstr,
                             size_t errlen);
void na_delivery_destroy(na_delivery *d);

/* Queues al for destination (copies what it needs). NA_ENOTFOUND for an unknown destination. */
int na_delivery_submit(na_delivery *d, const na_alert *al, const char *destination, uint64_t tag);
/* The same for an alert that already waited elsewhere since since_ms (Unix ms): max_age counts
 * from then. */
int na_delivery_submit_since(na_delivery *d, const na_alert *al, const char *destination,
                             uint64_t tag, int64_t since_ms);
/*
 * Queues one digest message listing the n alerts als (n within na_format_digest_cap) for
 * destination under webhook-id id. Each alert's outcome is reported on its own, under its tag
 * and its alert id (digest_id set): delivered together, or each dead-lettered or handed back
 * (EVICTED) alone.
 */
int na_delivery_submit_digest(na_delivery *d, const na_alert *const *als, const uint64_t *tags,
                              size_t n, const char *destination, const char *group, const char *id);
/*
 * Hands back every delivery that has waited at least waited_ms in the engine and is waiting for
 * a retry: each is reported EVICTED (reason says how long), for the caller to park. Returns how
 * many.
 */
size_t na_delivery_evict(na_delivery *d, int64_t waited_ms);
/* Deliveries to destination without an outcome yet (0 for an unknown name). */
size_t na_delivery_queued(const na_delivery *d, const char *destination);
/* Drives transfers: waits at most timeout_ms for network activity or a timer, then returns. */
int na_delivery_run(na_delivery *d, int timeout_ms);

/* What ended the wait of na_delivery_run_fd. */
typedef enum na_wake {
    NA_WAKE_NONE,  /* no wait: work was ready */
    NA_WAKE_FD,    /* the caller's fd became readable (a Kafka record) */
    NA_WAKE_HTTP,  /* a transfer's socket */
    NA_WAKE_TIMER, /* a deadline: timeout_ms, a retry, a token, a curl timer */
    NA_WAKE_OTHER  /* none of these (a signal) */
} na_wake;
/*
 * The same wait, which also ends when fd (-1: none) is readable; *why (may be NULL) says what
 * ended it. fd is not read: the caller drains it.
 */
int na_delivery_run_fd(na_delivery *d, int timeout_ms, int fd, na_wake *why);
/* Deliveries submitted whose outcome has not been reported yet. */
size_t na_delivery_pending(const na_delivery *d);
/*
 * For a shutdown: runs until nothing is in flight or ready to start, or deadline (Unix ms).
 * What is still unsettled then is never reported (nor dead-lettered): returns how many, for
 * na_delivery_destroy to drop; their records stay uncommitted and are taken again.
 */
size_t na_delivery_drain(na_delivery *d, int64_t deadline_ms);

/* How a finished attempt is treated. */
typedef enum na_delivery_class {
    NA_CLASS_SUCCESS,   /* 2xx */
    NA_CLASS_RETRY,     /* 408, 429, 5xx, transport errors */
    NA_CLASS_PERMANENT, /* other 4xx (and 1xx/3xx: a webhook must not redirect) */
    NA_CLASS_DISABLE    /* 404, 410: the webhook is gone */
} na_delivery_class;

/* status: the HTTP status, 0 when the transport failed before one was received. */
na_delivery_class na_delivery_classify(long status);
/* A transfer that ended without a status (CURLcode): a malformed URL is permanent. */
na_delivery_class na_delivery_classify_curl(int code);

/* Builds an alert from its JSON form (na_alert_to_json); NULL with a message in errstr. */
na_alert *na_delivery_alert_parse(const json_t *j, char *errstr, size_t errlen);

#endif
