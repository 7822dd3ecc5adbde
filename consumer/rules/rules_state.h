/* Per-event working memory of the evaluator, reused from one event to the next. */
#ifndef NEWSALERT_CONSUMER_RULES_STATE_H
#define NEWSALERT_CONSUMER_RULES_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "rules/rules_int.h"

#define NA_NO_SENTENCE UINT32_MAX

struct na_seg {
    const char *orig; /* the field's original text */
    size_t olen;
    uint32_t ns, ne; /* its normalised range in the shared buffer */
    unsigned fields; /* one NA_F_* bit */
    uint32_t index;  /* paragraph or entity index */
    int ident;       /* normalised offsets are the original offsets (see na_norm.ident) */
};

struct na_hit {
    uint32_t term, seg, s, e; /* normalised offsets */
    unsigned fields;          /* the segment's bit, plus NA_F_QUOTES inside a quotation */
};

struct na_raw {
    uint32_t lit, end;
};

struct na_sent {
    size_t os, oe; /* original byte offsets in the paragraph */
    size_t para;
};

/* A place a condition matched: a term match or a quantity, in normalised offsets. */
struct na_pos {
    uint32_t seg, s, e;
    unsigned fields;
    const char *term;
    const char *text; /* a quantity's own text, when the event gave one */
};

struct na_posv {
    struct na_pos *p;
    size_t n, cap;
};

struct na_rules_state {
    const na_rules *r;     /* the rule set it was made for */
    hs_scratch_t *scratch; /* Vectorscan's, for r->db */
    struct na_posv pv[2];  /* operands of the condition being evaluated */
    na_norm norm; /* the fields' text and its word view (norm.view): what the automaton scans */
    const na_article *a;
    struct na_seg *segs;
    size_t n_segs, cap_segs, para_seg0;
    int segs_outside_default; /* entity fields were scanned too */
    struct na_raw *raw;
    size_t n_raw, cap_raw;
    struct na_hit *hits, *sorted; /* as found; grouped by term (the index points here) */
    size_t n_hits, cap_hits, cap_sorted;
    uint32_t *touched, *tfill; /* terms matched in this event; placement cursors */
    size_t n_touched;
    uint32_t *tstamp, *toff, *tcnt;
    uint64_t *rbits; /* candidate rules of this event */
    size_t n_terms, n_rules;
    uint32_t stamp;
    uint32_t *cand;
    size_t n_cand;
    struct na_hit *ex; /* the current rule's exclusion matches */
    size_t n_ex, cap_ex;
    struct na_sent *sents;
    size_t n_sents, cap_sents;
    size_t *para_first; /* sentences of paragraph p: sents[para_first[p]..[p+1]) */
    size_t cap_para;
    int sents_ready;
    uint32_t *breaks; /* clause breaks (normalised offsets, ascending), built on first use */
    size_t n_breaks, cap_breaks;
    int breaks_ready;
    uint64_t work;       /* work units spent on this event */
    uint64_t budget_ns;  /* CPU time allowed per event; 0: no limit */
    uint64_t started_ns; /* thread CPU time when the event began */
    int over;            /* the budget ran out: the evaluation stops with NA_EBUDGET */
};

/* Sizes st's per-term and per-rule tables for r (again only when r grew). */
int na_rules_state_fit(const na_rules *r, na_rules_state *st);
/* Thread CPU time, ns. */
uint64_t na_rules_cpu_ns(void);
/* Counts n work units; every few thousand, compares the CPU time spent with the budget. */
int na_rules_spend(na_rules_state *st, uint64_t n);

/* Original start and end of the character behind normalised byte i of segment seg. */
size_t na_rules_orig(const na_rules_state *st, uint32_t seg, uint32_t i);
size_t na_rules_orig_end(const na_rules_state *st, uint32_t seg, uint32_t i);

/* Normalises a's fields, runs the automaton once and indexes term matches and candidate rules
 * into st (made for r). */
int na_rules_scan(const na_rules *r, na_rules_state *st, const na_article *a);
/* Sentence number of normalised offset s in segment seg (headline etc. are one sentence). */
uint32_t na_rules_sentence(na_rules_state *st, uint32_t seg, uint32_t s);
/* The normalised span [*lo, *hi) of sentence id of segment seg. */
void na_rules_sentence_norm(na_rules_state *st, uint32_t seg, uint32_t id, uint32_t *lo,
                            uint32_t *hi);
/* The normalised span of the clause holding [s, e) of segment seg: its sentence cut at clause
 * breaks (';', ':', "but", "while", "whereas", "although", "though", "however"). */
void na_rules_clause(na_rules_state *st, uint32_t seg, uint32_t s, uint32_t e, uint32_t *lo,
                     uint32_t *hi);
/* The original span of sentence id (which lies in segment seg). */
void na_rules_sentence_span(na_rules_state *st, uint32_t seg, uint32_t id, size_t *os, size_t *oe);
/* Normalised offset of original offset o in segment seg. */
uint32_t na_rules_to_norm(const na_rules_state *st, uint32_t seg, size_t o);
/* The NA_F_QUOTES bit when [os, oe) of paragraph p lies inside a quotation. */
unsigned na_rules_quote_bit(const na_article *a, size_t p, size_t os, size_t oe);

/*
 * For explanations and examples, after na_rules_scan(r, st, a): whether condition n of rule ru
 * holds (1, 0, or < 0 on error), its score in *score; and the places a term or quantity
 * condition matched, in out (the caller's vector).
 */
int na_rules_node_eval(const na_rules *r, na_rules_state *st, const na_article *a, const rule *ru,
                       const rnode *n, double *score);
int na_rules_node_positions(const na_rules *r, na_rules_state *st, const na_article *a,
                            const rule *ru, const rnode *n, struct na_posv *out);

#endif
