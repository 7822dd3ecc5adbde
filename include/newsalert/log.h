/* Levelled logging to stderr; the level is checked before any formatting happens; secrets are
 * redacted and a storm of one kind of line is rate-limited. */
#ifndef NEWSALERT_LOG_H
#define NEWSALERT_LOG_H

enum na_log_level { NA_LOG_ERROR = 0, NA_LOG_WARN = 1, NA_LOG_INFO = 2, NA_LOG_DEBUG = 3 };

extern int na_log_level_current;

void na_log_set_level(int level);
/* Switches between "LEVEL component: message" lines and one JSON object per line. */
void na_log_set_json(int on);
/* Parses "error|warn|info|debug"; returns the level or -1. */
int na_log_level_parse(const char *s);
/* Parses a --log-format value: 0 for "text", 1 for "json", -1 for anything else. */
int na_log_format_parse(const char *s);
/* Rate limit per call site: at most burst lines per interval_s seconds, then one line with the
 * count of those dropped (defaults 20 per 10 s; burst 0: no limit; debug lines are not limited).
 * Lines are always redacted (redact.h). */
void na_log_set_rate_limit(int burst, int interval_s);
/* Shows line as the progress line at the bottom of a terminal (stderr), kept under the log
 * lines written after it; NULL takes it away. Only for a stderr that is a terminal. */
void na_log_progress(const char *line);
void na_log_write(int level, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define na_log(level, component, ...)                                                              \
    do {                                                                                           \
        if ((level) <= na_log_level_current)                                                       \
            na_log_write((level), (component), __VA_ARGS__);                                       \
    } while (0)
#define na_err(c, ...) na_log(NA_LOG_ERROR, c, __VA_ARGS__)
#define na_warn(c, ...) na_log(NA_LOG_WARN, c, __VA_ARGS__)
#define na_info(c, ...) na_log(NA_LOG_INFO, c, __VA_ARGS__)
#define na_debug(c, ...) na_log(NA_LOG_DEBUG, c, __VA_ARGS__)

#endif
