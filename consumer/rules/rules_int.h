/* The compiled rule set, shared by the loader, the compiler and the evaluator (not public). */
#ifndef NEWSALERT_CONSUMER_RULES_INT_H
#define NEWSALERT_CONSUMER_RULES_INT_H

#include <stddef.h>
#include <stdint.h>

#include <hs/hs.h>
#include <jansson.h>

#include "newsalert/jconf.h"
#include "newsalert/strmap.h"
#include "rules/normalize.h"
#include "rules/rules.h"

enum {
    NA_F_HEADLINE = 1,
    NA_F_STANDFIRST = 2,
    NA_F_BODY = 4,
    NA_F_QUOTES = 8,
    NA_F_PEOPLE = 16,
    NA_F_PLACES = 32,
    NA_F_ORGS = 64,
    NA_F_ENTITIES = NA_F_PEOPLE | NA_F_PLACES | NA_F_ORGS,
    NA_F_DEFAULT = NA_F_HEADLINE | NA_F_STANDFIRST | NA_F_BODY | NA_F_QUOTES
};

enum rn_kind { RN_TERMS, RN_ALL, RN_ANY, RN_NONE, RN_NEAR, RN_QUANTITY };

typedef struct rnode {
    int kind;
    unsigned fields; /* effective scope, inherited when the node names none */
    double weight;
    size_t min;
    uint32_t *terms; /* terms; for a quantity: its units, for the text fallback */
    size_t n_terms;
    struct rnode **kids; /* all/any/none; near: exactly two operands */
    size_t n_kids;
    int sentence, ordered; /* near: sentence 1, clause 2; ordered 1: A before B, 2: A after B */
    size_t within;
    uint32_t *unless;
    size_t n_unless;
    size_t unless_within; /* SIZE_MAX: unless looks at the sentence; else N words around */
    uint32_t *actor;      /* near: one of these in the first operand's clause */
    size_t n_actor;
    int actor_before;  /* the actor must start before the first operand */
    double qmin, qmax; /* quantity */
    char *pointer;     /* JSON Pointer of the node in its file, for explanations */
} rnode;

enum rw_type { RW_NONE, RW_FREQUENCY, RW_SPIKE, RW_CARDINALITY, RW_FLATLINE };
enum rw_group { RW_G_ALL, RW_G_PLACES, RW_G_PEOPLE, RW_G_ORGS, RW_G_OUTLET };

/* A rule's stream part (docs/rules.md, "Stream rules"): a window, a cooldown, or both. */
typedef struct rwindow {
    int type, group_by;
    int field;           /* cardinality: the rw_group whose distinct values count (not ALL) */
    size_t min_events;   /* flatline: a window below it after one at or above it alerts */
    size_t min_distinct; /* cardinality: distinct values of field needed */
    double factor;       /* spike: current >= factor x previous window */
    int64_t within, lateness, cooldown; /* ms; cooldown 0: none */
} rwindow;

typedef struct na_rstream na_rstream;

typedef struct rule {
    char *id, *description, *severity, *origin;
    na_strlist destinations;
    int enabled;
    double min_score;
    rnode *match;
    uint32_t *exclude;
    size_t n_exclude;
    int needs_hit; /* 0: may fire with no term matched, so evaluated on every event */
    rwindow win;
    na_rstream *stream; /* window state; NULL for plain per-article rules */
    json_t *examples;   /* {"fire": [...], "quiet": [...]} or NULL (a reference held) */
    char *file;         /* the file the rule came from, for example reports */
} rule;

typedef struct rterm {
    char *text; /* as first written */
    char *norm; /* normalised; '*' ends a word stem, NA_FORMS_OPEN alt|alt NA_FORMS_CLOSE: forms */
    uint32_t lit; /* the literal (the part before the first '*') the automaton looks for */
} rterm;

/* A term of a literal: the term's pattern after the literal (NULL: none), and the term. */
struct na_lit_term {
    const char *rest;
    uint32_t term;
};

/*
 * What verifying one automaton match of a literal reads, packed (scan.c's hot loop) into half a
 * cache line: with its first term inline, a literal of one term needs nothing else.
 */
struct na_lit {
    uint32_t len;        /* the literal's length */
    uint32_t first, end; /* its terms: lit_rt[first..end), the first also in one */
    uint32_t exact;      /* 1: it holds a non-word character, which the word view does not keep */
    struct na_lit_term one;
};

