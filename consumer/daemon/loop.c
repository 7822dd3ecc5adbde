/*
 * The consumer daemon's loop: Kafka records in, rules, deliveries and dead letters out, and
 * an offset stored only over the prefix of records whose every alert is settled.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "daemon/ahead.h"
#include "daemon/daemon_int.h"
#include "story/fold.h"
#include "newsalert/error.h"
#include "newsalert/exit.h"
#include "newsalert/event.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "newsalert/clock.h"
#include "newsalert/metrics.h"
#include "newsalert/signals.h"

#define BATCH 256     /* records taken per pass before the wait */
#define DRIVE_EVERY 4 /* records between two steps of the transfers within a batch */
#define BACKLOG_MAX                                                                                \
    4096                   /* Kafka writes (dead letters, parked) unacknowledged before            \
                              records wait in Kafka; deliveries are bounded per destination */
#define POLL_EVERY_MS 5000 /* even then, poll this often (pausing) to stay in the group */
/* The wait's timers; a record or an HTTP socket ends it sooner (wake_fd). */
#define IDLE_MS                                                                                    \
    250              /* nothing due: housekeeping (silences, evictions, the retry topic, a pause)  \
                      */
#define WRITES_MS 10 /* Kafka writes or a retired engine wait: their reports */
#define STAGE_MS 20  /* a window stage's tick (watermarks, idle partitions), held digests */
#define DLQ_FLUSH_MS 30000 /* at exit, how long dead letters may take to be written */

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reload_flag = 1;
    else
        stop_flag = 1;
}

void na_daemon_request_stop(void)
{
    stop_flag = 1;
}

void na_daemon_release(na_daemon *d, na_offsets_rec *r)
{
    int32_t p;
    int64_t next;
    na_offsets *t = na_offsets_rec_owner(r);
    if (!na_offsets_release(t, r, &p, &next))
        return;
    if (t == d->offsets)
        na_daemon_store(d, p, next);
    else
        na_daemon_retry_store(d, p, next); /* a parked alert taken back */
}

static void on_dead_letter_written(void *opaque, void *ud)
{
    na_daemon_release(ud, opaque);
}

/* Writes a dead letter for r (which keeps the reference until the write is acknowledged). */
static void dead_letter(na_daemon *d, na_offsets_rec *r, const char *key, char *record)
{
    if (!record || na_dlq_send(d->dlq, key, record, r)) {
        na_err("daemon", "cannot queue a dead letter: stopping without storing past it");
        d->failed = 1;
    }
    free(record);
}

static void on_outcome(const na_delivery_result *res, void *ud)
{
    na_daemon *d = ud;
    na_offsets_rec *r = (na_offsets_rec *)(uintptr_t)res->tag;
    int parked = na_offsets_rec_owner(r) != d->offsets;
    if (res->outcome == NA_OUTCOME_EVICTED) { /* waited long enough in memory: park it */
        na_daemon_park_evicted(d, res);
        na_daemon_release(d, r);
        return;
    }
    na_daemon_observe_outcome(res, r);
    if (parked)
        na_daemon_retry_settled(d, res);
    if (res->outcome == NA_OUTCOME_DELIVERED) {
        d->delivered++;
        na_daemon_release(d, r);
        return;
    }
    d->dead++;
    na_warn("daemon", "alert %s to \"%s\": dead letter: %s", res->alert_id, res->destination,
            res->reason);
    na_dlq_source src = {parked ? d->retry_topic : d->o->topic, 0, 0};
    na_offsets_rec_where(r, &src.partition, &src.offset);
    dead_letter(d, r, res->alert_id, na_dlq_delivery_record(res, &src));
}

/* An alert that cannot even be submitted becomes a dead letter with attempts 0. */
void na_daemon_undeliverable(na_daemon *d, na_offsets_rec *r, const na_alert *al, const char *dest,
                             const char *why)
{
    char *aj = na_alert_dumps(al);
    na_delivery_result res = {.tag = (uint64_t)(uintptr_t)r,
                              .alert_id = al->id,
                              .destination = dest,
                              .outcome = NA_OUTCOME_DEAD,
                              .reason = why,
                              .alert_json = aj};
    na_offsets_ref(r);
    on_outcome(&res, d);
    free(aj);
}

/* Submits al to one destination, or parks it when that one's queue is full; the record keeps
 * a reference until the outcome, or until it is parked. */
