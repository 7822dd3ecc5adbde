/* The story fold: the first alert of a rule on a story is new, a copy is an update or folded,
 * a new rule or a higher severity on a copy is new again; alerts without a story pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "story/fold.h"

#define HOUR (3600LL * 1000)

static na_alert *alert(const char *rule, const char *severity, const char *event,
                       const char *outlet, const char *story)
{
    na_alert *al = na_alert_new();
    assert_non_null(al);
    assert_int_equal(na_article_set(&al->rule_id, rule) | na_article_set(&al->severity, severity) |
                         na_article_set(&al->event_id, event) |
                         na_article_set(&al->outlet, outlet) | na_article_set(&al->story, story),
                     0);
    assert_int_equal(na_alert_make_id(al), 0);
    return al;
}

static enum na_story_outcome apply(na_story_fold *f, na_alert *al, int64_t t)
{
    enum na_story_outcome oc;
    assert_int_equal(na_story_fold_apply(f, al, t, &oc), 0);
    return oc;
}

static void test_copy_is_an_update(void **state)
{
    (void)state;
    na_story_fold *f = na_story_fold_new(48 * HOUR, 0);
    na_alert *a = alert("sanctions", "warning", "e1", "Wire A", "e1");
    na_alert *b = alert("sanctions", "warning", "e2", "Paper B", "e1");
    assert_int_equal(apply(f, a, 0), NA_STORY_NEW);
    assert_null(a->story_update_of);
    assert_int_equal(apply(f, b, HOUR), NA_STORY_UPDATE);
    assert_string_equal(b->story_update_of, a->id);
    assert_int_equal(b->story_copies, 2);
    assert_int_equal(b->story_outlets.n, 2);
    assert_string_equal(b->story_outlets.items[0], "Wire A");
    assert_string_equal(b->story_outlets.items[1], "Paper B");
    na_story_counts c = na_story_fold_counts(f);
    assert_int_equal(c.new_alerts, 1);
    assert_int_equal(c.updates, 1);
    assert_int_equal(c.folded, 0);
    na_alert_destroy(a);
    na_alert_destroy(b);
    na_story_fold_destroy(f);
}

static void test_updates_are_spaced(void **state)
{
    (void)state;
    na_story_fold *f = na_story_fold_new(48 * HOUR, HOUR);
    const char *events[] = {"e1", "e2", "e3", "e4"};
    const int64_t at[] = {0, 10 * 60000, 20 * 60000, 90 * 60000};
    const enum na_story_outcome want[] = {NA_STORY_NEW, NA_STORY_FOLDED, NA_STORY_FOLDED,
                                          NA_STORY_UPDATE};
    for (int i = 0; i < 4; i++) {
        na_alert *al = alert("sanctions", "warning", events[i], events[i], "e1");
        assert_int_equal(apply(f, al, at[i]), want[i]);
        if (i == 3)
            assert_int_equal(al->story_copies, 4); /* the folded copies are counted in it */
        na_alert_destroy(al);
    }
    assert_int_equal(na_story_fold_counts(f).folded, 2);
    na_story_fold_destroy(f);
}

static void test_new_result_is_new(void **state)
{
    (void)state;
    na_story_fold *f = na_story_fold_new(48 * HOUR, HOUR);
    na_alert *v[] = {alert("sanctions", "warning", "e1", "A", "e1"),
                     alert("troop-buildup", "warning", "e2", "B", "e1"),
                     alert("sanctions", "critical", "e3", "C", "e1"),
                     alert("sanctions", "warning", "e4", "D", "e1"),
                     alert("sanctions", "warning", "e5", "E", "other")};
    assert_int_equal(apply(f, v[0], 0), NA_STORY_NEW);
    assert_int_equal(apply(f, v[1], 60000), NA_STORY_NEW);  /* another rule fires on a copy */
    assert_int_equal(apply(f, v[2], 120000), NA_STORY_NEW); /* a higher severity */
    assert_int_equal(apply(f, v[3], 180000), NA_STORY_FOLDED);
    assert_int_equal(apply(f, v[4], 180000), NA_STORY_NEW); /* another story */
    for (int i = 0; i < 5; i++)
        na_alert_destroy(v[i]);
    na_story_fold_destroy(f);
}

