/*
 * The delivery engine: queues per destination, a heap of retries, libcurl multi for the
 * transfers. Every submitted job leaves through report(), exactly once.
 */
#include "delivery/delivery.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "delivery/backoff.h"
#include "delivery/job.h"
#include "delivery/sign.h"
#include "format/format.h"
#include "newsalert/error.h"
#include "newsalert/log.h"
#include "newsalert/clock.h"
#include "newsalert/retry.h"
#include "delivery/token_bucket.h"

typedef struct dest_state {
    const na_destination *cfg;
    na_token_bucket bucket;
    na_job_fifo ready;
    int64_t paused_until; /* after a 429: the whole destination waits */
    int disabled;
    size_t queued;     /* its deliveries without an outcome yet, wherever they wait */
    na_signer *signer; /* its key made ready (NULL: no secret, requests are not signed) */
} dest_state;

struct na_delivery {
    const na_destinations *cfg;
    na_delivery_cb cb;
    void *ud;
    CURLM *multi;
    dest_state *dests;
    na_job_heap retries;
    na_job_fifo dead; /* jobs to report DEAD without another attempt */
    na_job *flying;   /* transfers in progress */
    CURL **idle;      /* easy handles kept for reuse */
    size_t n_idle;
    size_t pending, in_flight, next_dest;
    uint64_t rng;
};

static void job_free(na_job *j)
{
    if (!j)
        return;
    free(j->alert_id);
    free(j->body);
    na_alert_destroy(j->alert);
    free(j->response);
    curl_slist_free_all(j->headers);
    for (size_t i = 0; i < j->n_parts; i++) {
        free(j->parts[i].alert_id);
        na_alert_destroy(j->parts[i].alert);
    }
    free(j->parts);
    free(j);
}

/* The alert's JSON for an outcome that keeps it (a dead letter, a hand-back); a delivered one
 * needs none, so most deliveries never serialise it (NULL: out of memory, or not needed). */
static char *outcome_json(na_outcome outcome, const na_alert *al)
{
    return outcome == NA_OUTCOME_DELIVERED || !al ? NULL : na_alert_dumps(al);
}

static void report(na_delivery *d, na_job *j, na_outcome outcome)
{
    char *aj = outcome_json(outcome, j->alert);
    na_delivery_result r = {
        .tag = j->tag,
        .alert_id = j->alert_id,
        .destination = d->dests[j->dest].cfg->name,
        .outcome = outcome,
        .reason = outcome == NA_OUTCOME_DELIVERED ? "" : j->reason,
        .attempts = j->attempts,
        .last_status = j->last_status,
        .first_attempt_ms = j->first_ms,
        .last_attempt_ms = j->last_ms,
        .alert_json = aj,
        .since_ms = j->since_ms ? j->since_ms : j->first_ms,
    };
    d->pending--;
    d->dests[j->dest].queued--;
    for (size_t i = 0; d->cb && i < j->n_parts; i++) { /* a digest: each alert on its own */
        r.tag = j->parts[i].tag;
        r.alert_id = j->parts[i].alert_id;
        char *pj = outcome_json(outcome, j->parts[i].alert);
        r.alert_json = pj;
        r.digest_id = j->alert_id;
        d->cb(&r, d->ud);
        free(pj);
    }
    if (d->cb && !j->n_parts)
        d->cb(&r, d->ud);
    free(aj);
    job_free(j);
}

static void kill_job(na_delivery *d, na_job *j, const char *reason)
{
    snprintf(j->reason, sizeof j->reason, "%s", reason);
    na_job_fifo_push(&d->dead, j);
}

