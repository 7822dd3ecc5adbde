/* --check and the loader every mode shares: rules and consumer config parsed once, the same way. */
#ifndef NEWSALERT_CONSUMER_CHECK_H
#define NEWSALERT_CONSUMER_CHECK_H

#include <stdio.h>

#include "config/destinations.h"
#include "consumer.h"
#include "rules/rules.h"

/*
 * Loads o->config when given (the whole destinations config, secrets resolved, as the daemon
 * needs it), then o->rules checked against its destination names, and --destination against
 * the config. Every problem goes to errf as "file:line:col: message". Returns NA_EXIT_OK with
 * *rules and *dests set (new, caller destroys; *dests NULL without -c), NA_EXIT_USAGE when the
 * config or --destination is invalid, NA_EXIT_DATA when the rules are.
 */
int na_check_load(const struct na_consumer_cli *o, FILE *errf, na_rules **rules,
                  na_destinations **dests);
/* na_check_load with the window stage's copy of the rules (na_rules_load_windows_ex). */
int na_check_load_windows(const struct na_consumer_cli *o, FILE *errf, na_rules **rules,
                          na_destinations **dests);

/* --check: na_check_load, then one line per file on out; NA_EXIT_DATA on any problem. */
int na_check_run(const struct na_consumer_cli *o, FILE *out, FILE *errf);

/* --print-default-rules: the built-in rule pack as one rules file on out. */
int na_check_print_default_rules(FILE *out, FILE *errf);

#endif
