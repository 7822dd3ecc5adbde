/* --diff-rules OLD NEW: what changing a rule set would change, on the same input. */
#ifndef NEWSALERT_CONSUMER_DIFF_RULES_H
#define NEWSALERT_CONSUMER_DIFF_RULES_H

#include <stdio.h>

#include "consumer.h"

/*
 * Runs both rule sets over o->input; writes to out one JSON a line per alert that only one of
 * them raises (the alert plus "change": "added" | "removed"), in input order, and a summary to
 * errf. Returns the process exit code.
 */
int na_diff_rules_run(const struct na_consumer_cli *o, FILE *out, FILE *errf);

#endif
