/* The built-in pack: self-written real cases fire, the known look-alikes stay quiet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "rules/rules.h"

static na_rules *pack;

struct seen {
    char rules[256];
};

static int note(na_alert *al, void *ud)
{
    struct seen *s = ud;
    size_t n = strlen(s->rules);
    snprintf(s->rules + n, sizeof s->rules - n, "%s%s", n ? "," : "", al->rule_id);
    na_alert_destroy(al);
    return 0;
}

/* The comma-separated ids of the rules one paragraph (under a neutral headline) raises. */
static const char *raised(const char *paragraph)
{
    static struct seen s;
    s.rules[0] = '\0';
    na_article *a = na_article_new();
    na_article_set(&a->id, "t");
    na_article_set(&a->headline, "World news in brief");
    na_strlist_push(&a->paragraphs, paragraph);
    assert_int_equal(na_rules_eval(pack, a, note, &s), NA_OK);
    na_article_destroy(a);
    return s.rules;
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    pack = na_rules_load(NULL, err, sizeof err);
    return pack ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    na_rules_destroy(pack);
    return 0;
}

static void test_lookalikes_stay_quiet(void **state)
{
    (void)state;
    assert_string_equal(raised("The retailer's website went down after a denial of service "
                               "attack on Tuesday."),
                        "");
    assert_string_equal(raised("Hackers denied customers access in a distributed "
                               "denial-of-service attack."),
                        "");
    assert_string_equal(raised("Biden rejects a request about the January 6 attack."), "");
    assert_string_equal(raised("An MP sanctioned for bullying staff will lose her seat."), "");
    assert_string_equal(raised("The new golf event, sanctioned by the Asian Tour, starts in "
                               "March."),
                        "");
    assert_string_equal(raised("The regulator sanctioned a cut in interest rates."), "");
    assert_string_equal(raised("The club faces sanctions from the league after fans rioted."), "");
    assert_string_equal(raised("Some 20,000 troops were withdrawn from the border region."), "");
    assert_string_equal(raised("Beijing has no plans to attack the island, a spokesman said."), "");
    assert_string_equal(raised("The minister rejected a call to ban tourists over the invasion."),
                        "");
    assert_string_equal(raised("The minister denied the claims and criticised the invasion of "
                               "privacy by tabloid reporters who had been camping for weeks."),
                        "");
}

static void test_real_cases_fire(void **state)
{
    (void)state;
    assert_string_equal(raised("The European Union imposed sweeping sanctions on Russian banks."),
                        "sanctions-new-measure,sanctions");
    assert_string_equal(raised("Washington threatened sanctions if Tehran kept enriching."),
                        "sanctions");
    assert_string_equal(raised("Ministers eased sanctions on Venezuelan oil."), "sanctions");
    assert_string_equal(raised("Traders used shell firms to evade the sanctions."), "sanctions");
    assert_string_equal(raised("The Treasury sanctioned three Russian oligarchs."), "sanctions");
    assert_string_equal(raised("The Kremlin denied it was planning to invade its neighbour."),
                        "invasion-denial");
    assert_string_equal(raised("Moscow has no plans to attack Ukraine, a Kremlin spokesman said."),
                        "invasion-denial");
    assert_string_equal(raised("Fears grow that Russia will invade, which Moscow denies."),
                        "invasion-denial");
    assert_string_equal(raised("Satellite images show 120,000 troops massed near the border."),
                        "troop-buildup");
    assert_string_equal(raised("The army deployed some 40 thousand soldiers along the frontier."),
                        "troop-buildup");
}

static void test_quantities_from_event(void **state)
{
    (void)state;
    struct seen s = {""};
    const char *p =
        "Some 60,000 soldiers joined the drills, officials said, as the build-up went on.";
    na_article *a = na_article_new();
    na_article_set(&a->id, "q");
    na_article_set(&a->headline, "Border tension");
    na_strlist_push(&a->paragraphs, p);
    na_article_add_quantity(a, 60000, strdup("soldiers"), strdup("60,000 soldiers"),
                            (na_span){0, 5, 20});
    assert_int_equal(na_rules_eval(pack, a, note, &s), NA_OK);
    assert_string_equal(s.rules, "troop-buildup");
    s.rules[0] = '\0';
    a->quantities[0].value = 6000; /* the event's figure decides, not the text */
    assert_int_equal(na_rules_eval(pack, a, note, &s), NA_OK);
    assert_string_equal(s.rules, "");
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookalikes_stay_quiet),
        cmocka_unit_test(test_real_cases_fire),
        cmocka_unit_test(test_quantities_from_event),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
