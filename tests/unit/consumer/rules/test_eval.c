/* Each operator of the rules language, on small self-written articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "rules/rules.h"

#define MAX_ALERTS 8

struct got {
    na_alert *al[MAX_ALERTS];
    size_t n;
};

static int keep(na_alert *al, void *ud)
{
    struct got *g = ud;
    if (g->n < MAX_ALERTS)
        g->al[g->n++] = al;
    else
        na_alert_destroy(al);
    return 0;
}

static void release(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        na_alert_destroy(g->al[i]);
    g->n = 0;
}

static na_rules *rules(const char *json)
{
    char err[512];
    na_rules *r =
        na_rules_load_text("t.json", json, strlen(json), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

/* An article with a headline and paragraphs (NULL-terminated), no sentences. */
static na_article *article(const char *headline, ...)
{
    na_article *a = na_article_new();
    na_article_set(&a->id, "e1");
    na_article_set(&a->headline, headline);
    va_list ap;
    va_start(ap, headline);
    for (const char *p; (p = va_arg(ap, const char *));)
        na_strlist_push(&a->paragraphs, p);
    va_end(ap);
    return a;
}

/* Number of alerts rule set json raises on a. */
static size_t fires(const char *json, const na_article *a)
{
    na_rules *r = rules(json);
    struct got g = {0};
    assert_int_equal(na_rules_eval(r, a, keep, &g), NA_OK);
    size_t n = g.n;
    release(&g);
    na_rules_destroy(r);
    return n;
}

#define RULE(match) "{\"rules\":[{\"id\":\"t\",\"match\":" match "}]}"

/* Number of alerts json raises on an article of one paragraph, text. */
static size_t fires_text(const char *json, const char *text)
{
    na_article *a = article("-", text, NULL);
    size_t n = fires(json, a);
    na_article_destroy(a);
    return n;
}

static void test_terms_boundaries_and_folding(void **state)
{
    (void)state;
    na_article *a =
        article("Headline", "The EU imposed new Sanctions on Caf\xc3\xa9 owners.", NULL);
    assert_int_equal(fires(RULE("\"sanction*\""), a), 1);
    assert_int_equal(fires(RULE("\"sanction\""), a), 0); /* no prefix: whole word only */
    assert_int_equal(fires(RULE("\"cafe\""), a), 1);
    assert_int_equal(fires(RULE("\"caf\""), a), 0);
    assert_int_equal(fires(RULE("\"new sanctions\""), a), 1);
    assert_int_equal(fires(RULE("\"impose* new\""), a), 1);
    assert_int_equal(fires(RULE("\"anctions\""), a), 0);
    na_article_destroy(a);
    a = article("Headline", "An unsanctioned rally went ahead.", NULL);
    assert_int_equal(fires(RULE("\"sanction*\""), a), 0);
    na_article_destroy(a);
}

/*
 * The automaton reads the text's word view (punctuation and other non-word characters as
 * spaces) with space-led literals: a term matches at word starts only, whatever precedes the
 * word, and a term holding punctuation still needs that punctuation in the text.
 */