/*
 * The compiled rule set: written while loading and compiling, then only read. Evaluation takes
 * a const na_rules and a na_rules_state (rules_state.h) of its own, so threads share one set.
 * Window and cooldown state is not here but behind each rule's stream (consumer/stream/).
 */
struct na_rules {
    rule *rules;
    size_t n_rules, cap_rules;
    rterm *terms;
    size_t n_terms, cap_terms;
    char **lits;
    size_t *lit_len;
    size_t n_lits, cap_lits;
    uint32_t *lit_first, *lit_terms;   /* terms of literal i: lit_terms[lit_first[i]..[i+1]) */
    struct na_lit *lit_tab;            /* per literal, from lit_len and lit_first (64-aligned) */
    struct na_lit_term *lit_rt;        /* per lit_terms entry: the term and its rest */
    uint32_t *term_first, *term_rules; /* rules whose match uses term t */
    uint32_t *always;                  /* rules evaluated on every event */
    /* Term groups rule i cannot hold without (one term of each matched): gate_pool[gate_first[i]
     * ..[i+1]) holds, per group, its size then its terms. Skips most candidates unevaluated. */
    uint32_t *gate_first, *gate_pool;
    size_t n_always;
    size_t n_flatline; /* flatline window rules: the article clock can complete their windows */
    unsigned used_fields;
    int need_quotes;
    na_strmap *term_map, *lit_map;
    hs_database_t *db;
    na_rules_state *st; /* the state of the one-thread calls (na_rules_eval etc.) */
    int windows_only;   /* na_rules_load_windows: no automaton, nothing to scan */
};

/* Word forms ("deny~") are stored as stem, NA_FORMS_OPEN, endings split by NA_FORMS_SEP, close. */
#define NA_FORMS_OPEN '\x01'
#define NA_FORMS_SEP '\x02'
#define NA_FORMS_CLOSE '\x03'

/* Writes the inflections of the ASCII word w[0..n) ("deny": deny denies denied denying) as
 * NA_FORMS_* encoded text into out (size outlen); the number of bytes written, 0 if too long. */
size_t na_rules_forms(const char *w, size_t n, char *out, size_t outlen);

/* Interns a term (normalising it); returns its id or a negative code; *why says what is wrong. */
int64_t na_rules_add_term(na_rules *r, const char *text, const char **why);
/* Builds the automaton and the indexes once every rule is loaded. */
int na_rules_compile(na_rules *r, char *errstr, size_t errlen);
void na_rules_free_compiled(na_rules *r);

/* The rules cache (dbcache.c, na_rules_set_cache_dir): the file name of the database these
 * literals compile to (64 hex digits); 0 or NA_ENOMEM. */
int na_rules_db_key(const char *const *lits, const unsigned *flags, const unsigned *ids,
                    const size_t *lens, unsigned n, unsigned mode, char key[65]);
/* The cached database of key, or NULL (none, no cache, or a damaged file: then a warning). */
hs_database_t *na_rules_db_cache_load(const char *key);
/* Keeps db under key when a cache folder is set (a warning when it cannot, never an error). */
void na_rules_db_cache_store(const char *key, const hs_database_t *db);
void na_rules_node_free(rnode *n);

/* Matches the normalised term pattern at t[s..len); returns the match end or -1. */
long na_rules_term_match(const char *pat, const char *t, size_t len, size_t s);

/*
 * Reads the "window" and "cooldown"/"realert" keys of the rule o, found at JSON Pointer ptr in
 * doc, into *out (stream/parse.c). On error returns -1, the problem reported through doc.
 */
int na_rules_window_parse(na_jconf *doc, json_t *o, const char *ptr, rwindow *out);
/* Window state for a rule with a window or a cooldown (NULL, or on no memory, also NULL). */
na_rstream *na_rstream_new(const rwindow *w);
void na_rstream_destroy(na_rstream *s);
/*
 * The stream stage: the per-article alert al (owned) of rule ru on a goes through the rule's
 * window and cooldown; cb receives whatever alert results. 0, 1 when cb asked to stop, or < 0.
 */
int na_rules_window_feed(const rule *ru, const na_article *a, na_alert *al, na_alert_cb cb,
                         void *ud);

#endif
