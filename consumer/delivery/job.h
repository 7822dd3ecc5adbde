/* Private to the delivery engine: one delivery of one alert to one destination. */
#ifndef NEWSALERT_CONSUMER_DELIVERY_JOB_H
#define NEWSALERT_CONSUMER_DELIVERY_JOB_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#include "config/destinations.h"
#include "delivery/sign.h"
#include "rules/alert.h"

#define NA_JOB_RESPONSE_MAX 16384 /* enough for Discord's 429 JSON; the rest is dropped */

/* One alert of a digest job: its outcome is reported under its own tag. */
typedef struct na_job_part {
    uint64_t tag;
    char *alert_id;
    na_alert *alert; /* a copy, serialised only for an outcome that needs it (a dead letter) */
} na_job_part;

typedef struct na_job {
    struct na_job *next;              /* in a FIFO */
    struct na_job *fl_prev, *fl_next; /* in the in-flight list */
    uint64_t tag;
    size_t dest;
    char *alert_id, *body;
    na_alert *alert; /* a copy (NULL for a digest), serialised only when it is not delivered */
    size_t body_len;
    int attempts;
    long last_status;
    int64_t first_ms, last_ms, due_ms;
    int64_t since_ms;  /* when it was first queued elsewhere (a parked alert); 0: first_ms */
    int64_t queued_ms; /* when it entered this engine */
    char reason[320];
    CURL *easy; /* while in flight */
    struct curl_slist *headers;
    char *response;
    size_t response_len;
    char retry_after[64];
    na_job_part *parts; /* a digest: its alerts (alert_id is then the digest's id), else NULL */
    size_t n_parts;
} na_job;

typedef struct na_job_fifo {
    na_job *head, *tail;
} na_job_fifo;

void na_job_fifo_push(na_job_fifo *q, na_job *j);
na_job *na_job_fifo_pop(na_job_fifo *q);

/* A min-heap of jobs waiting for their retry time (due_ms). */
typedef struct na_job_heap {
    na_job **items;
    size_t n, cap;
} na_job_heap;

int na_job_heap_push(na_job_heap *h, na_job *j);
/* The earliest job, or NULL. */
na_job *na_job_heap_peek(const na_job_heap *h);
na_job *na_job_heap_pop(na_job_heap *h);
/* Restores the heap order after items were removed or changed in place. */
void na_job_heap_rebuild(na_job_heap *h);

/* Sets up easy handle e for the next attempt of j at now_ms, signed for that time by signer
 * (dc's key; NULL: not signed). */
int na_job_prepare(na_job *j, CURL *e, const na_destination *dc, const na_signer *signer,
                   int64_t now_ms);

#endif