static void test_word_starts_and_punctuation(void **state)
{
    (void)state;
    na_article *a = article("Sanctions first", /* a field's first word */
                            "(U.S. curbs) \xe2\x82\xac"
                            "embargo, \xd0\xb4"
                            "blockade and "
                            "#freeze;asset seizures: the us-led plan. us.led too",
                            NULL);
    assert_int_equal(fires(RULE("\"sanction*\""), a), 1);
    assert_int_equal(fires(RULE("\"u.s.\""), a), 1);
    assert_int_equal(fires(RULE("\"u.s. curbs\""), a), 1);
    assert_int_equal(fires(RULE("\"u s\""), a), 0);      /* "U.S." is not "u s" */
    assert_int_equal(fires(RULE("\"embargo\""), a), 1);  /* after a currency sign */
    assert_int_equal(fires(RULE("\"blockade\""), a), 0); /* after a Cyrillic letter */
    assert_int_equal(fires(RULE("\"#freeze\""), a), 1);
    assert_int_equal(fires(RULE("\"freeze\""), a), 1);
    assert_int_equal(fires(RULE("\"freeze asset\""), a), 0); /* ";" is not a space */
    assert_int_equal(fires(RULE("\"asset seizure*\""), a), 1);
    assert_int_equal(fires(RULE("\"us led\""), a), 1); /* the dash folds to a space */
    assert_int_equal(fires(RULE("{\"terms\": \"us led\", \"min\": 2}"), a), 0); /* not "us.led" */
    assert_int_equal(fires(RULE("\"led\""), a), 1);
    assert_int_equal(fires(RULE("\"s. curbs\""), a), 1);       /* "." ends a word: "s" starts one */
    assert_int_equal(fires(RULE("\"anctions first\""), a), 0); /* not a word start */
    na_article_destroy(a);
}

/*
 * Word ends past ASCII: a '*' runs on through non-ASCII letters (the slow path of the word
 * test), a literal followed by one does not end a word, and a non-ASCII symbol ends one. Two
 * terms sharing a literal, and literals at the edges of fields, which never match across them.
 */
static void test_word_ends_past_ascii(void **state)
{
    (void)state;
    na_article *a = article("Statistics board sanctions",
                            "Imposed on the Stat\xc3\xb8il deal, stat\xd0\xb4 and "
                            "price\xe2\x82\xac"
                            "5 in a long paragraph that has plain ASCII words after the "
                            "letters above - and  double spaces - then stat",
                            NULL);
    assert_int_equal(fires(RULE("\"stat* deal\""), a), 1);   /* '*' through "\xc3\xb8il" */
    assert_int_equal(fires(RULE("\"stat\xc3\xb8\""), a), 0); /* "il" follows */
    assert_int_equal(fires(RULE("\"stat\xc3\xb8il deal\""), a), 1);
    assert_int_equal(fires(RULE("\"stat\xd0\xb4 and\""), a), 1);
    assert_int_equal(fires(RULE("{\"terms\": \"stat\", \"min\": 2}"), a), 0); /* "stat" once */
    assert_int_equal(fires(RULE("\"stat\""), a), 1);  /* the paragraph's last word */
    assert_int_equal(fires(RULE("\"price\""), a), 1); /* before the euro sign */
    assert_int_equal(fires(RULE("\"price* 5\""), a), 0);
    assert_int_equal(fires(RULE("\"letters above and double spaces then\""), a), 1);
    assert_int_equal(fires(RULE("{\"all\": [\"stat* deal\", \"stat*\", \"statistics\"]}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\": \"stat*\", \"min\": 4}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\": \"stat*\", \"min\": 5}"), a), 0);
    assert_int_equal(fires(RULE("\"sanctions\""), a), 1);         /* the headline's end */
    assert_int_equal(fires(RULE("\"sanctions imposed\""), a), 0); /* across two fields */
    assert_int_equal(fires(RULE("\"sanction* imposed\""), a), 0);
    na_article_destroy(a);
}

/*
 * Matches next to each other (one space, or only punctuation between them), at a field's end,
 * and two terms where one is the other's literal with more after it ("sanction", "sanctions").
 */
static void test_adjacent_and_shared_literals(void **state)
{
    (void)state;
    na_article *a = article("Sanctions sanctions,sanctions", "sanctions", NULL);
    assert_int_equal(fires(RULE("{\"terms\": \"sanctions\", \"min\": 4}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\": \"sanctions\", \"min\": 5}"), a), 0);
    assert_int_equal(fires(RULE("{\"terms\": \"sanctions sanctions\", \"min\": 1}"), a), 1);
    assert_int_equal(fires(RULE("{\"all\": [{\"terms\": \"sanction\", \"min\": 1}, "
                                "{\"terms\": \"sanctions\", \"min\": 4}]}"),
                           a),
                     0); /* "sanction" alone is nowhere */
    na_article_destroy(a);
    a = article("Sanction sanctions", NULL);
    assert_int_equal(fires(RULE("{\"all\": [\"sanction\", \"sanctions\"]}"), a), 1);
    na_article_destroy(a);
}

