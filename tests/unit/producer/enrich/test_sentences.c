/* The sentence splitter on wire copy: abbreviations, initials, decimals, ellipses and quotes. */
#include "enrich_fixture.h"

/* Asserts that paragraph 0 of text splits into exactly the NULL-terminated sentences. */
static void expect_sentences(const char *text, const char *const *expected)
{
    na_article *a = enriched1(text);
    size_t n = 0;
    while (expected[n])
        n++;
    for (size_t i = 0; i < a->n_sentences && i < n; i++)
        assert_span_text(a, a->sentences[i], expected[i]);
    assert_int_equal(a->n_sentences, n);
    na_article_destroy(a);
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

static void test_spans_trimmed_and_paragraphs(void **state)
{
    (void)state;
    const char *paras[] = {"  Leading space here.   Trailing space there.  ",
                           "A line without a stop", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_sentences, 3);
    assert_int_equal(a->sentences[0].start, 2);
    assert_span_text(a, a->sentences[0], "Leading space here.");
    assert_span_text(a, a->sentences[1], "Trailing space there.");
    assert_int_equal(a->sentences[2].paragraph, 1);
    assert_span_text(a, a->sentences[2], "A line without a stop");
    na_article_destroy(a);
}

static void test_empty_paragraph(void **state)
{
    (void)state;
    na_article *a = enriched1("   ");
    assert_int_equal(a->n_sentences, 0);
    na_article_destroy(a);
}

/* Arbitrary bytes (invalid UTF-8, stray marks and digits) never yield a span out of bounds. */
static void test_arbitrary_bytes_stay_in_bounds(void **state)
{
    (void)state;
    static const char pieces[][8] = {"“",    "”",    "\"",     ".",    "...",      "…",
                                     " ",    "U.S.", "Mr.",    "$",    "5",        ",000",
                                     "%",    "said", "Ortiz",  "\xff", "\xe2\x80", "-",
                                     "that", "’s",   "troops", "\n",   "a.m.",     "?"};
    uint32_t seed = 12345;
    for (int round = 0; round < 300; round++) {
        char text[512];
        size_t n = 0;
        for (int k = 0; k < 60; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t len = strlen(p);
            if (n + len >= sizeof text)
                break;
            memcpy(text + n, p, len);
            n += len;
        }
        text[n] = '\0';
        na_article *a = enriched1(text);
        for (size_t i = 0; i < a->n_sentences; i++)
            assert_true(a->sentences[i].start < a->sentences[i].end && a->sentences[i].end <= n);
        for (size_t i = 0; i < a->n_quotes; i++)
            assert_true(a->quotes[i].span.end <= n);
        for (size_t i = 0; i < a->n_quantities; i++)
            assert_true(a->quantities[i].span.end <= n);
        na_article_destroy(a);
    }
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
        cmocka_unit_test(test_spans_trimmed_and_paragraphs),
        cmocka_unit_test(test_empty_paragraph),
        cmocka_unit_test(test_arbitrary_bytes_stay_in_bounds),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