na_delivery *na_delivery_new(const na_destinations *cfg, na_delivery_cb cb, void *ud, char *errstr,
                             size_t errlen)
{
    na_delivery *d = calloc(1, sizeof *d);
    if (!d || curl_global_init(CURL_GLOBAL_DEFAULT)) {
        snprintf(errstr, errlen, "delivery: cannot initialise libcurl");
        free(d);
        return NULL;
    }
    d->cfg = cfg;
    d->cb = cb;
    d->ud = ud;
    d->multi = curl_multi_init();
    d->dests = calloc(cfg->n ? cfg->n : 1, sizeof *d->dests);
    d->idle = calloc((size_t)cfg->max_in_flight, sizeof *d->idle);
    if (!d->multi || !d->dests || !d->idle) {
        snprintf(errstr, errlen, "delivery: out of memory");
        na_delivery_destroy(d);
        return NULL;
    }
    curl_multi_setopt(d->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)cfg->max_in_flight);
    curl_multi_setopt(d->multi, CURLMOPT_MAXCONNECTS, (long)cfg->max_in_flight);
    int64_t now = na_clock_wall_ms();
    for (size_t i = 0; i < cfg->n; i++) {
        d->dests[i].cfg = &cfg->items[i];
        na_token_bucket_init(&d->dests[i].bucket, cfg->items[i].rate_per_s, cfg->items[i].burst,
                             now);
        if (cfg->items[i].key &&
            !(d->dests[i].signer = na_signer_new(cfg->items[i].key, cfg->items[i].key_len))) {
            snprintf(errstr, errlen, "delivery: destination \"%s\": cannot set up signing",
                     cfg->items[i].name);
            na_delivery_destroy(d);
            return NULL;
        }
    }
    d->rng = (uint64_t)now * 2654435761u | 1;
    return d;
}

static void drop_fifo(na_job_fifo *q)
{
    na_job *j;
    while ((j = na_job_fifo_pop(q)))
        job_free(j);
}

void na_delivery_destroy(na_delivery *d)
{
    if (!d)
        return;
    for (size_t i = 0; d->dests && i < d->cfg->n; i++) {
        drop_fifo(&d->dests[i].ready);
        na_signer_destroy(d->dests[i].signer);
    }
    drop_fifo(&d->dead);
    na_job *j;
    while ((j = na_job_heap_pop(&d->retries)))
        job_free(j);
    free(d->retries.items);
    while ((j = d->flying)) {
        d->flying = j->fl_next;
        curl_multi_remove_handle(d->multi, j->easy);
        curl_easy_cleanup(j->easy);
        job_free(j);
    }
    for (size_t i = 0; i < d->n_idle; i++)
        curl_easy_cleanup(d->idle[i]);
    free(d->idle);
    free(d->dests);
    curl_multi_cleanup(d->multi);
    curl_global_cleanup();
    free(d);
}

static size_t dest_index(const na_delivery *d, const char *destination)
{
    size_t k = 0;
    while (k < d->cfg->n && strcmp(d->cfg->items[k].name, destination))
        k++;
    return k;
}

size_t na_delivery_queued(const na_delivery *d, const char *destination)
{
    size_t k = dest_index(d, destination);
    return k < d->cfg->n ? d->dests[k].queued : 0;
}

/* Counts j in and queues it (or kills it when its destination is disabled). */
static void enqueue(na_delivery *d, na_job *j)
{
    d->pending++;
    d->dests[j->dest].queued++;
    if (d->dests[j->dest].disabled)
        kill_job(d, j, "destination disabled");
    else
        na_job_fifo_push(&d->dests[j->dest].ready, j);
}

int na_delivery_submit(na_delivery *d, const na_alert *al, const char *destination, uint64_t tag)
{
    return na_delivery_submit_since(d, al, destination, tag, 0);
}

int na_delivery_submit_since(na_delivery *d, const na_alert *al, const char *destination,
                             uint64_t tag, int64_t since_ms)
{
    size_t k = dest_index(d, destination);
    if (k == d->cfg->n || !al->id)
        return k == d->cfg->n ? NA_ENOTFOUND : NA_EINVAL;
    na_job *j = calloc(1, sizeof *j);
    int rc = j ? NA_OK : NA_ENOMEM;
    if (!rc) {
        j->tag = tag;
        j->dest = k;
        j->since_ms = since_ms;
        j->queued_ms = na_clock_wall_ms();
        j->alert_id = strdup(al->id);
        j->alert = na_alert_copy(al);
        rc = na_format_payload(&d->cfg->items[k], al, &j->body, &j->body_len);
        if (!rc && (!j->alert_id || !j->alert))
            rc = NA_ENOMEM;
    }
    if (rc) {
        job_free(j);
        return rc;
    }
    enqueue(d, j);
    return NA_OK;
}

