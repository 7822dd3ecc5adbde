/* The story line, and the story in the Slack, Discord and Teams payloads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/format.h"

static na_alert *alert(int update)
{
    na_alert *al = na_alert_new();
    assert_int_equal(na_article_set(&al->id, "al_2") | na_article_set(&al->rule_id, "sanctions") |
                         na_article_set(&al->severity, "warning") |
                         na_article_set(&al->headline, "Sanctions on banks") |
                         na_article_set(&al->event_id, "e2") | na_article_set(&al->story, "e1"),
                     0);
    if (update) {
        assert_int_equal(na_article_set(&al->story_update_of, "al_1"), 0);
        al->story_copies = 2;
        assert_int_equal(na_strlist_push(&al->story_outlets, "Wire A") |
                             na_strlist_push(&al->story_outlets, "Paper B"),
                         0);
    }
    return al;
}

static void test_story_text(void **state)
{
    (void)state;
    na_alert *al = alert(0);
    char *s = na_format_story_text(al);
    assert_string_equal(s, "e1");
    free(s);
    na_alert_destroy(al);
    al = alert(1);
    s = na_format_story_text(al);
    assert_string_equal(s, "e1, update of al_1: 2 copies (Wire A, Paper B)");
    free(s);
    free(al->story);
    al->story = NULL;
    assert_null(na_format_story_text(al)); /* no story: no line */
    na_alert_destroy(al);
}

/* The payload as text holds the story line (and nothing of it without a story). */
static void check(json_t *(*fmt)(const na_alert *, const char *), const char *name)
{
    na_alert *al = alert(1);
    json_t *j = fmt(al, NULL);
    assert_non_null(j);
    char *s = json_dumps(j, JSON_COMPACT);
    /* the platforms escape their markup ("al\\_1" on Discord): look for the plain words */
    int ok = strstr(s, "Story") && strstr(s, "2 copies") && strstr(s, "Wire A, Paper B");
    if (!ok)
        print_error("%s: no story line in %s\n", name, s);
    assert_true(ok);
    free(s);
    json_decref(j);
    free(al->story);
    al->story = NULL;
    j = fmt(al, NULL);
    s = json_dumps(j, JSON_COMPACT);
    assert_null(strstr(s, "Story"));
    free(s);
    json_decref(j);
    na_alert_destroy(al);
}

static void test_platforms(void **state)
{
    (void)state;
    check(na_format_slack, "slack");
    check(na_format_discord, "discord");
    check(na_format_teams, "teams");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_text),
        cmocka_unit_test(test_platforms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
