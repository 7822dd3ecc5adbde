/*
 * The delivery engine against a scripted HTTP receiver on loopback (libmicrohttpd in this
 * process): success, retries with one webhook-id, Retry-After, timeouts, permanent failures,
 * 404 disabling, a closed port, rate limits, age limits and shutdown (nothing dead-lettered).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "delivery/delivery.h"
#include "newsalert/error.h"
#include "newsalert/clock.h"
#include "delivery/sign.h"

#define MAX_REQ 64

typedef struct reply {
    unsigned status;
    const char *retry_after;
    int stall_ms;
    const char *body; /* NULL: "ok" */
} reply;

typedef struct seen {
    char id[64], ts[32], sig[80], team[32], body[4096];
} seen;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static reply script[MAX_REQ];
static size_t n_script, next_reply;
static unsigned default_status = 200;
static seen reqs[MAX_REQ];
static size_t n_reqs;

typedef struct conn {
    char body[4096];
    size_t len;
} conn;

static void copy_header(struct MHD_Connection *c, const char *name, char *out, size_t n)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    snprintf(out, n, "%s", v ? v : "");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    conn *k = *state;
    if (!k) {
        *state = calloc(1, sizeof *k);
        return MHD_YES;
    }
    if (*upload_size) {
        size_t take =
            *upload_size < sizeof k->body - 1 - k->len ? *upload_size : sizeof k->body - 1 - k->len;
        memcpy(k->body + k->len, upload, take);
        k->len += take;
        *upload_size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&mu);
    reply r = next_reply < n_script ? script[next_reply++] : (reply){default_status, NULL, 0, NULL};
    if (n_reqs < MAX_REQ) {
        seen *s = &reqs[n_reqs++];
        copy_header(c, "webhook-id", s->id, sizeof s->id);
        copy_header(c, "webhook-timestamp", s->ts, sizeof s->ts);
        copy_header(c, "webhook-signature", s->sig, sizeof s->sig);
        copy_header(c, "X-Team", s->team, sizeof s->team);
        memcpy(s->body, k->body, k->len + 1);
    }
    pthread_mutex_unlock(&mu);
    if (r.stall_ms)
        usleep((useconds_t)r.stall_ms * 1000);
    const char *text = r.body ? r.body : "ok";
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (r.retry_after)
        MHD_add_response_header(resp, "Retry-After", r.retry_after);
    enum MHD_Result ret = MHD_queue_response(c, r.status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void done(void *cls, struct MHD_Connection *c, void **state,
                 enum MHD_RequestTerminationCode code)
{
    free(*state);
    *state = NULL;
}

static struct MHD_Daemon *daemon_;
static unsigned port;

static int setup(void **st)
{
    daemon_ = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0,
                               NULL, NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
                               MHD_OPTION_END);
    assert_non_null(daemon_);
    port = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

static int teardown(void **st)
{
    MHD_stop_daemon(daemon_);
    return 0;
}

static void reset(const reply *r, size_t n, unsigned dflt)
{
    pthread_mutex_lock(&mu);
    if (n)
        memcpy(script, r, n * sizeof *r);
    n_script = n;
    next_reply = 0;
    n_reqs = 0;
    default_status = dflt;
    pthread_mutex_unlock(&mu);
}

typedef struct result {
    uint64_t tag;
    char id[64], reason[320];
    na_outcome outcome;
    int attempts;
    long status;
} result;

static result results[MAX_REQ];
static size_t n_results;

static void on_result(const na_delivery_result *r, void *ud)
{
    result *o = &results[n_results++];
    o->tag = r->tag;
    snprintf(o->id, sizeof o->id, "%s", r->alert_id);
    snprintf(o->reason, sizeof o->reason, "%s", r->reason);
    o->outcome = r->outcome;
    o->attempts = r->attempts;
    o->status = r->last_status;
    /* The alert's JSON travels with what is not delivered (a dead letter), only then. */
    if (r->outcome == NA_OUTCOME_DELIVERED)
        assert_null(r->alert_json);
    else
        assert_non_null(strstr(r->alert_json, r->alert_id));
}

static na_destinations *cfg_typed(const char *type, const char *extra, unsigned p)
{
    char text[2048], err[256];
    snprintf(text, sizeof text,
             "{\"destinations\": {\"hook\": {\"type\": \"%s\", \"url\": "
             "\"http://127.0.0.1:%u/hook\", \"secret\": "
             "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\", %s}}}",
             type, p, extra);
    na_destinations *c = na_destinations_parse(text, strlen(text), "test", NULL, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    return c;
}

static na_destinations *cfg_for(const char *extra, unsigned p)
{
    return cfg_typed("generic", extra, p);
}

static na_alert *alert(int i)
{
    na_alert *al = na_alert_new();
    char buf[64];
    snprintf(buf, sizeof buf, "al_test_%d", i);
    al->id = strdup(buf);
    al->rule_id = strdup("sanctions");
    al->headline = strdup("Council agrees new curbs");
    al->severity = strdup("warning");
    return al;
}

/* Submits n alerts and runs the engine until all have an outcome (or 30 s pass). */
static na_delivery *deliver(na_destinations *c, int n)
{
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    assert_non_null(d);
    for (int i = 0; i < n; i++) {
        na_alert *al = alert(i);
        assert_int_equal(na_delivery_submit(d, al, "hook", (uint64_t)i), 0);
        na_alert_destroy(al);
    }
    int64_t until = na_clock_wall_ms() + 30000;
    while (na_delivery_pending(d) && na_clock_wall_ms() < until)
        na_delivery_run(d, 50);
    assert_int_equal(na_delivery_pending(d), 0);
    return d;
}

static void test_delivered_and_signed(void **state)
{
    reset(NULL, 0, 200);
    na_destinations *c = cfg_for("\"retry\": {\"max_attempts\": 2}", port);
    na_delivery *d = deliver(c, 3);
    assert_int_equal(n_results, 3);
    assert_int_equal(n_reqs, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(results[i].outcome, NA_OUTCOME_DELIVERED);
        assert_int_equal(results[i].attempts, 1);
        char sig[NA_SIGN_MAX];
        na_sign_standard(c->items[0].key, c->items[0].key_len, reqs[i].id,
                         strtoll(reqs[i].ts, NULL, 10), reqs[i].body, strlen(reqs[i].body), sig);
        assert_string_equal(reqs[i].sig, sig);
        assert_non_null(strstr(reqs[i].body, reqs[i].id));
    }
    na_alert *al = alert(9);
    assert_int_equal(na_delivery_submit(d, al, "nope", 9), NA_ENOTFOUND);
    na_alert_destroy(al);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_retries_keep_the_id(void **state)
{
    const reply r[] = {{500, NULL, 0, NULL}, {429, "1", 0, NULL}, {200, NULL, 0, NULL}};
    reset(r, 3, 200);
    na_destinations *c = cfg_for("\"retry\": {\"initial_backoff_ms\": 10}", port);
    int64_t t0 = na_clock_wall_ms();
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DELIVERED);
    assert_int_equal(results[0].attempts, 3);
    assert_int_equal(n_reqs, 3);
    assert_string_equal(reqs[0].id, "al_test_0");
    assert_string_equal(reqs[1].id, reqs[0].id);
    assert_string_equal(reqs[2].id, reqs[0].id);
    /* Retry-After: 1 was honoured (backoff alone would be ~10-20 ms). */
    assert_true(na_clock_wall_ms() - t0 >= 1000);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* Discord says how long to wait in its JSON body; configured headers go out on every request. */
static void test_discord_retry_after_and_headers(void **state)
{
    const reply r[] = {{429, NULL, 0, "{\"message\": \"rate limited\", \"retry_after\": 0.6}"}};
    reset(r, 1, 204);
    na_destinations *c = cfg_typed("discord",
                                   "\"headers\": {\"X-Team\": \"desk\"}, \"rate_limit\": "
                                   "{\"per_second\": 0}, \"retry\": {\"initial_backoff_ms\": 1}",
                                   port);
    int64_t t0 = na_clock_wall_ms();
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DELIVERED);
    assert_int_equal(results[0].attempts, 2);
    assert_true(na_clock_wall_ms() - t0 >= 600);
    assert_string_equal(reqs[0].team, "desk");
    assert_string_equal(reqs[1].team, "desk");
    assert_non_null(strstr(reqs[0].body, "\"embeds\""));
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_timeout_then_success(void **state)
{
    const reply r[] = {{200, NULL, 1500, NULL}};
    reset(r, 1, 200);
    na_destinations *c =
        cfg_for("\"timeout_ms\": 300, \"retry\": {\"initial_backoff_ms\": 10}", port);
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DELIVERED);
    assert_int_equal(results[0].attempts, 2);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_permanent_failure(void **state)
{
    reset(NULL, 0, 400);
    na_destinations *c = cfg_for("\"retry\": {\"initial_backoff_ms\": 10}", port);
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DEAD);
    assert_int_equal(results[0].attempts, 1);
    assert_int_equal(results[0].status, 400);
    assert_string_equal(results[0].reason, "HTTP 400 (permanent)");
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_gone_disables(void **state)
{
    reset(NULL, 0, 410);
    na_destinations *c = cfg_for("\"rate_limit\": {\"per_second\": 5, \"burst\": 1}", port);
    na_delivery *d = deliver(c, 3);
    assert_int_equal(n_reqs, 1);
    assert_int_equal(n_results, 3);
    assert_string_equal(results[0].reason, "HTTP 410: destination disabled");
    for (size_t i = 1; i < 3; i++) {
        assert_int_equal(results[i].outcome, NA_OUTCOME_DEAD);
        assert_int_equal(results[i].attempts, 0);
        assert_string_equal(results[i].reason, "destination disabled");
    }
    /* Later alerts for it go straight to DEAD. */
    na_alert *al = alert(7);
    n_results = 0;
    assert_int_equal(na_delivery_submit(d, al, "hook", 7), 0);
    na_alert_destroy(al);
    na_delivery_run(d, 10);
    assert_int_equal(n_results, 1);
    assert_string_equal(results[0].reason, "destination disabled");
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_receiver_down(void **state)
{
    na_destinations *c = cfg_for(
        "\"retry\": {\"max_attempts\": 3, \"initial_backoff_ms\": 10, \"max_backoff_ms\": 20}", 1);
    na_delivery *d = deliver(c, 4);
    assert_int_equal(n_results, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(results[i].outcome, NA_OUTCOME_DEAD);
        assert_int_equal(results[i].attempts, 3);
        assert_int_equal(results[i].status, 0);
        assert_string_equal(results[i].reason,
                            "Couldn't connect to server; gave up after 3 attempts (max_attempts)");
    }
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_max_age(void **state)
{
    reset(NULL, 0, 503);
    /* No attempt limit that jittered short backoffs could reach first: only the age ends it. */
    na_destinations *c = cfg_for("\"retry\": {\"max_age_s\": 1, \"initial_backoff_ms\": 400, "
                                 "\"max_backoff_ms\": 400, \"max_attempts\": 0}",
                                 port);
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DEAD);
    assert_true(results[0].attempts >= 1);
    assert_non_null(strstr(results[0].reason, "HTTP 503; gave up after"));
    assert_non_null(strstr(results[0].reason, "max_age_s 1"));
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

static void test_rate_limit(void **state)
{
    reset(NULL, 0, 200);
    na_destinations *c = cfg_for("\"rate_limit\": {\"per_second\": 10, \"burst\": 1}", port);
    int64_t t0 = na_clock_wall_ms();
    na_delivery *d = deliver(c, 5);
    int64_t took = na_clock_wall_ms() - t0;
    assert_int_equal(n_results, 5);
    assert_true(took >= 390);
    assert_true(took < 3000);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* Answers that put the retry a minute off (a full-jitter backoff may come at once). */
static const reply LATER[3] = {{503, "60", 0, NULL}, {503, "60", 0, NULL}, {503, "60", 0, NULL}};

/* Shutdown never dead-letters: what waits for a retry is left unreported, for a restart. */
static void test_drain_on_shutdown(void **state)
{
    reset(LATER, 3, 500);
    na_destinations *c = cfg_for("\"retry\": {\"initial_backoff_ms\": 5000}", port);
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    for (int i = 0; i < 2; i++) {
        na_alert *al = alert(i);
        na_delivery_submit(d, al, "hook", (uint64_t)i);
        na_alert_destroy(al);
    }
    int64_t t0 = na_clock_wall_ms();
    assert_int_equal(na_delivery_drain(d, t0 + 3000), 2);
    assert_true(na_clock_wall_ms() - t0 < 2000); /* no waiting for the 5 s retries */
    assert_int_equal(n_reqs, 2);                 /* both were tried once */
    assert_int_equal(na_delivery_pending(d), 2);
    assert_int_equal(na_delivery_queued(d, "hook"), 2);
    assert_int_equal(n_results, 0);
    na_delivery_destroy(d); /* frees them without an outcome */
    na_destinations_destroy(c);
}

/* What waits in memory for a retry can be handed back (to be parked), once it waited long. */
static void test_evict_hands_back(void **state)
{
    reset(LATER, 3, 500);
    na_destinations *c = cfg_for("\"retry\": {\"initial_backoff_ms\": 5000}", port);
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    for (int i = 0; i < 3; i++) {
        na_alert *al = alert(i);
        na_delivery_submit(d, al, "hook", (uint64_t)i);
        na_alert_destroy(al);
    }
    int64_t until = na_clock_wall_ms() + 5000;
    while (n_reqs < 3 && na_clock_wall_ms() < until)
        na_delivery_run(d, 20);
    na_delivery_run(d, 20);
    assert_int_equal(n_reqs, 3);
    assert_int_equal(na_delivery_evict(d, 60000), 0); /* not waited that long */
    assert_int_equal(n_results, 0);
    assert_int_equal(na_delivery_evict(d, 0), 3);
    assert_int_equal(n_results, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(results[i].outcome, NA_OUTCOME_EVICTED);
        assert_int_equal(results[i].attempts, 1);
        assert_non_null(strstr(results[i].reason, "in memory after 1 attempts"));
    }
    assert_int_equal(na_delivery_pending(d), 0);
    assert_int_equal(na_delivery_queued(d, "hook"), 0);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* By default only the age bounds retries: more than the old 8 attempts, then delivered. */
static void test_no_count_limit_by_default(void **state)
{
    reply r[12];
    for (size_t i = 0; i < 12; i++)
        r[i] = (reply){i % 2 ? 503 : 500, NULL, 0, NULL};
    reset(r, 12, 200);
    na_destinations *c =
        cfg_for("\"retry\": {\"initial_backoff_ms\": 1, \"max_backoff_ms\": 20}", port);
    assert_int_equal(c->items[0].max_attempts, 0);
    assert_true(c->items[0].max_age_ms >= 3600 * 1000);
    na_delivery *d = deliver(c, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DELIVERED);
    assert_int_equal(results[0].attempts, 13);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* An alert that already waited (parked) since long ago: max_age counts from then. */
static void test_age_counts_from_since(void **state)
{
    reset(NULL, 0, 500);
    na_destinations *c =
        cfg_for("\"retry\": {\"max_age_s\": 60, \"initial_backoff_ms\": 10}", port);
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    na_alert *al = alert(1);
    assert_int_equal(na_delivery_queued(d, "hook"), 0);
    assert_int_equal(na_delivery_submit_since(d, al, "hook", 1, na_clock_wall_ms() - 120 * 1000),
                     0);
    assert_int_equal(na_delivery_queued(d, "hook"), 1);
    assert_int_equal(na_delivery_queued(d, "nope"), 0);
    na_alert_destroy(al);
    int64_t until = na_clock_wall_ms() + 10000;
    while (na_delivery_pending(d) && na_clock_wall_ms() < until)
        na_delivery_run(d, 50);
    assert_int_equal(n_results, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DEAD);
    assert_int_equal(results[0].attempts, 1);
    assert_non_null(strstr(results[0].reason, "max_age_s 60"));
    assert_int_equal(na_delivery_queued(d, "hook"), 0);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* One digest request under its id, retried under it after a 503; each alert reported on its
 * own tag and id; a dead digest dead-letters each alert. */
static void run_digest(na_delivery *d, const char *id, int n)
{
    na_alert *als[3];
    uint64_t tags[3];
    for (int i = 0; i < n; i++) {
        als[i] = alert(i);
        tags[i] = 100 + (uint64_t)i;
    }
    assert_int_equal(na_delivery_submit_digest(d, (const na_alert *const *)als, tags, (size_t)n,
                                               "hook", "rule=sanctions", id),
                     0);
    for (int i = 0; i < n; i++)
        na_alert_destroy(als[i]);
    int64_t until = na_clock_wall_ms() + 30000;
    while (na_delivery_pending(d) && na_clock_wall_ms() < until)
        na_delivery_run(d, 50);
    assert_int_equal(na_delivery_pending(d), 0);
}

static void test_digest_one_request(void **state)
{
    (void)state;
    reply r[] = {{503, NULL, 0, NULL}};
    reset(r, 1, 200);
    na_destinations *c =
        cfg_for("\"retry\": {\"initial_backoff_ms\": 10, \"max_backoff_ms\": 20}", port);
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    run_digest(d, "dg_test", 3);
    assert_int_equal(n_reqs, 2); /* one message, retried once */
    assert_string_equal(reqs[0].id, "dg_test");
    assert_string_equal(reqs[1].id, "dg_test");
    assert_non_null(strstr(reqs[1].body, "\"type\":\"digest\""));
    assert_int_equal(n_results, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(results[i].outcome, NA_OUTCOME_DELIVERED);
        assert_int_equal(results[i].tag, 100 + i);
        char want[32];
        snprintf(want, sizeof want, "al_test_%zu", i);
        assert_string_equal(results[i].id, want);
        assert_int_equal(results[i].attempts, 2);
    }
    na_delivery_destroy(d);
    reset(NULL, 0, 400);
    n_results = 0;
    d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    run_digest(d, "dg_test2", 2);
    assert_int_equal(n_results, 2);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DEAD);
    assert_int_equal(results[1].outcome, NA_OUTCOME_DEAD);
    assert_int_equal(results[1].tag, 101);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

/* Writes one byte to the pipe fd after 100 ms: a record that arrives during the wait. */
static void *write_later(void *arg)
{
    usleep(100 * 1000);
    char one = 1;
    if (write(*(int *)arg, &one, 1) != 1)
        return arg;
    return NULL;
}

/*
 * The latency guard, in turns: while a transfer is held by the receiver, a caller's fd that
 * becomes readable (before or during the wait) ends that very wait, with the transfer still in
 * flight; the wait would otherwise last until the answer (1.5 s) or the 60 s timeout.
 */
static void test_fd_ends_the_wait(void **state)
{
    reply r[] = {{200, NULL, 1500, NULL}};
    reset(r, 1, 200);
    na_destinations *c = cfg_for("\"timeout_ms\": 20000", port);
    char err[256];
    n_results = 0;
    na_delivery *d = na_delivery_new(c, on_result, NULL, err, sizeof err);
    assert_non_null(d);
    na_alert *al = alert(1);
    assert_int_equal(na_delivery_submit(d, al, "hook", 1), 0);
    na_alert_destroy(al);
    int64_t until = na_clock_wall_ms() + 10000;
    while (!n_reqs && na_clock_wall_ms() < until) /* the receiver holds it from now */
        na_delivery_run(d, 20);
    assert_int_equal(n_reqs, 1);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    na_wake why = NA_WAKE_NONE;
    assert_int_equal(write(fds[1], "x", 1), 1); /* readable before the wait */
    assert_int_equal(na_delivery_run_fd(d, 60000, fds[0], &why), 0);
    assert_int_equal(why, NA_WAKE_FD);
    assert_int_equal(na_delivery_pending(d), 1);
    char buf[8];
    assert_int_equal(read(fds[0], buf, sizeof buf), 1);
    pthread_t t; /* readable during the wait */
    assert_int_equal(pthread_create(&t, NULL, write_later, &fds[1]), 0);
    assert_int_equal(na_delivery_run_fd(d, 60000, fds[0], &why), 0);
    assert_int_equal(why, NA_WAKE_FD);
    assert_int_equal(na_delivery_pending(d), 1);
    pthread_join(t, NULL);
    assert_int_equal(read(fds[0], buf, sizeof buf), 1);
    int http = 0; /* the answer wakes the wait too, the fd being quiet */
    while (na_delivery_pending(d) && na_clock_wall_ms() < until + 20000) {
        assert_int_equal(na_delivery_run_fd(d, 60000, fds[0], &why), 0);
        assert_int_not_equal(why, NA_WAKE_FD);
        http += why == NA_WAKE_HTTP;
    }
    assert_int_equal(n_results, 1);
    assert_int_equal(results[0].outcome, NA_OUTCOME_DELIVERED);
    assert_true(http >= 1);
    assert_int_equal(na_delivery_run_fd(d, 30, fds[0], &why), 0); /* nothing but the timeout */
    assert_int_equal(why, NA_WAKE_TIMER);
    close(fds[0]);
    close(fds[1]);
    na_delivery_destroy(d);
    na_destinations_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delivered_and_signed),
        cmocka_unit_test(test_retries_keep_the_id),
        cmocka_unit_test(test_discord_retry_after_and_headers),
        cmocka_unit_test(test_timeout_then_success),
        cmocka_unit_test(test_permanent_failure),
        cmocka_unit_test(test_gone_disables),
        cmocka_unit_test(test_receiver_down),
        cmocka_unit_test(test_max_age),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_drain_on_shutdown),
        cmocka_unit_test(test_evict_hands_back),
        cmocka_unit_test(test_no_count_limit_by_default),
        cmocka_unit_test(test_age_counts_from_since),
        cmocka_unit_test(test_digest_one_request),
        cmocka_unit_test(test_fd_ends_the_wait),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