static void test_all_any_none(void **state)
{
    (void)state;
    na_article *a = article("Ministers meet", "Tanks and ships were seen.", NULL);
    assert_int_equal(fires(RULE("{\"all\":[\"tanks\",\"ships\"]}"), a), 1);
    assert_int_equal(fires(RULE("{\"all\":[\"tanks\",\"planes\"]}"), a), 0);
    assert_int_equal(fires(RULE("{\"any\":[\"planes\",\"ships\"]}"), a), 1);
    assert_int_equal(fires(RULE("{\"any\":[\"planes\",\"ships\",\"tanks\"],\"min\":2}"), a), 1);
    assert_int_equal(fires(RULE("{\"any\":[\"planes\",\"ships\",\"tanks\"],\"min\":3}"), a), 0);
    assert_int_equal(fires(RULE("{\"all\":[\"tanks\",{\"none\":[\"planes\"]}]}"), a), 1);
    assert_int_equal(fires(RULE("{\"all\":[\"tanks\",{\"none\":[\"ships\"]}]}"), a), 0);
    assert_int_equal(
        fires(RULE("{\"any\":[{\"all\":[\"tanks\",{\"any\":[\"boats\",\"ships\"]}]},\"x\"]}"), a),
        1);
    assert_int_equal(fires(RULE("{\"none\":[\"planes\"]}"), a), 1); /* fires on no match */
    na_article_destroy(a);
}

static void test_fields(void **state)
{
    (void)state;
    na_article *a = article("Sanctions loom", "Nothing here.", NULL);
    na_article_set(&a->standfirst, "Embargo talk");
    na_strlist_push(&a->places, "Moscow");
    assert_int_equal(fires(RULE("{\"terms\":\"sanctions\",\"fields\":[\"body\"]}"), a), 0);
    assert_int_equal(fires(RULE("{\"terms\":\"sanctions\",\"fields\":[\"headline\"]}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\":\"embargo\",\"fields\":[\"standfirst\"]}"), a), 1);
    assert_int_equal(fires(RULE("\"moscow\""), a), 0); /* entities are not in the default scope */
    assert_int_equal(fires(RULE("{\"terms\":\"moscow\",\"fields\":[\"entities\"]}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\":\"moscow\",\"fields\":[\"people\"]}"), a), 0);
    /* a scope on all/any is inherited by the conditions inside */
    assert_int_equal(fires(RULE("{\"all\":[\"sanctions\"],\"fields\":[\"body\"]}"), a), 0);
    na_article_destroy(a);
}

static void test_quotes_scope(void **state)
{
    (void)state;
    const char *p = "He said \xe2\x80\x9cwe will respond\xe2\x80\x9d and left to respond later.";
    na_article *a = article("H", p, NULL);
    na_article_add_quote(a, strdup("we will respond"), NULL, (na_span){0, 11, 26});
    const char *json = RULE("{\"terms\":\"respond\",\"fields\":[\"quotes\"],\"min\":2}");
    assert_int_equal(fires(json, a), 0); /* only one "respond" is inside the quotation */
    na_rules *r = rules(RULE("{\"terms\":\"respond\",\"fields\":[\"quotes\"]}"));
    struct got g = {0};
    assert_int_equal(na_rules_eval(r, a, keep, &g), NA_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.al[0]->n_evidence, 1);
    assert_string_equal(g.al[0]->evidence[0].field, "quotes");
    assert_int_equal(g.al[0]->evidence[0].start, 19);
    release(&g);
    na_rules_destroy(r);
    na_article_destroy(a);
}