int na_delivery_submit_digest(na_delivery *d, const na_alert *const *als, const uint64_t *tags,
                              size_t n, const char *destination, const char *group, const char *id)
{
    size_t k = dest_index(d, destination);
    if (k == d->cfg->n)
        return NA_ENOTFOUND;
    na_job *j = calloc(1, sizeof *j);
    int rc = j && (j->parts = calloc(n ? n : 1, sizeof *j->parts)) ? NA_OK : NA_ENOMEM;
    if (!rc) {
        j->dest = k;
        j->queued_ms = na_clock_wall_ms();
        j->alert_id = strdup(id);
        na_format_digest_in in = {als, n, group, id};
        rc = na_format_digest(&d->cfg->items[k], &in, &j->body, &j->body_len);
        for (; !rc && j->n_parts < n; j->n_parts++) {
            na_job_part *p = &j->parts[j->n_parts];
            p->tag = tags[j->n_parts];
            p->alert_id = strdup(als[j->n_parts]->id ? als[j->n_parts]->id : "");
            p->alert = na_alert_copy(als[j->n_parts]);
            if (!p->alert_id || !p->alert)
                rc = NA_ENOMEM;
        }
        if (!rc && !j->alert_id)
            rc = NA_ENOMEM;
    }
    if (rc) {
        job_free(j);
        return rc;
    }
    enqueue(d, j);
    return NA_OK;
}

static int start(na_delivery *d, na_job *j, int64_t now)
{
    CURL *e = d->n_idle ? d->idle[--d->n_idle] : curl_easy_init();
    if (!e || na_job_prepare(j, e, d->dests[j->dest].cfg, d->dests[j->dest].signer, now)) {
        if (e)
            curl_easy_cleanup(e);
        return NA_ENOMEM;
    }
    j->easy = e;
    j->attempts++;
    j->last_ms = now;
    if (!j->first_ms)
        j->first_ms = now;
    if (curl_multi_add_handle(d->multi, e) != CURLM_OK) {
        j->easy = NULL;
        curl_easy_cleanup(e);
        return NA_EHTTP;
    }
    d->in_flight++;
    j->fl_prev = NULL;
    j->fl_next = d->flying;
    if (d->flying)
        d->flying->fl_prev = j;
    d->flying = j;
    return NA_OK;
}

/* Takes j's transfer out of the multi handle and keeps its easy handle for reuse. */
static void land(na_delivery *d, na_job *j)
{
    if (j->fl_prev)
        j->fl_prev->fl_next = j->fl_next;
    else
        d->flying = j->fl_next;
    if (j->fl_next)
        j->fl_next->fl_prev = j->fl_prev;
    j->fl_prev = j->fl_next = NULL;
    curl_multi_remove_handle(d->multi, j->easy);
    d->idle[d->n_idle++] = j->easy;
    d->in_flight--;
    j->easy = NULL;
    curl_slist_free_all(j->headers);
    j->headers = NULL;
}

/* Moves retries that are due back to their destination's queue. */
static void promote(na_delivery *d, int64_t now)
{
    na_job *j;
    while ((j = na_job_heap_peek(&d->retries)) && j->due_ms <= now) {
        na_job_heap_pop(&d->retries);
        if (d->dests[j->dest].disabled)
            kill_job(d, j, "destination disabled");
        else
            na_job_fifo_push(&d->dests[j->dest].ready, j);
    }
}

/* Starts what the concurrency bound, the token buckets and 429 pauses allow, fairly. */
static void start_ready(na_delivery *d, int64_t now)
{
    size_t n = d->cfg->n, idle_rounds = 0;
    while (d->in_flight < (size_t)d->cfg->max_in_flight && idle_rounds < n) {
        dest_state *s = &d->dests[d->next_dest];
        d->next_dest = (d->next_dest + 1) % n;
        if (!s->ready.head || s->paused_until > now || !na_token_bucket_take(&s->bucket, now)) {
            idle_rounds++;
            continue;
        }
        idle_rounds = 0;
        na_job *j = na_job_fifo_pop(&s->ready);
        if (start(d, j, now)) {
            snprintf(j->reason, sizeof j->reason, "cannot start a transfer (out of memory)");
            na_job_fifo_push(&d->dead, j);
        }
    }
}

