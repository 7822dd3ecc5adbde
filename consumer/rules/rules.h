/*
 * The rule engine: rules compiled once into one automaton, evaluated per event
 * (docs/rules.md). This header is the contract the consumer loop and the tests use.
 */
#ifndef NEWSALERT_CONSUMER_RULES_H
#define NEWSALERT_CONSUMER_RULES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rules/alert.h"
#include "newsalert/article.h"

/* The compiled rules: immutable once loaded, shared (const) by every thread that evaluates. */
typedef struct na_rules na_rules;
/* Per-event working memory of one evaluator: Vectorscan scratch, match buffers, positions. */
typedef struct na_rules_state na_rules_state;

/*
 * Loads and compiles rules from a JSON file or a folder of *.json files; path NULL loads the
 * default pack (config/rules/, compiled in). NULL on failure with "file:line:column: message"
 * in errstr.
 */
na_rules *na_rules_load(const char *path, char *errstr, size_t errlen);
/*
 * The same rules for the window stage alone: their windows and alerts, without the scanning
 * automaton (no Vectorscan database, so no compile time or memory for it). Evaluating an
 * article with them fails with NA_EINVAL; the window calls below work as with na_rules_load.
 */
na_rules *na_rules_load_windows(const char *path, char *errstr, size_t errlen);
void na_rules_destroy(na_rules *r);

/* Called once per alert; takes ownership of al. A non-zero return stops the evaluation. */
typedef int (*na_alert_cb)(na_alert *al, void *ud);

/* Evaluates every enabled rule on a; returns 0 or a negative error code. */
int na_rules_eval(na_rules *r, const na_article *a, na_alert_cb cb, void *ud);

/*
 * na_rules_eval with emit 1; with emit 0 (rebuild mode, after a restart or a partition
 * assignment) only rules with a window or a cooldown run: their window counts and cooldown
 * marks change exactly as in normal evaluation, but no alert reaches cb (cb may be NULL).
 */
int na_rules_eval_ex(na_rules *r, const na_article *a, na_alert_cb cb, void *ud, int emit);

/*
 * The calls above use a state r holds, so one thread at a time. For several threads (or a
 * reload that swaps rule sets), give each evaluator its own state: na_rules_state_new makes one
 * for r (NULL with errstr on failure; the CPU budget starts at NA_RULES_BUDGET_S) and it is
 * only used with that r; destroy it before r. r itself is never written by the evaluation.
 * Rules with a window or a cooldown feed their window state (consumer/stream/), which is not
 * shared safely between threads: run those from one thread, or through the match stage.
 */
na_rules_state *na_rules_state_new(const na_rules *r, char *errstr, size_t errlen);
void na_rules_state_destroy(na_rules_state *st);
/* na_rules_eval_ex with the caller's state st (made for r). */
int na_rules_eval_state(const na_rules *r, na_rules_state *st, const na_article *a, na_alert_cb cb,
                        void *ud, int emit);
/* The CPU time one event may take with state st (0: no limit), and the work of its last event. */
void na_rules_state_set_budget(na_rules_state *st, double seconds);
uint64_t na_rules_state_work(const na_rules_state *st);

/*
 * How far back in event time (ms) the state of the rules with a window or a cooldown reaches:
 * the longest horizon (window, twice it for a spike, or the cooldown if longer) plus that
 * rule's lateness. 0 when no rule keeps state: then nothing needs rebuilding.
 */
int64_t na_rules_state_horizon_ms(const na_rules *r);

/*
 * One window rule's match on one article for one group key: what the match stage writes to the
 * matches topic and the window stage reads back (docs/stream-rules.md). Strings are borrowed.
 */
typedef struct na_match {
    const char *rule_id, *group, *article_id;
    int64_t time_ms; /* event time: the published time, else the record's (-1: not known yet) */
    const char *headline, *url, *outlet; /* for the alert and its evidence; may be NULL */
    const char *value; /* a cardinality window's value (the outlet, a place); else NULL */
} na_match;

/* Receives each match; non-zero stops the evaluation (negative: an error code). */
typedef int (*na_match_cb)(const na_match *m, void *ud);

/*
 * Match stage: from now on, rules with a window hand each match to cb (once per group key)
 * instead of counting it; cb NULL restores counting here. Cooldown-only rules are unchanged.
 */
void na_rules_set_match_sink(na_rules *r, na_match_cb cb, void *ud);

/*
 * Window stage: m counts in its rule's window (matches of one key must come in time order,
 * late ones dropped by the caller) and any window alert goes to cb; emit 0 changes the state
 * and raises nothing (rebuild). scope (may be NULL) prefixes the window's key, so the state of
 * one partition can be forgotten apart. 0, or NA_ENOTFOUND when no enabled window rule has
 * that id.
 */
int na_rules_window_apply(na_rules *r, const na_match *m, const char *scope, na_alert_cb cb,
                          void *ud, int emit);