void na_daemon_send_to(na_daemon *d, const na_alert *al, const char *name)
{
    if (!na_daemon_silenced(d, al, name))
        na_daemon_submit(d, al, name);
}

void na_daemon_submit(na_daemon *d, const na_alert *al, const char *name)
{
    if (na_delivery_queued(d->dl, name) >= (size_t)d->cfg->queue_per_destination &&
        !na_daemon_park(d, al, name, na_clock_wall_ms()))
        return;
    na_offsets_ref(d->cur);
    int rc = na_delivery_submit(d->dl, al, name, (uint64_t)(uintptr_t)d->cur);
    if (rc) {
        na_daemon_release(d, d->cur);
        na_daemon_undeliverable(d, d->cur, al, name,
                                rc == NA_ENOTFOUND ? "unknown destination" : na_strerror(rc));
    }
}

/* The story fold: 1 when al was folded into its story (counted, reported, not sent). */
static int fold(na_daemon *d, na_alert *al)
{
    enum na_story_outcome oc;
    if (na_story_fold_apply(d->o->stories, al, al->time_ms >= 0 ? al->time_ms : d->cur_ts, &oc))
        na_warn("daemon", "story %s: out of memory: alert %s sent as new", al->story, al->id);
    al->story_outcome = (int)oc;
    na_metrics_inc(NA_M_C_STORY_ALERTS, na_story_outcome_name(oc), NULL);
    if (oc == NA_STORY_UPDATE)
        d->story_updates++;
    if (oc != NA_STORY_FOLDED)
        return 0;
    d->folded++;
    if (d->o->report && na_report_add_alert(d->o->report, al))
        na_warn("daemon", "report: out of memory");
    na_alert_destroy(al);
    return 1;
}

static int on_alert(na_alert *al, void *ud)
{
    na_daemon *d = ud;
    d->alerts++;
    na_daemon_count_rule(d, al->rule_id);
    na_metrics_inc(NA_M_C_ALERTS, al->rule_id, NULL);
    if (d->o->stories && al->story && fold(d, al))
        return 0;
    if (d->o->report && na_report_add_alert(d->o->report, al))
        na_warn("daemon", "report: out of memory");
    if (d->o->dry_run) {
        if (!na_daemon_silenced(d, al, NULL))
            na_alert_write_line(al, d->o->out ? d->o->out : stdout);
        na_alert_destroy(al);
        return 0;
    }
    size_t n = 0;
    if (d->o->destination) { /* a replay sent to one chosen destination */
        na_daemon_send_to(d, al, d->o->destination);
        n = 1;
    } else if (na_daemon_route_inhibited(d, al)) {
        n = 1; /* counted, kept in the report, not sent */
    } else if (al->destinations.n)
        for (; n < al->destinations.n; n++)
            na_daemon_route(d, al, al->destinations.items[n]);
    else
        for (size_t i = 0; i < d->cfg->n; i++) {
            if (!d->cfg->items[i].is_default)
                continue;
            n++;
            na_daemon_route(d, al, d->cfg->items[i].name);
        }
    if (!n)
        na_daemon_undeliverable(d, d->cur, al, "",
                                "no destination: the rule names none and none is default");
    na_alert_destroy(al);
    return 0;
}

static void poison(na_daemon *d, const rd_kafka_message_t *m, const char *reason)
{
    d->poison++;
    na_daemon_observe_poison(reason);
    na_warn("daemon", "%s [%d] @%lld: dead letter: %s", d->o->topic, (int)m->partition,
            (long long)m->offset, reason);
    if (d->o->dry_run)
        return;
    na_dlq_source src = {d->o->topic, m->partition, m->offset};
    char key[96];
    snprintf(key, sizeof key, "%s/%d/%lld", d->o->topic, (int)m->partition, (long long)m->offset);
    na_offsets_ref(d->cur);
    dead_letter(d, d->cur, key, na_dlq_poison_record(reason, &src, m->payload, m->len));
}

static size_t max_bytes(const na_daemon *d)
{
    return d->o->max_record_bytes ? d->o->max_record_bytes : NA_EVENT_MAX_SIZE;
}

/* Whether handle decodes the record's payload as an event (what the thread may decode ahead). */
static int decodable(const na_daemon *d, const rd_kafka_message_t *m)
{
    return !d->o->record && !m->err && m->payload && m->len && m->len <= max_bytes(d);
}