static void disable(na_delivery *d, size_t k, long status)
{
    dest_state *s = &d->dests[k];
    if (!s->disabled)
        na_err("delivery",
               "destination \"%s\" answered HTTP %ld: the webhook is gone; destination disabled, "
               "its alerts go to the dead-letter topic until the config is fixed and the consumer "
               "restarted",
               s->cfg->name, status);
    s->disabled = 1;
    na_job *j;
    while ((j = na_job_fifo_pop(&s->ready)))
        kill_job(d, j, "destination disabled");
}

/* Schedules another attempt, or gives up when the attempts or the age are used up. */
static void retry_or_give_up(na_delivery *d, na_job *j, const char *what, int64_t now)
{
    const na_destination *dc = d->dests[j->dest].cfg;
    int64_t delay = -1;
    if (j->last_status == 429 || j->last_status == 503)
        delay = na_retry_after_ms(j->retry_after[0] ? j->retry_after : NULL, now);
    if (j->last_status == 429 && dc->type == NA_DEST_DISCORD && delay < 0)
        delay = na_backoff_discord_retry_ms(j->response, j->response_len);
    int hinted = delay >= 0;
    if (!hinted)
        delay =
            na_backoff_delay_ms(dc->initial_backoff_ms, dc->max_backoff_ms, j->attempts, &d->rng);
    int64_t since = j->since_ms ? j->since_ms : j->first_ms;
    if (dc->max_attempts && j->attempts >= dc->max_attempts) {
        snprintf(j->reason, sizeof j->reason, "%s; gave up after %d attempts (max_attempts)", what,
                 j->attempts);
    } else if (now + delay - since > dc->max_age_ms) {
        snprintf(j->reason, sizeof j->reason,
                 "%s; gave up after %d attempts: the next would pass max_age_s %" PRId64, what,
                 j->attempts, dc->max_age_ms / 1000);
    } else {
        if (hinted && j->last_status == 429)
            d->dests[j->dest].paused_until = now + delay;
        j->due_ms = now + delay;
        if (!na_job_heap_push(&d->retries, j))
            return;
        snprintf(j->reason, sizeof j->reason, "%s; out of memory for a retry", what);
    }
    na_job_fifo_push(&d->dead, j);
}

static void finish(na_delivery *d, CURL *e, CURLcode rc, int64_t now)
{
    na_job *j = NULL;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&j);
    long status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    land(d, j);
    j->last_status = status;
    char what[96];
    if (rc != CURLE_OK)
        snprintf(what, sizeof what, "%s", curl_easy_strerror(rc));
    else
        snprintf(what, sizeof what, "HTTP %ld", status);
    na_delivery_class c =
        rc != CURLE_OK ? na_delivery_classify_curl(rc) : na_delivery_classify(status);
    if (c == NA_CLASS_SUCCESS) {
        report(d, j, NA_OUTCOME_DELIVERED);
        return;
    }
    na_debug("delivery", "%s to \"%s\": %s (attempt %d)", j->alert_id, d->dests[j->dest].cfg->name,
             what, j->attempts);
    if (d->dests[j->dest].disabled) {
        kill_job(d, j, "destination disabled");
    } else if (c == NA_CLASS_DISABLE) {
        snprintf(j->reason, sizeof j->reason, "%s: destination disabled", what);
        na_job_fifo_push(&d->dead, j);
        disable(d, j->dest, status);
    } else if (c == NA_CLASS_PERMANENT) {
        snprintf(j->reason, sizeof j->reason, "%s (permanent)", what);
        na_job_fifo_push(&d->dead, j);
    } else {
        retry_or_give_up(d, j, what, now);
    }
}

static void reap(na_delivery *d)
{
    CURLMsg *m;
    int left;
    int64_t now = na_clock_wall_ms();
    while ((m = curl_multi_info_read(d->multi, &left)))
        if (m->msg == CURLMSG_DONE)
            finish(d, m->easy_handle, m->data.result, now);
    na_job *j;
    while ((j = na_job_fifo_pop(&d->dead)))
        report(d, j, NA_OUTCOME_DEAD);
}

