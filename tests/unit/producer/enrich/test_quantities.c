/* Quantities: numbers with units, currencies, percentages, number words, approximators; and the
 * numbers that are not quantities (years, dates, times, ordinals, parts of names). */
#include "enrich_fixture.h"

static void expect_quantity(const na_article *a, size_t k, double value, const char *unit,
                            const char *text)
{
    assert_true(k < a->n_quantities);
    const na_quantity *q = &a->quantities[k];
    assert_true(q->value == value);
    assert_string_equal(q->unit, unit);
    assert_string_equal(q->text, text);
    assert_span_text(a, q->span, text);
}

static void test_counts_with_approximators(void **state)
{
    (void)state;
    na_article *a = enriched1("The army gathered around 100,000 troops along the river, and "
                              "more than 40 tanks. About 5,000 soldiers and 1.5 million people "
                              "remained.");
    assert_int_equal(a->n_quantities, 4);
    expect_quantity(a, 0, 100000, "troops", "around 100,000 troops");
    assert_int_equal(a->quantities[0].span.start, 18);
    expect_quantity(a, 1, 40, "tanks", "more than 40 tanks");
    expect_quantity(a, 2, 5000, "soldiers", "About 5,000 soldiers");
    expect_quantity(a, 3, 1500000, "people", "1.5 million people");
    na_article_destroy(a);
}

static void test_adjectives_before_known_noun(void **state)
{
    (void)state;
    na_article *a =
        enriched1("Satellite images showed 100,000 Russian troops and 30 main battle "
                  "tanks, plus three large depots, 5 Swiss francs and 12 Palestinians.");
    assert_int_equal(a->n_quantities, 5);
    expect_quantity(a, 0, 100000, "troops", "100,000 Russian troops");
    expect_quantity(a, 1, 30, "tanks", "30 main battle tanks");
    expect_quantity(a, 2, 3, "depots", "three large depots");
    expect_quantity(a, 3, 5, "francs", "5 Swiss francs");
    expect_quantity(a, 4, 12, "palestinians", "12 Palestinians");
    na_article_destroy(a);
}

static void test_money_and_percent(void **state)
{
    (void)state;
    na_article *a = enriched1("The fund pledged $5 billion, €2.5 million in aid and £300m in "
                              "loans; prices rose 12% and rents 4.5 per cent.");
    assert_int_equal(a->n_quantities, 5);
    expect_quantity(a, 0, 5e9, "USD", "$5 billion");
    expect_quantity(a, 1, 2.5e6, "EUR", "€2.5 million");
    expect_quantity(a, 2, 3e8, "GBP", "£300m");
    expect_quantity(a, 3, 12, "percent", "12%");
    expect_quantity(a, 4, 4.5, "percent", "4.5 per cent");
    na_article_destroy(a);
}

static void test_number_words(void **state)
{
    (void)state;
    na_article *a =
        enriched1("Two ships and a dozen drones joined thousands of refugees, while "
                  "tens of thousands of protesters met twenty-five envoys and two hundred thousand "
                  "voters.");
    assert_int_equal(a->n_quantities, 6);
    expect_quantity(a, 0, 2, "ships", "Two ships");
    expect_quantity(a, 1, 12, "drones", "a dozen drones");
    expect_quantity(a, 2, 1000, "refugees", "thousands of refugees");
    expect_quantity(a, 3, 10000, "protesters", "tens of thousands of protesters");
    expect_quantity(a, 4, 25, "envoys", "twenty-five envoys");
    expect_quantity(a, 5, 200000, "voters", "two hundred thousand voters");
    na_article_destroy(a);
}

static void test_not_quantities(void **state)
{
    (void)state;
    na_article *a = enriched1("In 2022 the war began; on March 3, 2022, at 10:30 a.m., the 3rd "
                              "brigade saw F-16 jets and COVID-19 cases after World War Two, as "
                              "No. 10 and G7 leaders cited Resolution 2231 of the council.");
    assert_int_equal(a->n_quantities, 0);
    na_article_destroy(a);
}

static void test_headline_capitals(void **state)
{
    (void)state;
    na_article *a = enriched1("Lender Books $44 Billion Loss as 3 Million Customers Leave");
    assert_int_equal(a->n_quantities, 2);
    expect_quantity(a, 0, 44e9, "USD", "$44 Billion");
    expect_quantity(a, 1, 3e6, "customers", "3 Million Customers");
    na_article_destroy(a);
}

static void test_year_like_count_with_noun(void **state)
{
    (void)state;
    na_article *a = enriched1("By 2014 some 2000 troops had arrived.");
    assert_int_equal(a->n_quantities, 1);
    expect_quantity(a, 0, 2000, "troops", "some 2000 troops");
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_with_approximators),
        cmocka_unit_test(test_adjectives_before_known_noun),
        cmocka_unit_test(test_money_and_percent),
        cmocka_unit_test(test_number_words),
        cmocka_unit_test(test_not_quantities),
        cmocka_unit_test(test_year_like_count_with_noun),
        cmocka_unit_test(test_headline_capitals),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
