/* The report's stories: alerts grouped per story with their outcomes, in the JSON and the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modes/report_story.h"

static na_alert *alert(const char *rule, const char *event, const char *outlet, const char *story,
                       int outcome)
{
    na_alert *al = na_alert_new();
    assert_int_equal(na_article_set(&al->rule_id, rule) | na_article_set(&al->event_id, event) |
                         na_article_set(&al->outlet, outlet) | na_article_set(&al->story, story) |
                         na_article_set(&al->headline, "Wire <story>"),
                     0);
    assert_int_equal(na_alert_make_id(al), 0);
    al->time_ms = 1649419200000;
    al->story_outcome = outcome;
    return al;
}

static void esc(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '<' ? "&lt;" : *s == '>' ? "&gt;" : (char[]){*s, 0}, f);
}

static void test_groups_per_story(void **state)
{
    (void)state;
    na_report_stories *s = na_report_stories_new();
    na_alert *v[] = {alert("sanctions", "e1", "A", "e1", 0), alert("sanctions", "e2", "B", "e1", 1),
                     alert("sanctions", "e3", "C", "e1", 2), alert("sanctions", "e9", "A", "e9", 0),
                     alert("surge", "e4", "A", NULL, 0)};
    for (int i = 0; i < 5; i++)
        assert_int_equal(na_report_stories_add(s, v[i]), 0);
    json_t *j = na_report_stories_json(s);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 2); /* no story: not one */
    assert_int_equal(json_integer_value(json_object_get(j, "with_copies")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "new")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "updates")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "folded")), 1);
    json_t *first = json_array_get(json_object_get(j, "stories"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "id")), "e1");
    assert_int_equal(json_integer_value(json_object_get(first, "copies")), 3);
    assert_int_equal(json_array_size(json_object_get(first, "outlets")), 3);
    json_t *third = json_array_get(json_object_get(first, "first_alerts"), 2);
    assert_string_equal(json_string_value(json_object_get(third, "outcome")), "folded");
    json_decref(j);

    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    na_report_stories_html(s, f, esc);
    fclose(f);
    assert_non_null(strstr(page, "2 stories raised alerts; 1 of them had copies"));
    assert_non_null(strstr(page, "Wire &lt;story&gt;")); /* escaped */
    assert_null(strstr(page, "<story>"));
    assert_non_null(strstr(page, "A, B, C"));
    assert_null(strstr(page, "e9")); /* a story without copies is counted, not listed */
    free(page);
    for (int i = 0; i < 5; i++)
        na_alert_destroy(v[i]);
    na_report_stories_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_per_story),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
