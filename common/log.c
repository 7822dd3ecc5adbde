#include "newsalert/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "newsalert/clock.h"
#include "newsalert/metrics.h"
#include "newsalert/redact.h"

int na_log_level_current = NA_LOG_INFO;
static int log_json;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void na_log_set_level(int level)
{
    na_log_level_current = level < NA_LOG_ERROR   ? NA_LOG_ERROR
                           : level > NA_LOG_DEBUG ? NA_LOG_DEBUG
                                                  : level;
}

void na_log_set_json(int on)
{
    log_json = on;
}

int na_log_level_parse(const char *s)
{
    for (int i = 0; i <= NA_LOG_DEBUG; i++)
        if (strcasecmp(s, level_names[i]) == 0)
            return i;
    if (strcasecmp(s, "warning") == 0)
        return NA_LOG_WARN;
    return -1;
}

static void json_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
}

int na_log_format_parse(const char *s)
{
    return strcmp(s, "text") == 0 ? 0 : strcmp(s, "json") == 0 ? 1 : -1;
}

/*
 * The rate limit: a reason is a call site (its format string and component). Each may write
 * limit_burst lines per limit_s seconds (0: no limit); past that its lines are counted, and the
 * first line of a later interval says how many were dropped.
 */
#define LIMIT_SLOTS 256
static int limit_burst = 20, limit_s = 10;

void na_log_set_rate_limit(int burst, int interval_s)
{
    limit_burst = burst;
    limit_s = interval_s > 0 ? interval_s : 1;
}

static struct {
    pthread_mutex_t mu;
    struct reason {
        const char *fmt, *component;
        int64_t window;
        unsigned lines;
        unsigned long dropped;
    } slot[LIMIT_SLOTS];
} limit = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* 1 when the line may be written; *dropped: lines of this reason dropped before it. */
static int allowed(const char *fmt, const char *component, unsigned long *dropped)
{
    int64_t window = na_clock_mono_ms() / 1000 / limit_s;
    uintptr_t h = ((uintptr_t)fmt >> 3) ^ ((uintptr_t)component >> 5);
    pthread_mutex_lock(&limit.mu);
    struct reason *r = &limit.slot[h % LIMIT_SLOTS];
    if (r->fmt != fmt || r->component != component) /* a new reason takes the slot over */
        *r = (struct reason){fmt, component, window, 0, 0};
    if (r->window != window) {
        r->window = window;
        r->lines = 0;
    }
    int ok = !limit_burst || r->lines < (unsigned)limit_burst;
    *dropped = 0;
    if (ok) {
        r->lines++;
        *dropped = r->dropped;
        r->dropped = 0;
    } else
        r->dropped++;
    pthread_mutex_unlock(&limit.mu);
    if (!ok)
        na_metrics_inc(NA_M_LOG_SUPPRESSED, component, NULL);
    return ok;
}

/* The progress line on a terminal (na_log_progress): redrawn under every log line. */
static struct {
    pthread_mutex_t mu;
    char text[256];
} progress = {.mu = PTHREAD_MUTEX_INITIALIZER};

void na_log_write(int level, const char *component, const char *fmt, ...)
{
    unsigned long dropped = 0;
    if (level < NA_LOG_DEBUG && !allowed(fmt, component, &dropped)) /* debug asked for it all */
        return;
    char raw[2048], msg[2200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    size_t n = na_redact(raw, msg, sizeof msg);
    if (dropped)
        snprintf(msg + n, sizeof msg - n,
                 " (%lu similar line%s dropped before this one: at most %d per %d s)", dropped,
                 dropped == 1 ? "" : "s", limit_burst, limit_s);
    if (level < 0)
        level = 0;
    if (level > NA_LOG_DEBUG)
        level = NA_LOG_DEBUG;

    /* One fprintf per line keeps lines from threads whole. */
    if (log_json) {
        char buf[4096];
        FILE *m = fmemopen(buf, sizeof buf, "w");
        if (!m)
            return;
        int64_t ms = na_clock_wall_ms();
        time_t secs = (time_t)(ms / 1000);
        struct tm tm;
        gmtime_r(&secs, &tm);
        fprintf(
            m, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"%s\",\"component\":\"",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
            (long)(ms % 1000), level_names[level]);
        json_escape(m, component);
        fputs("\",\"msg\":\"", m);
        json_escape(m, msg);
        fputs("\"}\n", m);
        fputc('\0', m);
        fclose(m);
        buf[sizeof buf - 1] = '\0';
        pthread_mutex_lock(&progress.mu);
        fprintf(stderr, "%s%s%s", progress.text[0] ? "\r\033[K" : "", buf, progress.text);
        pthread_mutex_unlock(&progress.mu);
    } else {
        pthread_mutex_lock(&progress.mu); /* the line goes above the progress line */
        fprintf(stderr, "%s%s %s: %s\n%s", progress.text[0] ? "\r\033[K" : "", level_names[level],
                component, msg, progress.text);
        pthread_mutex_unlock(&progress.mu);
    }
}

void na_log_progress(const char *line)
{
    pthread_mutex_lock(&progress.mu);
    int shown = progress.text[0] != '\0';
    if (line)
        snprintf(progress.text, sizeof progress.text, "%s\033[K", line);
    else
        progress.text[0] = '\0';
    if (line || shown)
        fprintf(stderr, "\r%s", line ? progress.text : "\033[K");
    pthread_mutex_unlock(&progress.mu);
}
