#include "newsalert/tokens.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "newsalert/grow.h"
#include "newsalert/error.h"

enum cls { C_SPACE, C_UPPER, C_LOWER, C_DIGIT, C_PUNCT };

/* Classifies the code point at s[i]; *n gets its length in bytes, *cp the code point. */
static enum cls classify(const char *s, size_t len, size_t i, size_t *n, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *n = 1;
        *cp = c;
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return C_SPACE;
        if (c >= 'A' && c <= 'Z')
            return C_UPPER;
        if (c >= 'a' && c <= 'z')
            return C_LOWER;
        if (c >= '0' && c <= '9')
            return C_DIGIT;
        return C_PUNCT;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t got =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &u);
    if (got <= 0) {
        *n = 1;
        *cp = 0xFFFD;
        return C_PUNCT;
    }
    *n = (size_t)got;
    *cp = (uint32_t)u;
    switch (utf8proc_category(u)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_LOWER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    default:
        return C_PUNCT;
    }
}

static int is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of a letter-dot abbreviation ("U.S.", "a.m.") starting at s[i], or 0. */
static size_t dotted_len(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j + 1 < len && is_alpha(s[j]) && s[j + 1] == '.' && (j == i || s[j - 1] == '.'))
        j += 2;
    return j - i >= 4 ? j - i : 0;
}

/* End of the word starting at s[i]: letters, marks and digits. */
static size_t word_end(const char *s, size_t len, size_t i)
{
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* the common case, without a call */
            if (!is_alpha((char)c) && !is_digit((char)c))
                break;
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        enum cls k = classify(s, len, i, &n, &cp);
        if (k != C_UPPER && k != C_LOWER && k != C_DIGIT)
            break;
        i += n;
    }
    return i;
}

static int push(na_tokens *t, na_token tok)
{
    if (na_grow((void **)&t->v, &t->cap, t->n, sizeof *t->v, 256))
        return NA_ENOMEM;
    t->v[t->n++] = tok;
    return NA_OK;
}

int na_tokenize(const char *s, size_t len, na_tokens *out)
{
    out->n = 0;
    int space = 1;
    size_t i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp;
        enum cls k = classify(s, len, i, &n, &cp);
        if (k == C_SPACE) {
            space = 1;
            i += n;
            continue;
        }
        na_token tok = {.start = i, .flags = space ? NA_TOK_SPACE : 0};
        if (k == C_UPPER || k == C_LOWER) {
            size_t d = dotted_len(s, len, i);
            tok.kind = NA_TOK_WORD;
            tok.end = d ? i + d : word_end(s, len, i);
            if (k == C_UPPER)
                tok.flags |= NA_TOK_UPPER;
            if (d)
                tok.flags |= NA_TOK_DOTS;
        } else if (k == C_DIGIT) {
            size_t j = i;
            while (j < len && is_digit(s[j]))
                j++;
            while (j + 1 < len && (s[j] == ',' || s[j] == '.') && is_digit(s[j + 1])) {
                j++;
                while (j < len && is_digit(s[j]))
                    j++;
            }
            tok.kind = NA_TOK_NUM;
            size_t e = word_end(s, len, j);
            if (e > j)
                tok.kind = NA_TOK_ALNUM;
            tok.end = e;
        } else {
            tok.kind = NA_TOK_PUNCT;
            tok.cp = cp;
            tok.end = i + n;
        }
        if (tok.kind != NA_TOK_PUNCT)
            tok.hash = na_word_hash(s + tok.start, tok.end - tok.start);
        if (push(out, tok))
            return NA_ENOMEM;
        i = tok.end;
        space = 0;
    }
    return NA_OK;
}

void na_tokens_free(na_tokens *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* The first byte decides most comparisons, so check it before calling into libc. */
int na_tok_eq(const char *text, const na_token *t, const char *s)
{
    size_t n = t->end - t->start;
    return t->kind != NA_TOK_PUNCT && s[0] == text[t->start] &&
           strncmp(text + t->start + 1, s + 1, n - 1) == 0 && s[n] == '\0';
}

int na_tok_eq_ci(const char *text, const na_token *t, const char *s)
{
    size_t n = t->end - t->start;
    return t->kind != NA_TOK_PUNCT && (s[0] | 0x20) == (text[t->start] | 0x20) &&
           strncasecmp(text + t->start + 1, s + 1, n - 1) == 0 && s[n] == '\0';
}

int na_tok_in(const char *text, const na_token *t, const char *const *list)
{
    for (; *list; list++)
        if (na_tok_eq(text, t, *list))
            return 1;
    return 0;
}

void na_wordset_init(na_wordset *ws, const char *const *list, int ci)
{
    memset(ws, 0, sizeof *ws);
    ws->list = list;
    ws->ci = ci;
    for (int i = 0; list[i] && i < NA_WORDSET_MAX; i++) {
        size_t n = strlen(list[i]);
        uint32_t h = na_word_hash(list[i], n);
        size_t k = h & (NA_WORDSET_SLOTS - 1);
        while (ws->index[k])
            k = (k + 1) & (NA_WORDSET_SLOTS - 1);
        ws->hash[k] = h;
        ws->index[k] = (int16_t)(i + 1);
        if (n > ws->maxlen)
            ws->maxlen = n;
    }
}

int na_wordset_find(const na_wordset *ws, const char *text, const na_token *t)
{
    size_t n = t->end - t->start;
    if (t->kind == NA_TOK_PUNCT || n > ws->maxlen)
        return 0;
    uint32_t h = t->hash;
    for (size_t k = h & (NA_WORDSET_SLOTS - 1); ws->index[k];
         k = (k + 1) & (NA_WORDSET_SLOTS - 1)) {
        const char *w = ws->list[ws->index[k] - 1];
        if (ws->hash[k] == h && (ws->ci ? na_tok_eq_ci(text, t, w) : na_tok_eq(text, t, w)))
            return ws->index[k];
    }
    return 0;
}