static void test_near_within(void **state)
{
    (void)state;
    na_article *a = article("H", "Moscow denied that it had plans to invade.", NULL);
    /* five words (that it had plans to) stand between */
    assert_int_equal(fires(RULE("{\"near\":[\"denied\",\"invade\"],\"within\":5}"), a), 1);
    assert_int_equal(fires(RULE("{\"near\":[\"denied\",\"invade\"],\"within\":4}"), a), 0);
    assert_int_equal(fires(RULE("{\"near\":[\"invade\",\"denied\"],\"within\":5}"), a), 1);
    assert_int_equal(
        fires(RULE("{\"near\":[\"invade\",\"denied\"],\"within\":5,\"ordered\":true}"), a), 0);
    assert_int_equal(fires(RULE("{\"near\":[\"denied\",\"invade\"],\"within\":9,\"unless\":"
                                "[\"plans\"]}"),
                           a),
                     0);
    na_article_destroy(a);
}

static void test_near_sentence(void **state)
{
    (void)state;
    const char *p = "Moscow denied everything. Critics expect an invasion soon.";
    const char *json = RULE("{\"near\":[\"denied\",\"invasion\"],\"sentence\":true}");
    na_article *a = article("H", p, NULL);
    assert_int_equal(fires(json, a), 0); /* the built-in splitter sees two sentences */
    na_article_add_sentence(a, (na_span){0, 0, strlen(p)});
    assert_int_equal(fires(json, a), 1); /* the event says it is one sentence */
    na_article_destroy(a);

    a = article("H", p, NULL);
    na_article_add_sentence(a, (na_span){0, 0, 25});
    na_article_add_sentence(a, (na_span){0, 26, strlen(p)});
    assert_int_equal(fires(json, a), 0);
    assert_int_equal(fires(RULE("{\"near\":[\"critics\",\"invasion\"],\"sentence\":true}"), a), 1);
    na_rules *r = rules(RULE("{\"near\":[\"critics\",\"invasion\"],\"sentence\":true}"));
    struct got g = {0};
    assert_int_equal(na_rules_eval(r, a, keep, &g), NA_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.al[0]->evidence[0].snippet, "Critics expect an invasion soon.");
    assert_int_equal(g.al[0]->evidence[0].start, 26);
    release(&g);
    na_rules_destroy(r);
    na_article_destroy(a);
}

static void test_exclusions(void **state)
{
    (void)state;
    const char *json = "{\"rules\":[{\"id\":\"t\",\"exclude\":[\"denial of service\"],"
                       "\"match\":{\"near\":[\"denial\",\"attack*\"],\"within\":3}}]}";
    na_article *a = article("H", "The bank suffered a denial-of-service attack.", NULL);
    assert_int_equal(fires(json, a), 0);
    na_article_destroy(a);
    a = article("H", "A denial of service attack hit, and a denial of the attack followed.", NULL);
    assert_int_equal(fires(json, a), 1); /* only the look-alike's own words are masked */
    na_article_destroy(a);
}

static void test_counts_and_score(void **state)
{
    (void)state;
    na_article *a = article("Sanctions", "New sanctions. More sanctions.", "Tariffs too.", NULL);
    assert_int_equal(fires(RULE("{\"terms\":\"sanctions\",\"min\":3}"), a), 1);
    assert_int_equal(fires(RULE("{\"terms\":\"sanctions\",\"min\":4}"), a), 0);
    na_rules *r = rules("{\"rules\":[{\"id\":\"s\",\"min_score\":7,\"match\":{\"any\":["
                        "{\"terms\":\"sanctions\",\"weight\":2},{\"terms\":\"tariff*\"}]}}]}");
    struct got g = {0};
    assert_int_equal(na_rules_eval(r, a, keep, &g), NA_OK);
    assert_int_equal(g.n, 1);
    assert_true(g.al[0]->score == 7.0); /* 3 mentions x 2 + 1 */
    release(&g);
    na_rules_destroy(r);
    assert_int_equal(fires("{\"rules\":[{\"id\":\"s\",\"min_score\":7.5,\"match\":{\"any\":["
                           "{\"terms\":\"sanctions\",\"weight\":2},\"tariff*\"]}}]}",
                           a),
                     0);
    na_article_destroy(a);
}