static void test_horizon_and_no_story(void **state)
{
    (void)state;
    na_story_fold *f = na_story_fold_new(2 * HOUR, 0);
    na_alert *a = alert("sanctions", "warning", "e1", "A", "e1");
    na_alert *b = alert("sanctions", "warning", "e2", "B", "e1");
    na_alert *w = alert("surge", "warning", "e3", "C", NULL);
    assert_int_equal(apply(f, a, 0), NA_STORY_NEW);
    assert_int_equal(apply(f, w, HOUR), NA_STORY_NEW); /* no story: passes */
    for (int i = 0; i < 20; i++) {                     /* other stories fill the table */
        char id[16];
        snprintf(id, sizeof id, "s%d", i);
        na_alert *x = alert("sanctions", "warning", id, "X", id);
        assert_int_equal(apply(f, x, 3 * HOUR + i), NA_STORY_NEW);
        na_alert_destroy(x);
    }
    assert_int_equal(apply(f, b, 3 * HOUR + 30), NA_STORY_NEW); /* e1's story expired */
    /* the same alert again (a record read twice) is sent again, not folded */
    assert_int_equal(apply(f, b, 3 * HOUR + 40), NA_STORY_NEW);
    assert_string_equal(na_story_outcome_name(NA_STORY_FOLDED), "folded");
    na_alert_destroy(a);
    na_alert_destroy(b);
    na_alert_destroy(w);
    na_story_fold_destroy(f);
}

/* 2,000 stories, one a minute, under a 10-hour horizon: the ones that began more than a
 * horizon ago are dropped as the table fills; each one kept is still found (a copy is its
 * update, of its first alert), each dropped one begins again. */
static void test_many_stories(void **state)
{
    (void)state;
    enum { N = 2000, MIN = 60 * 1000 };
    na_story_fold *f = na_story_fold_new(10 * HOUR, 0);
    char *first[N];
    for (int i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof id, "s%d", i);
        na_alert *x = alert("sanctions", "warning", id, "X", id);
        assert_int_equal(apply(f, x, (int64_t)i * MIN), NA_STORY_NEW);
        first[i] = strdup(x->id);
        na_alert_destroy(x);
    }
    na_story_counts c = na_story_fold_counts(f);
    assert_true(c.held >= 600 && c.held < 1024); /* the last 10 hours and a few: not all */
    int64_t now = (int64_t)N * MIN;
    for (int i = 0; i < N; i++) {
        char id[16], ev[16];
        snprintf(id, sizeof id, "s%d", i);
        snprintf(ev, sizeof ev, "copy%d", i);
        na_alert *y = alert("sanctions", "warning", ev, "Y", id);
        int kept = now - (int64_t)i * MIN <= 10 * HOUR;
        assert_int_equal(apply(f, y, now), kept ? NA_STORY_UPDATE : NA_STORY_NEW);
        if (kept)
            assert_string_equal(y->story_update_of, first[i]);
        na_alert_destroy(y);
        free(first[i]);
    }
    na_story_fold_destroy(f);
}

/* A story past its horizon begins again in its slot's place; the story moved there is found. */
static void test_story_begins_again(void **state)
{
    (void)state;
    na_story_fold *f = na_story_fold_new(2 * HOUR, 0);
    na_alert *a = alert("sanctions", "warning", "a1", "A", "a");
    na_alert *b = alert("sanctions", "warning", "b1", "B", "b");
    na_alert *c = alert("sanctions", "warning", "c1", "C", "c");
    assert_int_equal(apply(f, a, 0), NA_STORY_NEW);
    assert_int_equal(apply(f, b, HOUR), NA_STORY_NEW);
    assert_int_equal(apply(f, c, 2 * HOUR), NA_STORY_NEW);
    na_alert *a2 = alert("sanctions", "warning", "a2", "A", "a");
    assert_int_equal(apply(f, a2, 3 * HOUR), NA_STORY_NEW);       /* a is past its horizon */
    na_alert *c2 = alert("sanctions", "warning", "c2", "C", "c"); /* c moved into a's slot */
    assert_int_equal(apply(f, c2, 3 * HOUR), NA_STORY_UPDATE);
    assert_string_equal(c2->story_update_of, c->id);
    na_alert *a3 = alert("sanctions", "warning", "a3", "A", "a");
    assert_int_equal(apply(f, a3, 3 * HOUR), NA_STORY_UPDATE);
    assert_string_equal(a3->story_update_of, a2->id);
    na_alert *all[] = {a, b, c, a2, c2, a3};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        na_alert_destroy(all[i]);
    na_story_fold_destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_is_an_update), cmocka_unit_test(test_updates_are_spaced),
        cmocka_unit_test(test_new_result_is_new), cmocka_unit_test(test_horizon_and_no_story),
        cmocka_unit_test(test_many_stories),      cmocka_unit_test(test_story_begins_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
