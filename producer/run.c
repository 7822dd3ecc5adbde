/* The producer run: inputs -> articles -> enrichment -> events -> sink, then the summary. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "producer.h"
#include "enrich/enrich.h"
#include "input/input.h"
#include "newsalert/config.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"
#include "newsalert/metrics_http.h"
#include "newsalert/signals.h"
#include "newsalert/story.h"
#include "newsalert/clock.h"
#include "pace.h"
#include "progress.h"
#include "sink/sink.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* SIGINT/SIGTERM as in the consumer (signals.h); SIGHUP (systemctl reload, logrotate) is ignored:
 * nothing to reopen, logs go to stderr. */
static void catch_signals(void)
{
    na_signals_catch(on_signal, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
}

struct run {
    const na_producer_opts *o;
    na_sink *sink;
    na_enricher *enricher;
    na_story_index *stories; /* NULL with --no-stories */
    na_progress *progress;
    na_pace pace;
    uint64_t read, files, skipped, skips[NA_SKIP__COUNT];
    uint64_t copies; /* articles that joined an earlier article's story */
};

/* The summary's counters, as metrics (they only grow). */
static void sync_metrics(const struct run *r)
{
    if (!na_metrics_enabled())
        return;
    const na_sink_stats *st = &r->sink->stats;
    na_metrics_set(NA_M_P_READ, NULL, NULL, (double)r->read);
    na_metrics_set(NA_M_P_PRODUCED, NULL, NULL, (double)st->produced);
    na_metrics_set(NA_M_P_DELIVERED, NULL, NULL, (double)st->delivered);
    na_metrics_set(NA_M_P_FAILED, NULL, NULL, (double)st->failed);
    na_health_set(!r->sink->fatal, "fatal Kafka error");
}

static int stopping(const struct run *r)
{
    return stop_signal || r->sink->fatal;
}

static void skip(struct run *r, const na_input_error *e)
{
    r->skipped++;
    r->skips[e->reason]++;
    na_metrics_inc(NA_M_P_REJECTED, na_skip_reason_name(e->reason), NULL);
    na_progress_clear(r->progress);
    na_err("input", "%s", e->msg);
}

/* Sleeps ms in short steps, serving delivery reports, until done or stopping. */
static void wait_for(struct run *r, int64_t ms)
{
    while (ms > 0 && !stopping(r)) {
        int64_t step = ms < 100 ? ms : 100;
        struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        na_sink_poll(r->sink);
        ms -= step;
    }
}

/* The article's story from the index: its signature, and the id of the story it joins (its own
 * id when it starts one). Undated articles are placed at the wall clock. */
static int assign_story(struct run *r, na_article *a)
{
    const char *story;
    a->simhash = na_story_article_simhash(a);
    int64_t t = a->published_ms >= 0 ? a->published_ms : na_clock_wall_ms();
    int rc = na_story_index_assign(r->stories, a->simhash, t, a->id, &story, NULL);
    r->copies += !rc && strcmp(story, a->id) != 0;
    return rc ? rc : na_article_set(&a->story, story);
}

static void publish(struct run *r, const char *name, na_article *a)
{
    na_input_error e;
    char *json = NULL;
    size_t len = 0;
    int rc = na_enricher_run(r->enricher, a);
    if (!rc && r->stories)
        rc = assign_story(r, a);
    if (rc) {
        na_input_fail(&e, NA_SKIP_EVENT, "%s: article %s: enrichment failed: %s", name, a->id,
                      na_strerror(rc));
    } else if ((rc = na_event_encode_version(a, (int)r->o->event_version, &json, &len))) {
        na_input_fail(&e, NA_SKIP_EVENT, "%s: article %s: cannot encode the event: %s", name, a->id,
                      na_strerror(rc));
    } else if (len > NA_EVENT_MAX_SIZE) {
        rc = na_input_fail(&e, NA_SKIP_OVERSIZE,
                           "%s: article %s: event of %zu bytes is over the %u byte event limit",
                           name, a->id, len, NA_EVENT_MAX_SIZE);
        free(json);
    }
    if (rc) {
        skip(r, &e);
        return;
    }
    wait_for(r, na_pace_delay(&r->pace, a->published_ms));
    /* keyed by story: every copy of a story lands on its first article's partition, so one
     * consumer owns the story (docs/stories.md) */
    na_sink_send(r->sink, a->story ? a->story : a->id, json, len, a->published_ms);
}

static void read_file(struct run *r, const char *path, const na_input_opts *io)
{
    na_input_error e;
    na_article *a;
    na_reader *rd = na_reader_open(path, io, &e);
    r->files++;
    if (!rd) {
        if (!(stop_signal && e.reason == NA_SKIP_UNREADABLE)) /* interrupted, not unreadable */
            skip(r, &e);
        return;
    }
    na_debug("input", "%s: %s", path, na_reader_format(rd));
    while (!stopping(r)) {
        int rc = na_reader_next(rd, &a, &e);
        if (rc) {
            if (!(stop_signal && rc == NA_EIO))
                skip(r, &e);
            continue;
        }
        if (!a)
            break;
        r->read++;
        publish(r, path, a);
        na_article_destroy(a);
        na_sink_poll(r->sink);
        na_progress_update(r->progress, r->read, r->sink->stats.delivered, r->sink->stats.failed,
                           r->skipped);
        sync_metrics(r);
    }
    na_progress_clear(r->progress); /* closing may log the file's date warning */
    na_reader_close(rd);
}

static void skip_entry(const na_input_error *e, void *ud)
{
    skip(ud, e);
}

static void read_path(struct run *r, const char *path, const na_input_opts *io)
{
    na_strlist files = {0};
    if (na_input_expand(path, &files, skip_entry, r))
        na_err("input", "%s: out of memory while listing files", path);
    for (size_t i = 0; i < files.n && !stopping(r); i++)
        read_file(r, files.items[i], io);
    na_strlist_clear(&files);
}

/* A feed item, handed to the sink; the poller marks it seen once confirm_feed_items says so. */
static int emit_feed_item(na_article *a, void *ud)
{
    struct run *r = ud;
    uint64_t produced = r->sink->stats.produced;
    r->read++;
    publish(r, a->url ? a->url : a->id, a);
    return r->sink->stats.produced > produced ? 0 : NA_EIO;
}

static uint64_t feeds_failed; /* the sink's failures as of the last confirmation */

/* After each feed poll: waits until the sink confirmed every event (Kafka acknowledgements). */
static int confirm_feed_items(void *ud)
{
    struct run *r = ud;
    na_sink_flush(r->sink, r->o->flush_timeout_ms);
    int lost = r->sink->stats.failed != feeds_failed;
    feeds_failed = r->sink->stats.failed;
    return lost ? NA_EIO : NA_OK;
}

static volatile sig_atomic_t feeds_stop;

/* Runs between polls: delivery reports, progress, and stopping on a signal or a dead sink. */
static void feeds_tick(void *ud)
{
    struct run *r = ud;
    na_sink_poll(r->sink);
    na_progress_update(r->progress, r->read, r->sink->stats.delivered, r->sink->stats.failed,
                       r->skipped);
    sync_metrics(r);
    if (stopping(r))
        feeds_stop = 1;
}

/* "skipped 3: 1 invalid UTF-8, 2 malformed JSON" */
static void skip_summary(const struct run *r, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "skipped %llu", (unsigned long long)r->skipped);
    const char *sep = ": ";
    for (int i = 0; i < NA_SKIP__COUNT && k < n; i++) {
        if (!r->skips[i])
            continue;
        k += (size_t)snprintf(buf + k, n - k, "%s%llu %s", sep, (unsigned long long)r->skips[i],
                              na_skip_reason_name((enum na_skip_reason)i));
        sep = ", ";
    }
}

