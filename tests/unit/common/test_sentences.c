/* The sentence splitter on wire copy: abbreviations, initials, decimals, ellipses and quotes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/sentences.h"

/* Asserts that text splits into exactly the NULL-terminated sentences (byte spans). */
static void expect_sentences(const char *text, const char *const *expected)
{
    na_tokens tk = {0};
    na_ranges r = {0};
    assert_int_equal(na_tokenize(text, strlen(text), &tk), 0);
    assert_int_equal(na_sentences_split(text, &tk, &r), 0);
    size_t n = 0;
    while (expected[n])
        n++;
    for (size_t i = 0; i < r.n && i < n; i++) {
        size_t start, end;
        na_range_bytes(&tk, r.v[i], &start, &end);
        assert_true(start < end && end <= strlen(text));
        if (end - start != strlen(expected[i]) || memcmp(text + start, expected[i], end - start))
            fail_msg("sentence %zu: got \"%.*s\", want \"%s\"", i, (int)(end - start), text + start,
                     expected[i]);
    }
    assert_int_equal(r.n, n);
    na_tokens_free(&tk);
    na_ranges_free(&r);
}

static void test_abbreviations(void **state)
{
    (void)state;
    const char *want[] = {"Mr. Ortiz met U.S. envoys in St. Louis on Jan. 5 at 9 a.m. local time.",
                          "Dr. Lind and Gen. Moss signed No. 4 of the accords.", "The talks ended.",
                          NULL};
    expect_sentences("Mr. Ortiz met U.S. envoys in St. Louis on Jan. 5 at 9 a.m. local time. "
                     "Dr. Lind and Gen. Moss signed No. 4 of the accords. The talks ended.",
                     want);
}

static void test_initials_and_decimals(void **state)
{
    (void)state;
    const char *want[] = {"Antony J. Blinken said growth slowed to 3.5 percent in the quarter.",
                          "Markets fell 1.25 points.", NULL};
    expect_sentences("Antony J. Blinken said growth slowed to 3.5 percent in the quarter. Markets "
                     "fell 1.25 points.",
                     want);
}

static void test_dotted_abbreviation_at_end(void **state)
{
    (void)state;
    const char *want[] = {"The aid came from the U.S.", "The package was large.",
                          "The U.S. Navy sent two ships.", NULL};
    expect_sentences("The aid came from the U.S. The package was large. The U.S. Navy sent two "
                     "ships.",
                     want);
}

static void test_quote_closing_after_period(void **state)
{
    (void)state;
    const char *want[] = {"“We will not back down,” he said.", "“Never.”",
                          "The minister then left the hall.", NULL};
    expect_sentences("“We will not back down,” he said. “Never."
                     "” The minister then left the hall.",
                     want);
}

static void test_sentence_ending_inside_quotes(void **state)
{
    (void)state;
    const char *want[] = {"She said: “It is over.”",
                          "Then she left.",
                          "\"Is this the end?\" asked one diplomat.",
                          "Nobody answered.",
                          "He called it ‘a mistake.’",
                          "Aides agreed.",
                          NULL};
    expect_sentences("She said: “It is over.” Then she left. \"Is this the "
                     "end?\" asked one diplomat. Nobody answered. He called it ‘"
                     "a mistake.’ Aides agreed.",
                     want);
}

static void test_ellipses(void **state)
{
    (void)state;
    const char *want[] = {"The talks stalled... and then resumed.", "Officials waited…",
                          "The vote came late!", "Why?", NULL};
    expect_sentences("The talks stalled... and then resumed. Officials waited… The "
                     "vote came late! Why?",
                     want);
}

static void test_spans_trimmed(void **state)
{
    (void)state;
    const char *want[] = {"Leading space here.", "Trailing space there.", NULL};
    expect_sentences("  Leading space here.   Trailing space there.  ", want);
    const char *no_stop[] = {"A line without a stop", NULL};
    expect_sentences("A line without a stop", no_stop);
    const char *none[] = {NULL};
    expect_sentences("   ", none);
    expect_sentences("", none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_initials_and_decimals),
        cmocka_unit_test(test_dotted_abbreviation_at_end),
        cmocka_unit_test(test_quote_closing_after_period),
        cmocka_unit_test(test_sentence_ending_inside_quotes),
        cmocka_unit_test(test_ellipses),
        cmocka_unit_test(test_spans_trimmed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