static void test_quantities(void **state)
{
    (void)state;
    const char *json = RULE("{\"quantity\":{\"unit\":[\"troops\",\"soldiers\"],\"min\":50000}}");
    na_article *a = article("H", "Some 60,000 soldiers massed.", NULL);
    na_article_add_quantity(a, 60000, strdup("soldiers"), strdup("60,000 soldiers"),
                            (na_span){0, 5, 20});
    assert_int_equal(fires(json, a), 1);
    a->quantities[0].value = 40000;
    assert_int_equal(fires(json, a), 0); /* the event's value wins over the text */
    na_article_destroy(a);

    /* no quantities in the event: the number before the unit is read from the text */
    a = article("H", "Around 100,000 Russian troops gathered; 2,000 soldiers left.", NULL);
    assert_int_equal(fires(json, a), 1);
    assert_int_equal(fires(RULE("{\"quantity\":{\"unit\":\"soldiers\",\"min\":50000}}"), a), 0);
    assert_int_equal(fires(RULE("{\"quantity\":{\"unit\":\"troops\",\"max\":1000}}"), a), 0);
    na_article_destroy(a);
    a = article("H", "Some 40 thousand troops and 1.5 million soldiers.", NULL);
    assert_int_equal(fires(RULE("{\"quantity\":{\"unit\":\"troops\",\"min\":40000,\"max\":"
                                "40000}}"),
                           a),
                     1);
    assert_int_equal(fires(RULE("{\"quantity\":{\"unit\":\"soldiers\",\"min\":1500000}}"), a), 1);
    na_article_destroy(a);
    /* proximity between a quantity and a term */
    a = article("H", "Russia massed 100,000 troops. Later 30,000 troops went home.", NULL);
    assert_int_equal(fires(RULE("{\"near\":[{\"quantity\":{\"unit\":\"troops\",\"min\":50000}},"
                                "\"massed\"],\"sentence\":true}"),
                           a),
                     1);
    assert_int_equal(fires(RULE("{\"near\":[{\"quantity\":{\"unit\":\"troops\",\"min\":50000}},"
                                "\"home\"],\"sentence\":true}"),
                           a),
                     0);
    na_article_destroy(a);
}

static void test_evidence_offsets(void **state)
{
    (void)state;
    const char *p = "\xe2\x80\x9c"
                    "Caf\xc3\xa9\xe2\x80\x9d owners face SANCTIONS.";
    na_article *a = article("H", p, NULL);
    na_rules *r = rules(RULE("{\"all\":[\"cafe\",\"sanctions\"]}"));
    struct got g = {0};
    assert_int_equal(na_rules_eval(r, a, keep, &g), NA_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.al[0]->rule_id, "t");
    assert_string_equal(g.al[0]->event_id, "e1");
    assert_int_equal(g.al[0]->n_evidence, 2);
    const na_evidence *e = &g.al[0]->evidence[0];
    assert_string_equal(e->field, "body");
    assert_int_equal(e->start, 3);
    assert_int_equal(e->end, 8);
    assert_string_equal(e->snippet, "Caf\xc3\xa9");
    assert_string_equal(g.al[0]->evidence[1].snippet, "SANCTIONS");
    assert_int_equal(g.al[0]->evidence[1].start, 24);
    release(&g);
    na_rules_destroy(r);
    na_article_destroy(a);
}

static int count_cb(const char *rule_id, const char *node, const char *term, size_t count, void *ud)
{
    char *out = ud;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s %s %s %zu;", rule_id, node, term, count);
    return 0;
}