/* 1 when m's window (under scope) already holds it (a repeat), else 0. */
int na_rules_window_holds(const na_rules *r, const na_match *m, const char *scope);
/* Forgets every window key under scope (a partition revoked or re-read). */
void na_rules_window_forget(na_rules *r, const char *scope);
/* The number of enabled rules with a window (0: the stages are not needed). */
size_t na_rules_window_count(const na_rules *r);
/* A window rule's allowed lateness (ms), or -1 when rule_id names no enabled window rule. */
int64_t na_rules_window_lateness(const na_rules *r, const char *rule_id);
/*
 * Flatline windows (docs/stream-rules.md): event time has reached clock, so every window
 * (E - within, E] with E + lateness <= clock is complete; a key's window with fewer than
 * min_events after one with at least that many raises its alert to cb. Window stage: clock is
 * the low watermark, keys under scope; emit 0 raises nothing. 0 or a negative error code.
 */
int na_rules_window_advance(na_rules *r, const char *scope, int64_t clock, na_alert_cb cb, void *ud,
                            int emit);
/* The same for an --input run (rules without a match sink): t is an article's event time. */
int na_rules_window_clock(const na_rules *r, int64_t t, na_alert_cb cb, void *ud);
/* Window stage: drops what no window can reach once every key has passed event time low. */
void na_rules_window_expire(na_rules *r, int64_t low);
/* Bytes held by every rule's window state; *events gets the number of matches held. */
size_t na_rules_window_memory(const na_rules *r, size_t *events);

/* Receives one message per problem found while loading ("file:line:column: message"). */
typedef void (*na_rules_error_cb)(const char *msg, void *ud);

/*
 * Like na_rules_load, but reports every problem (not only the first) to on_error when given, and
 * when destinations is non-NULL rejects destination names it does not list.
 */
na_rules *na_rules_load_ex(const char *path, const na_strlist *destinations,
                           na_rules_error_cb on_error, void *ud, char *errstr, size_t errlen);
/* na_rules_load_ex for the window stage alone, as na_rules_load_windows. */
na_rules *na_rules_load_windows_ex(const char *path, const na_strlist *destinations,
                                   na_rules_error_cb on_error, void *ud, char *errstr,
                                   size_t errlen);

/* Loads rules from text in memory; name labels it in messages ("name:line:column: ..."). */
na_rules *na_rules_load_text(const char *name, const char *text, size_t len,
                             const na_strlist *destinations, na_rules_error_cb on_error, void *ud,
                             char *errstr, size_t errlen);

/*
 * Keeps compiled rule databases in folder dir (made when missing; NULL or "": none, the
 * default), process-wide: a later load of the same literals reads its database back instead of
 * compiling it (docs/rules.md, "Rules cache"). 0 or NA_ENOMEM.
 */
int na_rules_set_cache_dir(const char *dir);

/*
 * The CPU time one event may take in na_rules_eval (thread CPU time; 0: no limit; the default
 * is NA_RULES_BUDGET_S). An event over it stops with NA_EBUDGET and raises no alert: the daemon
 * dead-letters its record as poison and goes on.
 */
#define NA_RULES_BUDGET_S 5.0
void na_rules_set_budget(na_rules *r, double seconds);
/* Work units (text bytes / 16, automaton matches, operand matches, ...) of the last event. */
uint64_t na_rules_work(const na_rules *r);

/*
 * Runs every rule's examples ("examples": {"fire": [...], "quiet": [...]}): each is evaluated
 * against the rule's condition alone (a stream rule without its window). Each failure goes to
 * cb as "file:rule: example N should fire but did not (condition POINTER: why)". Returns the
 * number of failures (0: all pass) or a negative code; *n_run receives the examples run.
 */
int na_rules_check_examples(na_rules *r, na_rules_error_cb cb, void *ud, size_t *n_run);

/*
 * Writes to out, for each event a, why rule rule_id fired or which condition failed: every
 * condition with its verdict, score, matched terms and their positions. NA_ENOTFOUND when no
 * rule has that id.
 */
int na_rules_explain(na_rules *r, const na_article *a, const char *rule_id, FILE *out);

/* The NA_EVENT_* parts of an event (event.h) the enabled rules read; the others may be left
 * undecoded (headline, standfirst, paragraphs and metadata are always read). */
unsigned na_rules_event_parts(const na_rules *r);

/* The number of rules loaded (enabled or not). */
size_t na_rules_count(const na_rules *r);

/* Called per rule, term node and term with the number of mentions counted on one event. */
typedef int (*na_mention_cb)(const char *rule_id, const char *node, const char *term, size_t count,
                             void *ud);

/*
 * Counts, for every enabled rule, each term's mentions in the scope of each term node (after the
 * rule's exclusions); calls cb for non-zero counts. For explanations and the reference check.
 */
int na_rules_mentions(na_rules *r, const na_article *a, na_mention_cb cb, void *ud);

#endif