static void summary(const struct run *r, double secs)
{
    const na_sink_stats *st = &r->sink->stats;
    char skips[512];
    skip_summary(r, skips, sizeof skips);
    int level = st->failed || r->skipped ? NA_LOG_WARN : NA_LOG_INFO;
    na_log(level, "producer",
           "summary: %llu file%s, read %llu, produced %llu, %s %llu, failed %llu, %s "
           "(%.1f s, %.0f events/s)",
           (unsigned long long)r->files, r->files == 1 ? "" : "s", (unsigned long long)r->read,
           (unsigned long long)st->produced, r->o->dry_run ? "written" : "delivered",
           (unsigned long long)st->delivered, (unsigned long long)st->failed, skips, secs,
           secs > 0 ? (double)st->delivered / secs : 0.0);
    if (r->o->speed > 0)
        na_log(r->pace.capped ? NA_LOG_WARN : NA_LOG_INFO, "producer",
               "paced at speed %g: waited %.1f s in all; %llu gap%s cut to --max-gap %.1f s",
               r->o->speed, (double)r->pace.waited_ms / 1000, (unsigned long long)r->pace.capped,
               r->pace.capped == 1 ? "" : "s", (double)r->o->max_gap_ms / 1000);
    if (stop_signal)
        na_log(level, "producer", "stopped early by %s: inputs after that point were not read",
               stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
}

static int open_sink(const na_producer_opts *o, na_sink **out)
{
    char err[512];
    na_kafka_opts ko = {o->brokers, o->topic, &o->common.props, o->connect_timeout_ms,
                        o->common.kafka_debug};
    if (o->dry_run) {
        /* -X is still checked, so a dry run catches what the real run would refuse. */
        if (na_sink_kafka_check(&ko, err, sizeof err)) {
            na_err("producer", "%s", err);
            return NA_EXIT_USAGE;
        }
        *out = na_sink_stdout_new(stdout, err, sizeof err);
    } else {
        int rc = na_sink_kafka_new(&ko, out, err, sizeof err);
        if (rc) {
            na_err("producer", "%s", err);
            return rc == NA_EINVAL ? NA_EXIT_USAGE : NA_EXIT_FATAL;
        }
    }
    if (!*out) {
        na_err("producer", "%s", err);
        return NA_EXIT_FATAL;
    }
    return NA_EXIT_OK;
}

int na_producer_run(const na_producer_opts *o)
{
    na_cli_common_apply(&o->common);
    if (o->config_dir)
        na_config_set_dir(o->config_dir);
    catch_signals();

    struct run r = {.o = o};
    na_pace_init(&r.pace, o->speed, o->max_gap_ms);
    char err[512];
    na_metrics_http *mh = NULL;
    if (o->metrics_addr) {
        na_metrics_enable(NA_METRICS_PRODUCER);
        if (!(mh = na_metrics_http_new(o->metrics_addr, err, sizeof err))) {
            na_err("producer", "%s", err);
            return NA_EXIT_FATAL;
        }
    }
    int code = open_sink(o, &r.sink);
    if (code) {
        na_metrics_http_destroy(mh);
        return code;
    }
    sync_metrics(&r);
    if (!(r.enricher = na_enricher_new(err, sizeof err))) {
        na_err("producer", "enrichment: %s", err);
        na_sink_destroy(r.sink);
        return NA_EXIT_FATAL;
    }
    if (!o->no_stories &&
        !(r.stories = na_story_index_new((int)o->story_distance, o->story_horizon_ms))) {
        na_enricher_destroy(r.enricher);
        na_sink_destroy(r.sink);
        return NA_EXIT_FATAL;
    }
    r.progress = na_progress_new(o->common.log_level > NA_LOG_ERROR && isatty(STDERR_FILENO));
    if (!r.progress) {
        na_enricher_destroy(r.enricher);
        na_sink_destroy(r.sink);
        return NA_EXIT_FATAL;
    }

    na_input_opts io = {o->max_record};
    for (size_t i = 0; i < o->n_paths && !stopping(&r); i++)
        read_path(&r, o->paths[i], &io);
    int feeds = NA_OK;
    if (na_feed_cli_active(&o->feeds) && !stopping(&r)) {
        na_feed_sink fs = {emit_feed_item, confirm_feed_items, &r};
        feeds_failed = r.sink->stats.failed;
        feeds = na_feed_cli_run(&o->feeds, &fs, &feeds_stop, feeds_tick, &r);
    }
    na_sink_flush(r.sink, o->flush_timeout_ms);
    sync_metrics(&r);
    na_progress_clear(r.progress);
    summary(&r, na_progress_elapsed(r.progress));
    if (r.stories)
        na_info("producer", "stories: %llu articles joined an earlier article's story",
                (unsigned long long)r.copies);

    if ((r.sink->fatal && !o->dry_run) || (feeds && feeds != NA_EHTTP))
        code = NA_EXIT_FATAL;
    else if (feeds || r.sink->stats.failed || r.skipped ||
             r.sink->stats.delivered != r.sink->stats.produced)
        code = NA_EXIT_DATA;
    na_progress_destroy(r.progress);
    na_story_index_destroy(r.stories);
    na_enricher_destroy(r.enricher);
    na_sink_destroy(r.sink);
    na_metrics_http_destroy(mh);
    return code;
}