static void test_mentions_and_disabled(void **state)
{
    (void)state;
    na_article *a = article("Sanctions", "Sanctions and embargoes, sanctions again.", NULL);
    na_rules *r = rules("{\"rules\":[{\"id\":\"a\",\"match\":{\"terms\":[\"sanctions\","
                        "\"embargo*\"]}},{\"id\":\"b\",\"enabled\":false,\"match\":\"x\"}]}");
    char out[256] = "";
    assert_int_equal(na_rules_mentions(r, a, count_cb, out), NA_OK);
    assert_string_equal(out, "a /rules/0/match/0 sanctions 3;a /rules/0/match/1 embargo* 1;");
    na_rules_destroy(r);
    assert_int_equal(
        fires("{\"rules\":[{\"id\":\"a\",\"enabled\":false,\"match\":\"sanctions\"}]}", a), 0);
    na_article_destroy(a);
}

static void test_word_forms(void **state)
{
    (void)state;
    const char *r = RULE("{\"terms\": [\"deny~\", \"embargo~\", \"plan~ to attack\"]}");
    const char *yes[] = {"Moscow denies it.",        "Moscow denied it.",
                         "Moscow keeps denying it.", "Two embargoes stay.",
                         "It planned to attack.",    "It plans to attack.",
                         "It is planning to attack."};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        na_article *a = article("-", yes[i], NULL);
        assert_int_equal(fires(r, a), 1);
        na_article_destroy(a);
    }
    const char *no[] = {"A denier spoke.", "Undeniably so.", "Plants to attack."};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        na_article *a = article("-", no[i], NULL);
        assert_int_equal(fires(r, a), 0);
        na_article_destroy(a);
    }
}

static void test_order_before_after(void **state)
{
    (void)state;
    na_article *a = article("-", "Russia will invade, which Moscow denies.", NULL);
    assert_int_equal(fires(RULE("{\"near\": [\"deny~\", \"invade\"], \"within\": 5, "
                                "\"order\": \"after\"}"),
                           a),
                     1);
    assert_int_equal(fires(RULE("{\"near\": [\"deny~\", \"invade\"], \"within\": 5, "
                                "\"order\": \"before\"}"),
                           a),
                     0);
    na_article_destroy(a);
}

static void test_clause_and_actor(void **state)
{
    (void)state;
    const char *r = RULE("{\"near\": [\"deny~\", \"invade\"], \"scope\": \"sentence\", "
                         "\"actor\": [\"moscow\"], \"actor_before\": true}");
    assert_int_equal(fires_text(r, "Moscow denies it plans to invade."), 1);
    /* another clause; the actor after the denial */
    assert_int_equal(fires_text(r, "Moscow spoke; Kyiv denies it plans to invade."), 0);
    assert_int_equal(fires_text(r, "Kyiv denies that Moscow plans to invade."), 0);
    assert_int_equal(fires_text(r, "Troops massed while denying plans to invade, Moscow said."), 0);
    const char *c = RULE("{\"near\": [\"troops\", \"border\"], \"scope\": \"clause\"}");
    assert_int_equal(fires_text(c, "Troops rested, but the border stayed quiet."), 0);
    assert_int_equal(fires_text(c, "Troops rested near the border."), 1);
}

/* An article of one paragraph p holding one quotation q (its first occurrence in p). */
static na_article *quoted(const char *p, const char *q, const char *speaker)
{
    na_article *a = article("-", p, NULL);
    size_t s = (size_t)(strstr(p, q) - p);
    na_article_add_quote(a, strdup(q), speaker ? strdup(speaker) : NULL,
                         (na_span){0, s, s + strlen(q)});
    return a;
}

