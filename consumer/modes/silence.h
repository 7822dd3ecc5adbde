/*
 * newsalert-consumer silence add|list|expire (docs/silences.md): silences written to and read
 * from the compacted silences topic, with the daemon's broker and -X options.
 */
#ifndef NEWSALERT_CONSUMER_MODES_SILENCE_H
#define NEWSALERT_CONSUMER_MODES_SILENCE_H

#include <stdint.h>
#include <stdio.h>

#include "newsalert/opts.h"

enum na_silence_action { NA_SILENCE_HELP, NA_SILENCE_ADD, NA_SILENCE_LIST, NA_SILENCE_EXPIRE };

struct na_silence_cli {
    int action;
    const char *id;                   /* expire ID */
    const char *rule;                 /* add: the rule=R matcher */
    na_strlist match;                 /* add: --match LABEL=VALUE, in order */
    int64_t for_ms, starts_ms;        /* add: --for, --starts-at (0: now) */
    const char *comment, *created_by; /* add */
    int all, json;                    /* list */
    const char *brokers, *topic;      /* every action */
    int connect_timeout_ms;
    na_cli_common common;
};

/* The option tables of the silence subcommands (NULL-terminated), for the drift test. */
const na_opt *const *na_silence_cli_rows(void);
/* The help of "newsalert-consumer silence": each action with its options. */
void na_silence_cli_usage(FILE *f);

/*
 * Parses argv as "silence ACTION [ID] [options]" (argv[0] is "silence"). 0, or NA_EXIT_USAGE
 * with err. Free with na_silence_cli_free, also after an error.
 */
int na_silence_cli_parse(int argc, char **argv, struct na_silence_cli *o, char *err, size_t errlen);
void na_silence_cli_free(struct na_silence_cli *o);
/* Runs the action; the process exit code (newsalert/exit.h). */
int na_silence_cli_run(const struct na_silence_cli *o, FILE *out, FILE *errf);

#endif
