/* Rate-limited logs: a small table of reasons, each with the time of its last line and a count. */
#include "daemon/ratelog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/clock.h"
#include "newsalert/log.h"

#define SLOTS 32 /* distinct reasons kept; the oldest is reused beyond */
#define REASON_MAX 160

typedef struct slot {
    char reason[REASON_MAX];
    int64_t last_ms;
    unsigned long held;
    int level;
    char component[24];
} slot;

struct na_ratelog {
    pthread_mutex_t mu;
    int64_t interval_ms;
    slot slots[SLOTS];
    size_t n;
};

na_ratelog *na_ratelog_new(int64_t interval_ms)
{
    na_ratelog *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    pthread_mutex_init(&rl->mu, NULL);
    rl->interval_ms = interval_ms;
    return rl;
}

void na_ratelog_destroy(na_ratelog *rl)
{
    if (!rl)
        return;
    for (size_t i = 0; i < rl->n; i++)
        if (rl->slots[i].held && rl->slots[i].component[0])
            na_log(rl->slots[i].level, rl->slots[i].component, "%s (%lu more like it)",
                   rl->slots[i].reason, rl->slots[i].held);
    pthread_mutex_destroy(&rl->mu);
    free(rl);
}

/* The slot for reason: found, free, or the least recently printed one. Under the lock. */
static slot *find(na_ratelog *rl, const char *reason)
{
    size_t oldest = 0;
    for (size_t i = 0; i < rl->n; i++) {
        if (!strncmp(rl->slots[i].reason, reason, REASON_MAX - 1))
            return &rl->slots[i];
        if (rl->slots[i].last_ms < rl->slots[oldest].last_ms)
            oldest = i;
    }
    slot *s = rl->n < SLOTS ? &rl->slots[rl->n++] : &rl->slots[oldest];
    memset(s, 0, sizeof *s);
    snprintf(s->reason, sizeof s->reason, "%s", reason);
    s->last_ms = INT64_MIN;
    return s;
}

static int allow(na_ratelog *rl, const char *reason, int64_t now_ms, unsigned long *held, int level,
                 const char *component)
{
    pthread_mutex_lock(&rl->mu);
    slot *s = find(rl, reason);
    int ok = s->last_ms == INT64_MIN || now_ms - s->last_ms >= rl->interval_ms;
    if (ok) {
        *held = s->held;
        s->held = 0;
        s->last_ms = now_ms;
    } else {
        s->held++;
    }
    if (component) {
        s->level = level;
        snprintf(s->component, sizeof s->component, "%s", component);
    }
    pthread_mutex_unlock(&rl->mu);
    return ok;
}

int na_ratelog_allow(na_ratelog *rl, const char *reason, int64_t now_ms, unsigned long *held)
{
    return allow(rl, reason, now_ms, held, NA_LOG_ERROR, NULL);
}

void na_ratelog_write(na_ratelog *rl, int level, const char *component, const char *fmt, ...)
{
    if (level > na_log_level_current)
        return;
    char msg[REASON_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    unsigned long held = 0;
    if (!allow(rl, msg, na_clock_mono_ms(), &held, level, component))
        return;
    if (held)
        na_log_write(level, component, "%s (and %lu more like it since the last such line)", msg,
                     held);
    else
        na_log_write(level, component, "%s", msg);
}
