/*
 * Tokenizer shared by the enrichment extractors: one pass over a paragraph yields words, numbers
 * and punctuation with byte offsets, so each extractor works on tokens instead of rescanning bytes.
 */
#ifndef NEWSALERT_TOKENS_H
#define NEWSALERT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

enum na_tok_kind {
    NA_TOK_WORD,  /* letters (digits allowed after the first letter); "U.S." keeps its dots */
    NA_TOK_NUM,   /* digits with inner "," or "." groups: "100,000", "3.5" */
    NA_TOK_ALNUM, /* digits run into letters: "2nd", "1990s", "5bn" */
    NA_TOK_PUNCT  /* one punctuation or symbol code point */
};

enum na_tok_flag {
    NA_TOK_UPPER = 1, /* a word whose first letter is upper case */
    NA_TOK_SPACE = 2, /* whitespace (or the start of text) precedes the token */
    NA_TOK_DOTS = 4   /* a letter-dot abbreviation such as "U.S." or "a.m." */
};

typedef struct na_token {
    size_t start, end;
    uint32_t cp;   /* PUNCT: the code point; otherwise 0 */
    uint32_t hash; /* not PUNCT: na_word_hash() of the text, so word lists cost one probe */
    uint8_t kind, flags;
} na_token;

/* FNV-1a over s[0..n) with ASCII letters lower-cased. */
static inline uint32_t na_word_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
    }
    return h;
}

typedef struct na_tokens {
    na_token *v;
    size_t n, cap;
} na_tokens;

/* Replaces out's contents with the tokens of text[0..len); out's storage is reused. */
int na_tokenize(const char *text, size_t len, na_tokens *out);
void na_tokens_free(na_tokens *t);

/* Quote-mark and apostrophe code points the extractors look for. */
#define NA_CP_LDQUO 0x201C
#define NA_CP_RDQUO 0x201D
#define NA_CP_LSQUO 0x2018
#define NA_CP_RSQUO 0x2019
#define NA_CP_HELLIP 0x2026

static inline int na_tok_is(const na_token *t, uint32_t cp)
{
    return t->kind == NA_TOK_PUNCT && t->cp == cp;
}

/*
 * A fixed set of short words with O(1) lookup, for the word lists the extractors consult on every
 * token. Built once (na_wordset_init, no allocation) from a NULL-terminated list of at most
 * NA_WORDSET_MAX words; ci: match ignoring ASCII case.
 */
#define NA_WORDSET_SLOTS 512
#define NA_WORDSET_MAX 256

typedef struct na_wordset {
    const char *const *list;
    uint32_t hash[NA_WORDSET_SLOTS];
    int16_t index[NA_WORDSET_SLOTS]; /* position in list + 1; 0: empty slot */
    size_t maxlen;
    int ci;
} na_wordset;

void na_wordset_init(na_wordset *ws, const char *const *list, int ci);
/* The position + 1 in the list of the word token t, or 0 when t is not in the set. */
int na_wordset_find(const na_wordset *ws, const char *text, const na_token *t);

/* Word token text equals s exactly (case-sensitive). */
int na_tok_eq(const char *text, const na_token *t, const char *s);
/* Same, but ignoring ASCII case. */
int na_tok_eq_ci(const char *text, const na_token *t, const char *s);
/* 1 when the word is in the NULL-terminated list (case-sensitive). */
int na_tok_in(const char *text, const na_token *t, const char *const *list);

#endif