/* One record; ahead >= 0: its event is the thread's record number ahead (take_batch). */
static void handle(na_daemon *d, rd_kafka_message_t *m, long ahead)
{
    if (m->err) {
        int missing = m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                      m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            na_daemon_set_at_end(d, m->partition, 1);
        } else if (missing && (d->o->exit_at_end || d->o->until_ms > 0)) {
            /* No partition will ever reach its end: waiting would never end. */
            na_err("daemon", "%s: the topic does not exist (%s)",
                   m->rkt ? rd_kafka_topic_name(m->rkt) : "topic", rd_kafka_message_errstr(m));
            d->failed = NA_EXIT_FATAL;
        } else
            na_warn("daemon", "consumer: %s", rd_kafka_message_errstr(m));
        return;
    }
    if (na_daemon_past_until(d, m) || (d->o->max_records && d->records >= d->o->max_records))
        return;
    if (na_daemon_replaying(d, m))
        return;
    d->records++;
    if (!d->o->record) /* the articles, not the window stage's matches */
        na_metrics_inc(NA_M_C_RECORDS, NULL, NULL);
    na_daemon_set_at_end(d, m->partition, 0);
    d->cur = na_offsets_begin(d->offsets, m->partition, m->offset);
    if (!d->cur) {
        d->failed = 1;
        return;
    }
    na_offsets_rec_stamp(d->cur, na_clock_wall_ms(), rd_kafka_message_timestamp(m, NULL));
    size_t max = max_bytes(d);
    char reason[600];
    const na_article *a = NULL;
    rd_kafka_timestamp_type_t tstype;
    d->cur_ts = rd_kafka_message_timestamp(m, &tstype);
    if (d->o->record && m->payload && m->len <= max) { /* a window stage's match */
        int rc = d->o->record(d->o->record_ctx, m->payload, m->len, m->partition, m->offset, 1,
                              on_alert, d);
        if (rc) {
            snprintf(reason, sizeof reason, "not a valid stage record: %s", na_strerror(rc));
            poison(d, m, reason);
        }
    } else if (!m->payload || !m->len) {
        poison(d, m, "empty record");
    } else if (m->len > max) {
        snprintf(reason, sizeof reason, "oversize: %zu bytes, the limit is %zu", m->len, max);
        poison(d, m, reason);
    } else { /* decodable(d, m) */
        char err[512];
        int bad = ahead >= 0 ? na_ahead_take(d->ahead, (size_t)ahead, &a, err, sizeof err)
                             : na_event_decoder_decode(d->dec, d->parts, m->payload, m->len, &a,
                                                       err, sizeof err);
        if (bad) {
            snprintf(reason, sizeof reason, "not a valid event: %s", err);
            poison(d, m, reason);
        } else {
            if (d->o->report)
                na_report_add_event(d->o->report, a->published_ms);
            int rc = d->o->eval(d->eval_ctx, a, on_alert, d);
            if (rc) {
                snprintf(reason, sizeof reason, "rules failed: %s", na_strerror(rc));
                poison(d, m, reason);
            }
        }
    }
    na_daemon_release(d, d->cur);
    d->cur = NULL;
}

/* A record of a partition revoked while the batch was taken: left to its next owner. */
static int revoked(const na_daemon *d, const rd_kafka_message_t *m)
{
    return m->partition >= 0 && (size_t)m->partition < d->n_revoked && d->revoked[m->partition];
}

/* The events of the batch the thread may decode: NULL for what handle does not decode. */
static int ahead_begin(na_daemon *d, rd_kafka_message_t *const *held, size_t n, const char **buf,
                       size_t *len)
{
    if (!d->ahead || n < 2 || d->o->record) /* one record: decoded here, without a hand-off */
        return 0;
    for (size_t i = 0; i < n; i++) {
        buf[i] = decodable(d, held[i]) && !revoked(d, held[i]) ? held[i]->payload : NULL;
        len[i] = held[i]->len;
    }
    na_ahead_begin(d->ahead, buf, len, n, d->parts);
    return 1;
}

/*
 * Takes up to BATCH records, then handles them in order, the thread decoding ahead. Polling
 * stops at a rebalance; what it revoked of the records taken is not handled (nothing of them
 * was begun: the partition's next owner reads them from the committed offset).
 */
