/* The enricher end to end: whatever the bytes, every span it records stays inside its paragraph. */
#include "enrich_fixture.h"

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
        cmocka_unit_test(test_arbitrary_bytes_stay_in_bounds),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
