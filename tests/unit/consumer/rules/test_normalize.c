/* The normaliser folds case, marks, quotes, dashes and spaces, and maps back to original bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules/normalize.h"

static void norm(na_norm *n, const char *s)
{
    na_norm_reset(n);
    assert_int_equal(na_norm_append(n, s, strlen(s)), 0);
}

static void test_case_and_diacritics(void **state)
{
    (void)state;
    na_norm n;
    na_norm_init(&n);
    const char *cafe = "Caf\xc3\xa9 NA\xc3\x8f"
                       "VE \xc3\x89tat";
    norm(&n, cafe);
    assert_string_equal(n.text, "cafe naive etat");
    assert_false(n.ident);
    /* "e" of Café comes from the two bytes of é at 3..5 */
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 3), 3);
    assert_int_equal(na_norm_orig_end(&n, cafe, 0, n.ident, 3), 5);
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 4), 5); /* the space after it */
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 0), 0);
    norm(&n, "Stra\xc3\x9f"
             "e"); /* ß folds to ss, both from the same two bytes */
    assert_string_equal(n.text, "strasse");
    assert_int_equal(n.ostart[4], 4);
    assert_int_equal(n.ostart[5], 4);
    assert_int_equal(n.ostart[6], 6);
    na_norm_free(&n);
}

static void test_quotes_dashes_spaces(void **state)
{
    (void)state;
    na_norm n;
    na_norm_init(&n);
    norm(&n, "\xe2\x80\x9cRussia\xe2\x80\x99s\xe2\x80\x9d");
    assert_string_equal(n.text, "\"russia's\"");
    assert_int_equal(n.ostart[1], 3); /* 'r' after the 3-byte curly quote */
    assert_int_equal(n.ostart[7], 9); /* the apostrophe is the 3 bytes at 9..12 */
    assert_int_equal(na_norm_orig_end(&n, "\xe2\x80\x9cRussia\xe2\x80\x99s", 0, 0, 7), 12);
    norm(&n, "build\xe2\x80\x91up build\xe2\x80\x94up build-up");
    assert_string_equal(n.text, "build up build up build up");
    norm(&n, "a \t\n\xc2\xa0 b\xe2\x80\x83"
             "c");
    assert_string_equal(n.text, "a b c");
    assert_int_equal(n.ostart[2], 7);     /* "b" after the collapsed run */
    norm(&n, "\xef\xbc\xa1\xef\xbc\xa2"); /* full-width letters: compatibility folding */
    assert_string_equal(n.text, "ab");
    na_norm_free(&n);
}

static void test_string_and_words(void **state)
{
    (void)state;
    char *s = na_norm_string("  Sanction*  ");
    assert_string_equal(s, "sanction*");
    free(s);
    const char *t = "ab, \xc3\xa9t\xc3\xa9 _x";
    size_t len = strlen(t);
    assert_true(na_norm_word_at(t, len, 0));
    assert_false(na_norm_word_at(t, len, 2));
    assert_true(na_norm_word_at(t, len, 4)); /* é is a letter */
    assert_true(na_norm_word_before(t, 6));
    assert_false(na_norm_word_before(t, 4));
    assert_int_equal(na_norm_word_end(t, len, 4), 9);
    assert_int_equal(na_norm_word_end(t, len, 10), len); /* '_' is a word character */
}

static void test_separator(void **state)
{
    (void)state;
    na_norm n;
    na_norm_init(&n);
    assert_int_equal(na_norm_append(&n, "Ab", 2), 0);
    assert_int_equal(na_norm_append_raw(&n, '\0', 2), 0);
    assert_int_equal(na_norm_append(&n, "\xc3\x89", 2), 0);
    assert_int_equal(n.len, 4);
    assert_int_equal(n.text[2], '\0');
    assert_int_equal(n.text[3], 'e');
    assert_int_equal(n.ostart[3], 0); /* offsets are relative to each appended text */
    assert_int_equal(na_norm_orig(&n, 3, n.ident, 3), 0);
    na_norm_free(&n);
}

