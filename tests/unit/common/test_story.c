/* Story signatures and the story index: identical, near and different texts; the horizon;
 * the story in the event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/event.h"
#include "newsalert/story.h"

/* Self-written texts: one wire story, a copy with an edited headline, and another story. */
#define H1 "Central bank raises interest rates by half a point to curb inflation"
#define L1                                                                                         \
    "The central bank raised its main interest rate by half a percentage point on Thursday, "      \
    "the largest increase in two decades, saying inflation had spread beyond energy and food."
#define H2 "Central bank raises interest rates by half a point to curb inflation - sources"
#define L2                                                                                         \
    "The central bank raised its main interest rate by half a percentage point on Thursday, "      \
    "the biggest increase in two decades, saying inflation had spread beyond energy and food."
#define H3 "Flooding closes mountain roads as heavy rain hits the north"
#define L3                                                                                         \
    "Several mountain passes were closed on Sunday after two days of heavy rain caused "           \
    "landslides, and rescue teams evacuated a village cut off by the river."

static void test_identical(void **state)
{
    (void)state;
    assert_int_equal(na_story_distance(na_story_simhash(H1, L1), na_story_simhash(H1, L1)), 0);
    /* case and punctuation do not matter */
    assert_int_equal(na_story_distance(na_story_simhash(H1, L1),
                                       na_story_simhash("CENTRAL BANK RAISES INTEREST RATES BY "
                                                        "HALF A POINT, TO CURB INFLATION!",
                                                        L1)),
                     0);
}

static void test_near_and_different(void **state)
{
    (void)state;
    uint64_t a = na_story_simhash(H1, L1), b = na_story_simhash(H2, L2),
             c = na_story_simhash(H3, L3);
    int near = na_story_distance(a, b), far = na_story_distance(a, c);
    assert_true(near <= NA_STORY_MAX_DISTANCE);
    assert_true(far > NA_STORY_MAX_DISTANCE);
    assert_true(near < far);
    assert_int_equal(na_story_distance(0, ~0ULL), 64);
}

static void test_article_lead(void **state)
{
    (void)state;
    na_article *a = na_article_new();
    assert_int_equal(na_article_set(&a->headline, H1), 0);
    assert_int_equal(na_strlist_push(&a->paragraphs, L1), 0);
    assert_int_equal(na_strlist_push(&a->paragraphs, L3), 0); /* the body beyond the lead */
    assert_true(na_story_article_simhash(a) == na_story_simhash(H1, L1));
    assert_int_equal(na_article_set(&a->standfirst, L2), 0); /* the standfirst is the lead */
    assert_true(na_story_article_simhash(a) == na_story_simhash(H1, L2));
    na_article_destroy(a);
}

static void test_index_groups_copies(void **state)
{
    (void)state;
    na_story_index *ix = na_story_index_new(-1, -1);
    const char *story;
    int d = -1;
    int64_t t = 1649419200000;
    assert_int_equal(na_story_index_assign(ix, na_story_simhash(H1, L1), t, "a1", &story, &d), 0);
    assert_string_equal(story, "a1");
    assert_int_equal(d, 0);
    assert_int_equal(
        na_story_index_assign(ix, na_story_simhash(H2, L2), t + 3600000, "a2", &story, &d), 0);
    assert_string_equal(story, "a1"); /* the copy joins the first article's story */
    assert_true(d > 0);
    assert_int_equal(
        na_story_index_assign(ix, na_story_simhash(H3, L3), t + 7200000, "a3", &story, NULL), 0);
    assert_string_equal(story, "a3");
    assert_int_equal(na_story_index_size(ix), 2);
    /* past the horizon, the same text starts a story of its own */
    assert_int_equal(na_story_index_assign(ix, na_story_simhash(H2, L2),
                                           t + NA_STORY_HORIZON_MS + 1, "a4", &story, NULL),
                     0);
    assert_string_equal(story, "a4");
    na_story_index_destroy(ix);
}

static void test_index_distance_zero(void **state)
{
    (void)state;
    na_story_index *ix = na_story_index_new(0, 1000);
    const char *story;
    assert_int_equal(na_story_index_assign(ix, na_story_simhash(H1, L1), 0, "a1", &story, NULL), 0);
    assert_int_equal(na_story_index_assign(ix, na_story_simhash(H2, L2), 10, "a2", &story, NULL),
                     0);
    assert_string_equal(story, "a2"); /* distance 0: only identical signatures join */
    assert_int_equal(na_story_index_assign(ix, na_story_simhash(H1, L1), 20, "a3", &story, NULL),
                     0);
    assert_string_equal(story, "a1");
    na_story_index_destroy(ix);
}

static void test_event_carries_story(void **state)
{
    (void)state;
    na_article *a = na_article_new();
    assert_int_equal(na_article_set(&a->id, "a2"), 0);
    assert_int_equal(na_article_set(&a->headline, H2), 0);
    assert_int_equal(na_article_set(&a->story, "a1"), 0);
    a->simhash = 0x0123456789abcdefULL;
    char *json;
    size_t len;
    assert_int_equal(na_event_encode(a, &json, &len), 0);
    assert_non_null(strstr(json, "\"story\":{\"id\":\"a1\",\"simhash\":\"0123456789abcdef\"}"));
    na_article *b = NULL;
    char err[256];
    assert_int_equal(na_event_decode(json, len, &b, err, sizeof err), 0);
    assert_string_equal(b->story, "a1");
    assert_true(b->simhash == 0x0123456789abcdefULL);
    na_article_destroy(b);
    free(json);
    const char *bad = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/newsalert/outlets/x\","
                      "\"type\":\"org.newsalert.article.v1\",\"time\":\"2022-04-08T12:00:00Z\","
                      "\"datacontenttype\":\"application/json\",\"data\":{\"headline\":\"h\","
                      "\"paragraphs\":[],\"story\":{\"id\":\"a1\",\"simhash\":\"xyz\"}}}";
    b = NULL;
    assert_true(na_event_decode(bad, strlen(bad), &b, err, sizeof err) < 0);
    assert_non_null(strstr(err, "data.story.simhash"));
    na_article_destroy(b);
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical),           cmocka_unit_test(test_near_and_different),
        cmocka_unit_test(test_article_lead),        cmocka_unit_test(test_index_groups_copies),
        cmocka_unit_test(test_index_distance_zero), cmocka_unit_test(test_event_carries_story),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
