#include "newsalert/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "newsalert/clock.h"

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

void na_log_write(int level, const char *component, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
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
        fputs(buf, stderr);
    } else {
        fprintf(stderr, "%s %s: %s\n", level_names[level], component, msg);
    }
}
