/* The enricher end to end: whatever the bytes, every span it records stays inside its field; it
 * reads the headline's quantities too. */
#include "enrich_fixture.h"
#include "newsalert/event.h"

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

static void test_headline_quantities(void **state)
{
    (void)state;
    const char *const paras[] = {"Officials watched the frontier closely.", NULL};
    na_article *a = enriched("Russia masses 100,000 troops near Ukraine", paras);
    assert_int_equal(a->n_quantities, 1);
    const na_quantity *q = &a->quantities[0];
    assert_true(q->value == 100000);
    assert_string_equal(q->unit, "troops");
    assert_int_equal(q->span.paragraph, NA_SPAN_HEADLINE);
    assert_memory_equal(a->headline + q->span.start, "100,000 troops", 14);
    assert_int_equal(q->span.end - q->span.start, 14);
    na_article_destroy(a);
}

static void test_headline_and_body_quantities_in_order(void **state)
{
    (void)state;
    const char *const paras[] = {"A further 5,000 soldiers arrived on Monday.", NULL};
    na_article *a = enriched("40,000 troops gather at the border", paras);
    assert_int_equal(a->n_quantities, 2);
    assert_int_equal(a->quantities[0].span.paragraph, NA_SPAN_HEADLINE);
    assert_true(a->quantities[0].value == 40000);
    assert_int_equal(a->quantities[1].span.paragraph, 0);
    assert_true(a->quantities[1].value == 5000);
    na_article_destroy(a);
}

/* The event keeps a headline quantity, v1 as {"field": "headline", "start", "end"}, v2 as
 * [-1, start, end, value, unit], and decodes it. */
static void test_headline_quantity_round_trip(void **state)
{
    (void)state;
    const char *const paras[] = {"No figure here.", NULL};
    na_article *a = enriched("Moscow sends 30,000 soldiers to Belarus", paras);
    na_article_set(&a->id, "h1");
    for (int v = 1; v <= 2; v++) {
        char *json = NULL;
        size_t len = 0;
        assert_int_equal(na_event_encode_version(a, v, &json, &len), 0);
        assert_non_null(strstr(json, v == 1 ? "\"field\":\"headline\"" : "\"quantities\":[[-1,"));
        na_article *b = NULL;
        char err[256] = "";
        assert_int_equal(na_event_decode(json, len, &b, err, sizeof err), 0);
        assert_int_equal(b->n_quantities, 1);
        assert_int_equal(b->quantities[0].span.paragraph, NA_SPAN_HEADLINE);
        assert_int_equal(b->quantities[0].span.start, a->quantities[0].span.start);
        assert_string_equal(b->quantities[0].text, a->quantities[0].text);
        free(json);
        na_article_destroy(b);
    }
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arbitrary_bytes_stay_in_bounds),
        cmocka_unit_test(test_headline_quantities),
        cmocka_unit_test(test_headline_and_body_quantities_in_order),
        cmocka_unit_test(test_headline_quantity_round_trip),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