static void test_actor_speaks_the_quotation(void **state)
{
    (void)state;
    const char *r = RULE("{\"near\": [\"no plans\", \"invade\"], \"scope\": \"sentence\", "
                         "\"actor\": [\"peskov\", \"kremlin\"], \"actor_before\": true}");
    const char *p = "\"We have no plans to invade,\" Dmitry Peskov said.";
    na_article *a = quoted(p, "We have no plans to invade", "Dmitry Peskov");
    assert_int_equal(fires(r, a), 1); /* the speaker, named after the quotation */
    na_article_destroy(a);
    a = quoted(p, "We have no plans to invade", NULL);
    assert_int_equal(fires(r, a), 0); /* an unattributed quotation has no speaker */
    na_article_destroy(a);
    a = quoted(p, "We have no plans to invade", "Blinken");
    assert_int_equal(fires(r, a), 0); /* Peskov stands there but is not the speaker */
    na_article_destroy(a);
    p = "\"Kremlin aides have no plans to invade,\" Blinken said.";
    a = quoted(p, "Kremlin aides have no plans to invade", "Blinken");
    assert_int_equal(fires(r, a), 1); /* the actor inside the quotation, before: the clause */
    na_article_destroy(a);
    p = "\"We have no plans to invade. Nobody does,\" Peskov said.";
    a = quoted(p, "We have no plans to invade. Nobody does", "Peskov");
    assert_int_equal(fires(r, a), 1); /* a quotation of two sentences, attributed after */
    na_article_destroy(a);
    p = "\"We have no plans to invade,\" he said. Peskov left.";
    a = quoted(p, "We have no plans to invade", "Peskov");
    assert_int_equal(fires(r, a), 0); /* named in another sentence than the quotation's */
    na_article_destroy(a);

    /* a terms condition takes an actor too: in the clause before it, or speaking it */
    const char *t = RULE("{\"terms\": \"will not invade\", \"actor\": [\"lavrov\"], "
                         "\"actor_before\": true}");
    assert_int_equal(fires_text(t, "Lavrov said Russia will not invade."), 1);
    assert_int_equal(fires_text(t, "Kyiv will not invade, Lavrov was told."), 0);
    p = "\"We will not invade,\" said Sergei Lavrov.";
    a = quoted(p, "We will not invade", "Sergei Lavrov");
    assert_int_equal(fires(t, a), 1);
    na_article_destroy(a);
    const char *bad = RULE("{\"all\": [\"x\"], \"actor\": [\"y\"]}"); /* near and terms only */
    assert_null(
        na_rules_load_text("t.json", bad, strlen(bad), NULL, NULL, NULL, (char[256]){0}, 256));
}

static void test_unless_window(void **state)
{
    (void)state;
    const char *r =
        RULE("{\"terms\": \"sanctions\", \"unless\": [\"doping\"], \"unless_within\": 3}");
    assert_int_equal(fires_text(r, "Doping sanctions hit two riders."), 0);
    na_article *a = article(
        "-", "Doping was discussed at length by the panel before new sanctions on Iran.", NULL);
    assert_int_equal(fires(r, a), 1); /* doping is more than 3 words away */
    const char *s = RULE("{\"terms\": \"sanctions\", \"unless\": [\"doping\"]}");
    assert_int_equal(fires(s, a), 0); /* sentence-scoped by default */
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_forms),
        cmocka_unit_test(test_order_before_after),
        cmocka_unit_test(test_clause_and_actor),
        cmocka_unit_test(test_unless_window),
        cmocka_unit_test(test_actor_speaks_the_quotation),
        cmocka_unit_test(test_terms_boundaries_and_folding),
        cmocka_unit_test(test_word_starts_and_punctuation),
        cmocka_unit_test(test_word_ends_past_ascii),
        cmocka_unit_test(test_adjacent_and_shared_literals),
        cmocka_unit_test(test_all_any_none),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_quotes_scope),
        cmocka_unit_test(test_near_within),
        cmocka_unit_test(test_near_sentence),
        cmocka_unit_test(test_exclusions),
        cmocka_unit_test(test_counts_and_score),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_evidence_offsets),
        cmocka_unit_test(test_mentions_and_disabled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