static size_t take_batch(na_daemon *d)
{
    rd_kafka_message_t *held[BATCH];
    const char *buf[BATCH]; /* what the thread decodes, until na_ahead_end */
    size_t len[BATCH], n = 0;
    if (d->revoked)
        memset(d->revoked, 0, d->n_revoked);
    unsigned long rebalances = d->rebalances;
    while (n < BATCH && rebalances == d->rebalances) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(d->rk, n || d->dl ? 0 : 100);
        if (!m)
            break;
        held[n++] = m;
    }
    int ahead = ahead_begin(d, held, n, buf, len);
    for (size_t i = 0; i < n; i++) {
        if (!d->failed && !revoked(d, held[i]))
            handle(d, held[i], ahead ? (long)i : -1);
        if (ahead)
            na_ahead_done(d->ahead, i);
        rd_kafka_message_destroy(held[i]);
        if (d->dl && i % DRIVE_EVERY == DRIVE_EVERY - 1) /* transfers go on meanwhile */
            na_delivery_run(d->dl, 0);
    }
    if (ahead)
        na_ahead_end(d->ahead);
    return n;
}

/* librdkafka writes 1 to wake_fd (an eventfd) when a record reaches the empty consumer queue. */
static int wake_setup(na_daemon *d, char *err, size_t errlen)
{
    static const uint64_t one = 1;
    d->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (d->wake_fd < 0 || !(d->cq = rd_kafka_queue_get_consumer(d->rk))) {
        snprintf(err, errlen, "the loop's wake-up: %s", strerror(errno));
        return -1;
    }
    rd_kafka_queue_io_event_enable(d->cq, d->wake_fd, &one, sizeof one);
    return 0;
}

static void wake_close(na_daemon *d)
{
    if (d->cq) {
        rd_kafka_queue_io_event_enable(d->cq, -1, NULL, 0);
        rd_kafka_queue_destroy(d->cq);
        d->cq = NULL;
    }
    if (d->wake_fd >= 0)
        close(d->wake_fd);
    d->wake_fd = -1;
}

/* Clears the wake-up before the queue is read: a record queued after this wakes the next wait. */
static void wake_clear(na_daemon *d)
{
    uint64_t n;
    if (d->wake_fd >= 0 && read(d->wake_fd, &n, sizeof n) < 0 && errno != EAGAIN)
        na_debug("daemon", "wake-up: %s", strerror(errno));
}

static int setup(na_daemon *d, char *err, size_t errlen)
{
    const struct na_daemon_opts *o = d->o;
    if (!o->brokers || !o->topic || !o->group || !(o->eval || o->record) ||
        (!o->dry_run && !o->destinations)) {
        snprintf(err, errlen, "the daemon needs -b BROKERS, -t TOPIC, -g GROUP and -c CONFIG");
        return -1;
    }
    if (o->from && na_from_parse(o->from, &d->from, err, errlen))
        return -1;
    if (!(d->offsets = na_offsets_new()) || !(d->dec = na_event_decoder_new()))
        return -1;
    /* A second core decodes ahead on a backlog; a window stage's records are not events. */
    if (!o->record && sysconf(_SC_NPROCESSORS_ONLN) > 1 && !(d->ahead = na_ahead_new(err, errlen)))
        na_warn("daemon", "%s: events are decoded in the loop", err);
    d->parts = o->event_parts ? o->event_parts(o->eval_ctx) : NA_EVENT_ALL;
    if (!o->dry_run) {
        d->cfg = o->destinations;
        if (o->destination && !na_destinations_find(d->cfg, o->destination)) {
            snprintf(err, errlen, "--destination \"%s\": not a destination of the config",
                     o->destination);
            return -1;
        }
        if (!(d->dl = na_delivery_new(d->cfg, on_outcome, d, err, errlen)))
            return -1;
        d->dlq = na_dlq_new(o->brokers, d->cfg->dlq_topic, o->kafka_props, o->n_kafka_props,
                            on_dead_letter_written, d, err, errlen);
        if (!d->dlq || na_daemon_retry_setup(d, err, errlen))
            return -1;
        if (na_daemon_routing_setup(d)) {
            snprintf(err, errlen, "routing: out of memory");
            return -1;
        }
    }
    if (!(d->rk = na_daemon_consumer_new(d, err, errlen)))
        return -1;
    if (wake_setup(d, err, errlen))
        return -1;
    return na_daemon_wait_for_brokers(d, err, errlen) || na_daemon_silences_setup(d, err, errlen)
               ? -3
               : 0;
}

