/*
 * The rule engine: rules compiled once into one automaton, evaluated per event
 * (docs/rules.md). This header is the contract the consumer loop and the tests use.
 */
#ifndef NEWSALERT_CONSUMER_RULES_H
#define NEWSALERT_CONSUMER_RULES_H

#include <stddef.h>

#include "newsalert/alert.h"
#include "newsalert/article.h"

typedef struct na_rules na_rules;

/*
 * Loads and compiles rules from a JSON file or a folder of *.json files; path NULL loads the
 * default pack (config/rules/, compiled in). NULL on failure with "file:line:column: message"
 * in errstr.
 */
na_rules *na_rules_load(const char *path, char *errstr, size_t errlen);
void na_rules_destroy(na_rules *r);

/* Called once per alert; takes ownership of al. A non-zero return stops the evaluation. */
typedef int (*na_alert_cb)(na_alert *al, void *ud);

/* Evaluates every enabled rule on a; returns 0 or a negative error code. */
int na_rules_eval(na_rules *r, const na_article *a, na_alert_cb cb, void *ud);

#endif