/* How long nothing can happen without network activity: the next retry or token. */
static int64_t idle_ms(na_delivery *d, int64_t now, int64_t limit)
{
    na_job *j = na_job_heap_peek(&d->retries);
    if (j && j->due_ms - now < limit)
        limit = j->due_ms - now;
    if (d->in_flight >= (size_t)d->cfg->max_in_flight)
        return limit < 0 ? 0 : limit;
    for (size_t i = 0; i < d->cfg->n; i++) {
        dest_state *s = &d->dests[i];
        if (!s->ready.head)
            continue;
        int64_t w = s->paused_until > now ? s->paused_until - now
                                          : na_token_bucket_wait_ms(&s->bucket, now);
        if (w < limit)
            limit = w;
    }
    return limit < 0 ? 0 : limit;
}

int na_delivery_run(na_delivery *d, int timeout_ms)
{
    return na_delivery_run_fd(d, timeout_ms, -1, NULL);
}

/* One step of transfers: what is due starts, what moved is performed and reaped. */
static void step(na_delivery *d)
{
    int running;
    int64_t now = na_clock_wall_ms();
    promote(d, now);
    start_ready(d, now);
    curl_multi_perform(d->multi, &running);
    reap(d);
}

int na_delivery_run_fd(na_delivery *d, int timeout_ms, int fd, na_wake *why)
{
    na_wake w = NA_WAKE_NONE;
    step(d);
    int64_t now = na_clock_wall_ms();
    promote(d, now);
    start_ready(d, now);
    int wait = (int)idle_ms(d, now, timeout_ms);
    long curl_ms = -1; /* curl's own next timer: a wait it ends is a timer's too */
    if (wait > 0 && curl_multi_timeout(d->multi, &curl_ms) == CURLM_OK && curl_ms >= 0 &&
        curl_ms < wait)
        wait = (int)curl_ms;
    if (wait > 0 || d->in_flight) {
        struct curl_waitfd extra = {.fd = fd, .events = CURL_WAIT_POLLIN};
        int n = 0;
        int64_t deadline = na_clock_mono_ms() + wait;
        if (curl_multi_poll(d->multi, fd >= 0 ? &extra : NULL, fd >= 0, wait, &n) != CURLM_OK)
            return NA_EHTTP;
        int fd_ready = fd >= 0 && (extra.revents & CURL_WAIT_POLLIN);
        w = fd_ready                         ? NA_WAKE_FD
            : n > 0                          ? NA_WAKE_HTTP
            : !wait                          ? NA_WAKE_NONE
            : na_clock_mono_ms() >= deadline ? NA_WAKE_TIMER
                                             : NA_WAKE_OTHER;
        step(d);
    }
    if (why)
        *why = w;
    return NA_OK;
}

size_t na_delivery_pending(const na_delivery *d)
{
    return d->pending;
}

size_t na_delivery_evict(na_delivery *d, int64_t waited_ms)
{
    int64_t now = na_clock_wall_ms();
    na_job_fifo out = {0};
    size_t kept = 0, n = 0;
    for (size_t i = 0; i < d->retries.n; i++) {
        na_job *j = d->retries.items[i];
        if (now - j->queued_ms >= waited_ms) {
            na_job_fifo_push(&out, j);
            n++;
        } else {
            d->retries.items[kept++] = j;
        }
    }
    d->retries.n = kept;
    na_job_heap_rebuild(&d->retries);
    na_job *j;
    while ((j = na_job_fifo_pop(&out))) {
        snprintf(j->reason, sizeof j->reason, "waited %lld s in memory after %d attempts",
                 (long long)((now - j->queued_ms) / 1000), j->attempts);
        report(d, j, NA_OUTCOME_EVICTED);
    }
    return n;
}

/* Whether anything can still settle soon: a transfer running or a job ready to start. */
static int busy(const na_delivery *d, int64_t now)
{
    if (d->in_flight || d->dead.head)
        return 1;
    for (size_t i = 0; i < d->cfg->n; i++)
        if (d->dests[i].ready.head && d->dests[i].paused_until <= now)
            return 1;
    return 0;
}

size_t na_delivery_drain(na_delivery *d, int64_t deadline_ms)
{
    int64_t now;
    while (d->pending && (now = na_clock_wall_ms()) < deadline_ms && busy(d, now)) {
        int64_t left = deadline_ms - now;
        if (na_delivery_run(d, left < 100 ? (int)left : 100))
            break;
    }
    na_job *j;
    while ((j = na_job_fifo_pop(&d->dead)))
        report(d, j, NA_OUTCOME_DEAD);
    return d->pending; /* never reported: their records stay uncommitted */
}
