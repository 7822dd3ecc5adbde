/* Quotes and their speakers: the attribution patterns of wire copy, each with exact spans. */
#include "enrich_fixture.h"

/* Asserts quote k of a: its text, its speaker (NULL: none) and that its span covers the text. */
static void expect_quote(const na_article *a, size_t k, const char *text, const char *speaker)
{
    assert_true(k < a->n_quotes);
    const na_quote *q = &a->quotes[k];
    assert_string_equal(q->text, text);
    assert_span_text(a, q->span, text);
    if (speaker)
        assert_string_equal(q->speaker ? q->speaker : "(null)", speaker);
    else
        assert_null(q->speaker);
}

static void test_name_then_verb_after_quote(void **state)
{
    (void)state;
    na_article *a = enriched1("“We will defend every inch,” Kovacs said on Tuesday.");
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "We will defend every inch", "Kovacs");
    assert_int_equal(a->quotes[0].span.start, 3);
    assert_int_equal(a->quotes[0].span.end, 28);
    na_article_destroy(a);
}

static void test_verb_then_titled_name(void **state)
{
    (void)state;
    na_article *a = enriched1("“The door stays open,” said Foreign Minister Elena Varga, who "
                              "arrived late. \"Nothing has changed,\" said Secretary of State "
                              "Antony Blinken.");
    assert_int_equal(a->n_quotes, 2);
    expect_quote(a, 0, "The door stays open", "Elena Varga");
    expect_quote(a, 1, "Nothing has changed", "Antony Blinken");
    na_article_destroy(a);
}

static void test_name_verb_colon_before_quote(void **state)
{
    (void)state;
    na_article *a = enriched1("Varga told reporters: “We are ready for talks.”");
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "We are ready for talks.", "Varga");
    na_article_destroy(a);
}

static void test_reported_speech(void **state)
{
    (void)state;
    na_article *a = enriched1("Asked about the plan, Varga confirmed that the border would stay "
                              "closed until March.");
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "the border would stay closed until March", "Varga");
    na_article_destroy(a);
}

static void test_lone_quote_takes_previous_speaker(void **state)
{
    (void)state;
    const char *paras[] = {"Defence chief Piet Olsen on Monday said the drills were routine.",
                           "“Nothing about this is unusual.”", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "Nothing about this is unusual.", "Piet Olsen");
    assert_int_equal(a->quotes[0].span.paragraph, 1);
    na_article_destroy(a);
}

static void test_lone_quote_takes_next_speaker(void **state)
{
    (void)state;
    const char *paras[] = {"“We saw the columns move at night.”",
                           "Colonel Ana Ruiz said the units had left their bases.", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "We saw the columns move at night.", "Ana Ruiz");
    na_article_destroy(a);
}

static void test_pronoun_takes_last_speaker(void **state)
{
    (void)state;
    const char *paras[] = {"Ortiz said the talks would resume next week.",
                           "“We want calm,” she said. “And we want it now,” she added.", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 2);
    expect_quote(a, 0, "We want calm", "Ortiz");
    expect_quote(a, 1, "And we want it now", "Ortiz");
    na_article_destroy(a);
}

static void test_according_to_and_appositive(void **state)
{
    (void)state;
    na_article *a = enriched1("\"Supplies are running low,\" according to Maria Lind. “We will "
                              "respond,” Peskin, the ministry spokesman, said. The mayor's aide, "
                              "Tomas Berg, said it was \"a good day\". “We stay,” said "
                              "Valdoria’s President Ilse Brandt.");
    assert_int_equal(a->n_quotes, 4);
    expect_quote(a, 0, "Supplies are running low", "Maria Lind");
    expect_quote(a, 1, "We will respond", "Peskin");
    expect_quote(a, 2, "a good day", "Tomas Berg");
    expect_quote(a, 3, "We stay", "Ilse Brandt");
    na_article_destroy(a);
}

static void test_unattributed_and_two_speakers(void **state)
{
    (void)state;
    const char *paras[] = {"Critics called the plan \"a fantasy\" on Friday.",
                           "“Yes,” said Ortiz. “No,” said Lind.", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 3);
    expect_quote(a, 0, "a fantasy", NULL);
    expect_quote(a, 1, "Yes", "Ortiz");
    expect_quote(a, 2, "No", "Lind");
    na_article_destroy(a);
}

static void test_unclosed_quote_runs_to_paragraph_end(void **state)
{
    (void)state;
    const char *paras[] = {"Lind said the ceasefire was fragile.",
                           "“The next days will decide everything. We are watching", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "The next days will decide everything. We are watching", "Lind");
    na_article_destroy(a);
}

static void test_bodies_affiliations_and_continuations(void **state)
{
    (void)state;
    const char *paras[] = {"“The talks are over,” the Foreign Office said. It said that no date "
                           "was set.",
                           "“Rates will rise,” said Dana Kell of Harbor Street Research. “Not "
                           "this month, but soon.”",
                           NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 3);
    expect_quote(a, 0, "The talks are over", "Foreign Office");
    expect_quote(a, 1, "Rates will rise", "Dana Kell");
    expect_quote(a, 2, "Not this month, but soon.", "Dana Kell");
    na_article_destroy(a);
}

static void test_pronoun_skips_places_and_organizations(void **state)
{
    (void)state;
    const char *paras[] = {"Ortiz said the border was calm. Russia said the drills were over and "
                           "the Kremlin said nothing more.",
                           "“We will see,” he said.", NULL};
    na_article *a = enriched(NULL, paras);
    assert_int_equal(a->n_quotes, 1);
    expect_quote(a, 0, "We will see", "Ortiz");
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_then_verb_after_quote),
        cmocka_unit_test(test_verb_then_titled_name),
        cmocka_unit_test(test_name_verb_colon_before_quote),
        cmocka_unit_test(test_reported_speech),
        cmocka_unit_test(test_lone_quote_takes_previous_speaker),
        cmocka_unit_test(test_lone_quote_takes_next_speaker),
        cmocka_unit_test(test_pronoun_takes_last_speaker),
        cmocka_unit_test(test_according_to_and_appositive),
        cmocka_unit_test(test_unattributed_and_two_speakers),
        cmocka_unit_test(test_unclosed_quote_runs_to_paragraph_end),
        cmocka_unit_test(test_bodies_affiliations_and_continuations),
        cmocka_unit_test(test_pronoun_skips_places_and_organizations),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
