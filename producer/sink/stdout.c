/* The --dry-run sink: one event JSON per line on stdout. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "newsalert/error.h"
#include "newsalert/log.h"
#include "sink/sink.h"

/* Events between explicit flushes: bounds what a late write error leaves uncertain. */
#define FLUSH_EVERY 256

struct stdout_sink {
    na_sink base;
    FILE *f;
    uint64_t unflushed, flush_every;
};

/* Events written since the last good flush cannot be vouched for once a flush fails. */
static int flush_now(struct stdout_sink *s)
{
    if (fflush(s->f) == 0) {
        s->base.stats.delivered += s->unflushed;
        s->unflushed = 0;
        return NA_OK;
    }
    na_err("sink", "writing events to stdout: %s", strerror(errno));
    s->base.stats.failed += s->unflushed;
    s->unflushed = 0;
    s->base.fatal = 1;
    return NA_EIO;
}

static int stdout_send(na_sink *base, const char *key, char *value, size_t len, int64_t ts_ms)
{
    struct stdout_sink *s = (struct stdout_sink *)base;
    (void)key;
    (void)ts_ms;
    base->stats.produced++;
    int ok = !base->fatal && fwrite(value, 1, len, s->f) == len && putc('\n', s->f) != EOF;
    free(value);
    if (!ok) {
        base->stats.failed++;
        if (!base->fatal)
            na_err("sink", "writing event for article %s to stdout: %s", key, strerror(errno));
        base->fatal = 1;
        return NA_EIO;
    }
    if (++s->unflushed >= s->flush_every)
        return flush_now(s);
    return NA_OK;
}

static int stdout_flush(na_sink *base, int timeout_ms)
{
    (void)timeout_ms;
    return flush_now((struct stdout_sink *)base);
}

static void stdout_destroy(na_sink *base)
{
    free(base);
}

static const struct na_sink_ops stdout_ops = {stdout_send, NULL, stdout_flush, stdout_destroy};

na_sink *na_sink_stdout_new(FILE *f, char *errstr, size_t errlen)
{
    struct stdout_sink *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(errstr, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &stdout_ops;
    s->f = f;
    /* A pipe or terminal reader (jq, a consumer) gets each event at once; a file gets batches. */
    struct stat st;
    s->flush_every = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? FLUSH_EVERY : 1;
    return &s->base;
}
