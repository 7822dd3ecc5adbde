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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_and_diacritics),
        cmocka_unit_test(test_quotes_dashes_spaces),
        cmocka_unit_test(test_string_and_words),
        cmocka_unit_test(test_separator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
