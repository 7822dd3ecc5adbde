/*
 * Command-line options declared once: each option is one row (names, argument, target, default,
 * range, help line, category). getopt_long's table, the --help text, the defaults and the range
 * checks all come from the rows. The options both binaries share (-q -v --log-level --log-format
 * -X -h -V) are the rows of NA_OPTS_COMMON, so they mean the same in both.
 */
#ifndef NEWSALERT_OPTS_H
#define NEWSALERT_OPTS_H

#include <stddef.h>
#include <stdio.h>

#include "newsalert/article.h"

enum na_opt_kind {
    NA_OPT_END = 0, /* the row that ends a table */
    NA_OPT_FLAG,    /* int = 1 */
    NA_OPT_COUNT,   /* int += 1 (repeatable) */
    NA_OPT_SET,     /* int = row.value (a mode) */
    NA_OPT_STR,     /* const char * = the argument, borrowed from argv */
    NA_OPT_LIST,    /* na_strlist: the argument appended (repeatable), once row.set accepts it */
    NA_OPT_ULONG,   /* unsigned long, decimal, within [min, max] */
    NA_OPT_DOUBLE,  /* double within [min, max] */
    NA_OPT_MS,      /* int milliseconds, given as seconds (fractions allowed) within [min, max] */
    NA_OPT_SIZE,    /* size_t bytes, K/M/G suffixes allowed, within [min, max] */
    NA_OPT_FUNC     /* row.set(target + offset, args, ...) */
};

/*
 * A setter of NA_OPT_FUNC: args holds row.words words. Returns 0, or NA_EINVAL with what was
 * expected in err ("expected seconds > 0"); the caller prefixes "--name value: ".
 */
typedef int (*na_opt_set_fn)(void *field, void *opts, const char *const *args, char *err,
                             size_t errlen);

typedef struct na_opt {
    enum na_opt_kind kind;
    const char *name;     /* long name without "--" */
    int short_name;       /* a letter, or 0 */
    const char *arg;      /* argument name in --help ("FILE"); NULL: takes no argument */
    size_t offset;        /* the field set, from the start of the options struct */
    const char *def;      /* default, as text parsed like an argument; NULL: none */
    const char *env;      /* an environment variable that overrides def when set and not empty */
    double min, max;      /* range of numbers (ULONG, DOUBLE, MS in seconds, SIZE in bytes) */
    long value;           /* NA_OPT_SET: the value stored */
    na_opt_set_fn set;    /* NA_OPT_FUNC: the setter; NA_OPT_LIST: a check (may be NULL) */
    int words;            /* arguments taken (FUNC only; 0 means 1) */
    const char *help;     /* one sentence; wrapped by --help */
    const char *category; /* --help section heading; rows of one category are printed together */
} na_opt;

/* What the shared rows set: one struct, one meaning in both binaries. */
typedef struct na_cli_common {
    int log_level;    /* NA_LOG_*: --log-level or the binary's default; then -q, -v applied */
    int quiet;        /* -q given */
    int verbose;      /* -v count */
    int kafka_debug;  /* a -v past debug: librdkafka's debug logs as well */
    int log_json;     /* --log-format json */
    na_strlist props; /* -X key=value, in order */
    int list_props;   /* -X list */
    int help, version;
} na_cli_common;

/* Setters of the shared rows (used by NA_OPTS_COMMON). */
int na_opts_set_log_level(void *field, void *opts, const char *const *args, char *err, size_t len);
int na_opts_set_log_format(void *field, void *opts, const char *const *args, char *err, size_t len);
int na_opts_set_property(void *field, void *opts, const char *const *args, char *err, size_t len);

#define NA_OPTS_CAT_LOG "Logging, Kafka properties, help"
/* The rows of --log-level -q -v --log-format -X -h -V for a struct TYPE with a na_cli_common
 * FIELD; LEVEL is the binary's default log level ("info" or "warn"). */