/* How long the wait may last when no record, socket or engine timer ends it first. */
static int wait_ms(const na_daemon *d, int got, size_t pending)
{
    if (got >= BATCH) /* more may be queued, and only an empty queue's next record wakes */
        return 0;
    if (d->o->tick || na_daemon_routing_held(d))
        return STAGE_MS;
    return pending || d->n_retired ? WRITES_MS : IDLE_MS;
}

static void count_turn(na_daemon *d, na_wake why)
{
    static const char *const names[] = {"none", "kafka", "http", "timer", "other"};
    d->turns++;
    na_metrics_inc(NA_M_C_LOOP_TURNS, names[why], NULL);
}

/*
 * One turn: a batch of records (none while the engine holds a full backlog), then one wait
 * that ends on whichever comes first: a record (wake_fd), an HTTP socket, a timer. A backlog
 * that lasts pauses the partitions, so polling can go on serving the group.
 */
static void pass(na_daemon *d)
{
    size_t pending = d->dl ? na_dlq_outstanding(d->dlq) + na_dlq_outstanding(d->park) : 0;
    int64_t now = na_clock_wall_ms();
    int got = 0;
    wake_clear(d);
    na_daemon_silences_poll(d);
    if (pending < BACKLOG_MAX || now - d->last_poll_ms >= POLL_EVERY_MS) {
        if (pending >= BACKLOG_MAX)
            na_daemon_pause(d, 1);
        d->last_poll_ms = now;
        got = (int)take_batch(d);
    }
    if (d->paused && pending < BACKLOG_MAX / 2)
        na_daemon_pause(d, 0);
    if (d->o->tick)
        d->o->tick(d->o->tick_ctx, d);
    na_daemon_observe_pass(d);
    if (!d->dl)
        return;
    na_daemon_routing_tick(d);
    na_wake why = NA_WAKE_NONE;
    na_delivery_run_fd(d->dl, wait_ms(d, got, pending), d->wake_fd, &why);
    count_turn(d, why);
    if (now - d->last_evict_ms >= 1000) { /* what waits for a retry too long: parked */
        d->last_evict_ms = now;
        na_delivery_evict(d->dl, (int64_t)d->cfg->park_after_s * 1000);
    }
    if (d->n_retired)
        na_daemon_retire_drive(d, 0);
    na_dlq_poll(d->dlq);
    na_daemon_retry_pass(d);
}

static int settled(na_daemon *d)
{
    return na_offsets_open(d->offsets) == 0 && na_daemon_routing_held(d) == 0 &&
           (!d->dl || (na_delivery_pending(d->dl) == 0 && na_daemon_retry_idle(d))) &&
           !na_daemon_retired_pending(d);
}

/*
 * Stop fetching, let what is in flight finish, write dead letters and parked alerts, commit,
 * leave. What is still waiting to be delivered is not dead-lettered: its records stay
 * uncommitted and are taken again after a restart.
 */
static int shut_down(na_daemon *d)
{
    int rc = d->failed;
    if (d->dl) {
        na_daemon_routing_flush(d); /* digests go now rather than wait for their time */
        int64_t grace = (int64_t)d->cfg->shutdown_grace_s * 1000;
        size_t waiting = na_delivery_drain(d->dl, na_clock_wall_ms() + grace);
        na_daemon_retire_drive(d, na_clock_wall_ms() + grace);
        waiting += na_daemon_retired_pending(d);
        if (waiting)
            na_warn("daemon",
                    "%zu deliveries still waiting: their records stay uncommitted and "
                    "are taken again after a restart",
                    waiting);
        size_t left = na_dlq_flush(d->dlq, DLQ_FLUSH_MS) + na_dlq_flush(d->park, DLQ_FLUSH_MS);
        if (left) {
            na_err("daemon",
                   "%zu dead letters or parked alerts not written: their records stay "
                   "uncommitted",
                   left);
            rc = 1;
        }
        na_daemon_retry_close(d);
    }
    if (!d->o->dry_run) {
        rd_kafka_resp_err_t err = rd_kafka_commit(d->rk, NULL, 0);
        if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
            na_warn("daemon", "final commit: %s", rd_kafka_err2str(err));
    }
    wake_close(d);
    na_kafka_consumer_close(d->rk, 10000);
    na_daemon_summary(d);
    if (d->parked || d->unparked)
        na_log_write(NA_LOG_INFO, "daemon",
                     "retry topic %s: %lu parked (%lu after waiting), %lu "
                     "taken back",
                     d->retry_topic, d->parked, d->evicted, d->unparked);
    if (d->digests || d->inhibited || d->below_min)
        na_log_write(NA_LOG_INFO, "daemon",
                     "routing: %lu digest messages, %lu alerts inhibited, %lu below a "
                     "destination's min_severity",
                     d->digests, d->inhibited, d->below_min);
    /* --exit-at-end: a run whose alerts went to the dead-letter topic did not deliver them. */
    return rc ? rc : (d->o->exit_at_end || d->o->until_ms > 0) && d->dead;
}

