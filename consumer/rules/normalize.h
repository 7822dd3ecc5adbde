/*
 * Text normalisation for matching: NFKD, marks stripped, case folded, quotes, dashes and
 * whitespace folded (docs/rules.md, "Matching"). Every output byte remembers which original
 * bytes it came from, so matches found in normalised text map back to the original.
 */
#ifndef NEWSALERT_CONSUMER_NORMALIZE_H
#define NEWSALERT_CONSUMER_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

typedef struct na_norm {
    char *text;       /* normalised UTF-8, NUL-terminated */
    uint32_t *ostart; /* per output byte: start of its source character in the original */
    char *view;       /* ' ', then text's word view (na_norm_word_view): view[1 + k] is text[k]'s,
                         written as text is, so that a space-led literal found here starts at a
                         word start of text, at offset one more (not NUL-terminated) */
    size_t len, cap;
    int ident; /* set by each append: 1 when output byte k came from input byte k throughout,
                  in which case ostart was not filled for it (the common, ASCII case) */
} na_norm;

void na_norm_init(na_norm *n);
void na_norm_free(na_norm *n);
/* Empties the buffer, keeping its memory for the next text. */
void na_norm_reset(na_norm *n);
/* Appends the normalised form of s[0..len); offsets recorded are relative to s. */
int na_norm_append(na_norm *n, const char *s, size_t len);
/* Appends one raw byte that maps to original offset at (a segment separator). */
int na_norm_append_raw(na_norm *n, char c, uint32_t at);

/*
 * The original offset of output byte i of an append that started at output offset base and
 * set ident as given; na_norm_orig_end gives the end of that original character.
 */
size_t na_norm_orig(const na_norm *n, size_t base, int ident, size_t i);
size_t na_norm_orig_end(const na_norm *n, const char *orig, size_t base, int ident, size_t i);

/* Normalises s into a new malloc'd string with surrounding spaces trimmed, or NULL. */
char *na_norm_string(const char *s);

/* 1 when the ASCII byte c (below 0x80) is a word character: a letter, a digit or '_'. */
static inline int na_norm_ascii_word(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10 || c == '_';
}

/* 1 when the character starting at t[i] is a word character (letter, digit or '_'). */
int na_norm_word_at(const char *t, size_t len, size_t i);
/* 1 when the character ending just before t[i] is a word character. */
int na_norm_word_before(const char *t, size_t i);
/*
 * Writes t[0..len)'s word view to out[0..len): each byte of a word character as it is, each
 * byte of any other character (and each NUL) as a space, so that a space-led literal found in
 * the view starts at a word start of t, at the same offset.
 */
void na_norm_word_view(const char *t, size_t len, char *out);
/* The end of the run of word characters starting at t[i]. */
size_t na_norm_word_end(const char *t, size_t len, size_t i);

#endif