// clang-format off
#define NA_OPTS_COMMON(TYPE, FIELD, LEVEL) \
    {.kind = NA_OPT_FUNC, .name = "log-level", .arg = "LEVEL", \
     .offset = offsetof(TYPE, FIELD.log_level), .def = LEVEL, .set = na_opts_set_log_level, \
     .help = "error, warn, info or debug", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_FLAG, .name = "quiet", .short_name = 'q', \
     .offset = offsetof(TYPE, FIELD.quiet), \
     .help = "errors only (--log-level error); not with -v", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_COUNT, .name = "verbose", .short_name = 'v', \
     .offset = offsetof(TYPE, FIELD.verbose), \
     .help = "one level more per -v (warn, info, debug); one more past debug adds librdkafka's " \
             "debug logs", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_FUNC, .name = "log-format", .arg = "FORMAT", \
     .offset = offsetof(TYPE, FIELD.log_json), .def = "text", .set = na_opts_set_log_format, \
     .help = "text, or json (one JSON object per log line)", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_FUNC, .name = "property", .short_name = 'X', .arg = "KEY=VALUE", \
     .offset = offsetof(TYPE, FIELD), .set = na_opts_set_property, \
     .help = "librdkafka property, repeatable, applied after the defaults; -X list prints them " \
             "all", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_FLAG, .name = "help", .short_name = 'h', \
     .offset = offsetof(TYPE, FIELD.help), \
     .help = "print this help and exit", .category = NA_OPTS_CAT_LOG}, \
    {.kind = NA_OPT_FLAG, .name = "version", .short_name = 'V', \
     .offset = offsetof(TYPE, FIELD.version), \
     .help = "print the version and exit", .category = NA_OPTS_CAT_LOG}
// clang-format on

/* Options both binaries have, with one meaning: a row each for a struct TYPE's FIELD, shown
 * under the binary's category CAT. */
// clang-format off
#define NA_OPT_CONFIG_DIR(TYPE, FIELD, CAT) \
    {.kind = NA_OPT_STR, .name = "config-dir", .arg = "DIR", .offset = offsetof(TYPE, FIELD), \
     .help = "configuration folder (gazetteer/, rules/) read instead of $NEWSALERT_CONFIG_DIR " \
             "or the built-in defaults", .category = CAT}
#define NA_OPT_CONNECT_TIMEOUT(TYPE, FIELD, CAT) \
    {.kind = NA_OPT_MS, .name = "connect-timeout", .arg = "SEC", .offset = offsetof(TYPE, FIELD), \
     .def = "10", .max = 86400, .help = "how long to wait for the brokers at start; then exit 3", \
     .category = CAT}
/* Stories (docs/stories.md): the horizon, in both binaries; HELP says what it bounds there. */
#define NA_OPT_STORY_HORIZON(TYPE, FIELD, CAT, HELP) \
    {.kind = NA_OPT_MS, .name = "story-horizon", .arg = "SEC", .offset = offsetof(TYPE, FIELD), \
     .def = "172800", .min = 1, .max = 604800, .help = HELP, .category = CAT}
#define NA_OPT_METRICS_ADDR(TYPE, FIELD, CAT) \
    {.kind = NA_OPT_STR, .name = "metrics-addr", .arg = "HOST:PORT", \
     .offset = offsetof(TYPE, FIELD), .help = "serve /metrics (Prometheus), /healthz and /readyz", \
     .category = CAT}
// clang-format on

/*
 * Sets every row's default in opts, then parses argv[1..] into it. Rows may come in several
 * tables (each ending with an NA_OPT_END row), given as a NULL-terminated list. given, when not
 * NULL, receives per row (counted across the tables in order) how many times it was given.
 * Returns 0 with *first_operand the index of the first non-option word, or NA_EINVAL with
 * "--name value: expected ..." in err; NA_ENOMEM.
 */
int na_opts_parse(const na_opt *const *tables, void *opts, int argc, char **argv,
                  int *first_operand, unsigned char *given, char *err, size_t errlen);

/* Number of rows in tables (what given must hold). */
size_t na_opts_count(const na_opt *const *tables);

/* The row named name ("input" or "i"), or NULL; *index, when not NULL, gets its place. */
const na_opt *na_opts_find(const na_opt *const *tables, const char *name, size_t *index);

/* Writes the option list: per category a heading, then per row "  -x, --name ARG  help". */
void na_opts_usage(const na_opt *const *tables, FILE *f);

/* Frees the NA_OPT_LIST lists the rows filled in opts. */
void na_opts_free(const na_opt *const *tables, void *opts);

/* Writes the signal behaviour and the exit-code table of exit.h, as both --help outputs list
 * them. */
void na_opts_exit_usage(FILE *f);

/* After parsing: resolves -q and -v into log_level and kafka_debug. 0, or NA_EINVAL (both
 * given) with a message in err. */
int na_cli_common_finish(na_cli_common *c, char *err, size_t errlen);
/* Applies the shared options to the process: the log level and the log format. */
void na_cli_common_apply(const na_cli_common *c);
void na_cli_common_free(na_cli_common *c);

#endif