/* The word view is written along with the text, on the fast and the slow paths alike. */
static void test_view_along(void **state)
{
    (void)state;
    na_norm n;
    na_norm_init(&n);
    const char *parts[] = {"Plain ASCII words, eight at a time: 12_ab-cd EF",
                           "\xc3\xb8re then "
                           "ASCII after a non-ASCII letter, twice  spaced \xe2\x82\xac"
                           "5 "
                           "and \xd0\x94\xd0\xb0 \xe2\x80\x99quoted\xe2\x80\x99 tail",
                           "\x01\x1f\x7f ctl", ""};
    for (size_t p = 0; p < sizeof parts / sizeof *parts; p++) {
        assert_int_equal(na_norm_append(&n, parts[p], strlen(parts[p])), 0);
        assert_int_equal(na_norm_append_raw(&n, '\0', (uint32_t)strlen(parts[p])), 0);
    }
    char *want = malloc(n.len);
    na_norm_word_view(n.text, n.len, want);
    assert_int_equal(n.view[0], ' ');
    assert_memory_equal(n.view + 1, want, n.len);
    free(want);
    /* After a non-ASCII character offsets are explicit, also eight bytes at a time. */
    const char *s = "\xc3\xb8 abcdefghijklmnop";
    norm(&n, s);
    assert_false(n.ident);
    assert_string_equal(n.text, "\xc3\xb8 abcdefghijklmnop");
    for (size_t k = 2; k < n.len; k++)
        assert_int_equal(na_norm_orig(&n, 0, n.ident, k), k);
    assert_memory_equal(n.view, " \xc3\xb8 abcdefghijklmnop", n.len + 1); /* ø is a letter */
    norm(&n, "\xe2\x80\x94"
             "abcdefghijklmnopqrstu  vwxyzABCDEFGH-IJ");
    assert_string_equal(n.text, " abcdefghijklmnopqrstu vwxyzabcdefgh ij");
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 1), 3);
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 23), 26); /* "v" after the collapsed spaces */
    assert_int_equal(na_norm_orig(&n, 0, n.ident, 38), 41); /* "j" */
    assert_memory_equal(n.view + 1, " abcdefghijklmnopqrstu vwxyzabcdefgh ij", n.len);
    na_norm_free(&n);
}

/* What ASCII folds to, byte by byte: the specification the fast paths must keep. */
static size_t ascii_fold(const char *s, size_t len, char *t, char *v, uint32_t *from)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char f = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (c == '-' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
            f = ' ';
        if (f == ' ' && o > 0 && t[o - 1] == ' ')
            continue;
        t[o] = f;
        v[o] = na_norm_ascii_word((unsigned char)f) ? f : ' ';
        from[o++] = (uint32_t)i;
    }
    return o;
}

/*
 * Random ASCII of every length up to 300 (letters of both cases, digits, '_', spaces in runs,
 * dashes, controls, DEL, punctuation), alone and after a non-ASCII letter (explicit offsets):
 * the sixteen- and eight-byte paths give what folding byte by byte gives.
 */
static void test_fast_paths_match_bytes(void **state)
{
    (void)state;
    static const char alphabet[] = "aqzAQZ09_  -\t\x01\x1c\x7f.,'\"()";
    char s[320], t[320], v[320];
    uint32_t from[320];
    na_norm n;
    na_norm_init(&n);
    srand(12);
    for (int round = 0; round < 4000; round++) {
        size_t len = (size_t)(round % 300), lead = round % 2 ? 2 : 0;
        memcpy(s, "\xc3\xb8", lead); /* "ø", a letter that stays itself */
        for (size_t i = lead; i < lead + len; i++)
            s[i] = round % 3 ? alphabet[rand() % (int)(sizeof alphabet - 1)]
                             : "abcdefgh  ABCD"[rand() % 14]; /* long plain runs */
        na_norm_reset(&n);
        assert_int_equal(na_norm_append(&n, s, lead + len), 0);
        size_t k = ascii_fold(s + lead, len, t, v, from);
        assert_int_equal(n.len, lead + k);
        assert_memory_equal(n.text + lead, t, k);
        assert_memory_equal(n.view + 1 + lead, v, k);
        assert_int_equal(n.ident, !lead && k == len);
        for (size_t j = 0; j < k; j++)
            assert_int_equal(na_norm_orig(&n, 0, n.ident, lead + j), lead + from[j]);
    }
    na_norm_free(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_diacritics), cmocka_unit_test(test_quotes_dashes_spaces),
        cmocka_unit_test(test_string_and_words),    cmocka_unit_test(test_separator),
        cmocka_unit_test(test_view_along),          cmocka_unit_test(test_fast_paths_match_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