int na_daemon_run(const struct na_daemon_opts *o)
{
    na_daemon d = {.o = o,
                   .brokers_up = -1,
                   .eval_ctx = o->eval_ctx,
                   .generation = 1,
                   .horizon_ms = o->rebuild_horizon_ms,
                   .wake_fd = -1};
    char err[1024];
    int rc = setup(&d, err, sizeof err);
    if (rc) {
        na_err("daemon", "%s", err);
        rc = rc == -3 ? 3 : 2;
        goto out;
    }
    na_signals_saved old; /* SIGINT/SIGTERM: a second one ends the process at once */
    struct sigaction hup = {.sa_handler = on_signal}, old_hup;
    sigemptyset(&hup.sa_mask);
    stop_flag = reload_flag = 0;
    na_signals_catch(on_signal, &old);
    sigaction(SIGHUP, &hup, &old_hup); /* a reload each time, never SA_RESETHAND */
    na_metrics_set(NA_M_C_RULESET_GENERATION, NULL, NULL, 1);
    na_watch *watch = NULL;
    if (o->n_watch_paths &&
        !(watch = na_watch_new(o->watch_paths, o->n_watch_paths, err, sizeof err)))
        na_warn("daemon", "%s: reload with SIGHUP instead", err);
    while (!stop_flag && !d.failed) {
        /* Between two records: each is evaluated by one rule set. A window stage beside a
         * match stage leaves SIGHUP to it, and reloads once it did (o->reload_asked). */
        int asked = o->reload_asked && *o->reload_asked;
        if ((reload_flag && !o->reload_asked) || asked ||
            (watch && na_watch_due(watch, na_clock_mono_ms()))) {
            if (asked)
                *o->reload_asked = 0;
            else
                reload_flag = 0;
            na_daemon_reload(&d, on_outcome);
        }
        pass(&d);
        if ((o->exit_at_end || o->until_ms > 0) && na_daemon_all_at_end(&d) && settled(&d) &&
            (!d.dlq || !na_dlq_flush(d.dlq, 0)))
            break;
    }
    na_watch_destroy(watch);
    rc = shut_down(&d);
    na_signals_restore(&old);
    sigaction(SIGHUP, &old_hup, NULL);
out:
    na_daemon_routing_close(&d);
    na_daemon_retry_close(&d);
    na_daemon_silences_close(&d);
    if (d.eval_ctx != o->eval_ctx)
        o->free_rules(d.eval_ctx);
    na_daemon_retire_drive(&d, na_clock_wall_ms()); /* what shut_down left: none normally */
    for (size_t i = 0; i < d.n_retired; i++) { /* still waiting: dropped, records uncommitted */
        na_delivery_destroy(d.retired[i].dl);
        na_destinations_destroy(d.retired[i].cfg);
    }
    free(d.retired);
    wake_close(&d);
    if (d.rk)
        rd_kafka_destroy(d.rk);
    na_delivery_destroy(d.dl);
    na_destinations_destroy(d.cfg_owned); /* after the engine that uses it */
    na_dlq_destroy(d.dlq);
    na_offsets_destroy(d.offsets);
    na_ahead_destroy(d.ahead);
    na_event_decoder_destroy(d.dec);
    if (d.assigned)
        rd_kafka_topic_partition_list_destroy(d.assigned);
    free(d.at_end);
    free(d.revoked);
    free(d.positioned);
    free(d.replay_to);
    return rc;
}
