/* Digest groups: group_by, group_wait, group_interval, the per-message cap, flush, the keep hook,
 * and a webhook-id that depends only on the destination and the set of alert ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "delivery/digest.h"

typedef struct sink {
    size_t messages, alerts, dropped;
    char last_group[256], last_id[80];
    size_t last_n;
    uint64_t tag_sum;
} sink;

static void on_emit(const na_digest_batch *b, void *ud)
{
    sink *s = ud;
    s->messages++;
    s->alerts += b->n;
    s->last_n = b->n;
    snprintf(s->last_group, sizeof s->last_group, "%s", b->group);
    snprintf(s->last_id, sizeof s->last_id, "%s", b->id);
    for (size_t i = 0; i < b->n; i++)
        s->tag_sum += b->tags[i];
}

static int keep_not_muted(const na_alert *al, void *ud)
{
    (void)ud;
    return strcmp(al->rule_id, "muted") != 0;
}

static void on_drop(const na_alert *al, uint64_t tag, void *ud)
{
    (void)al;
    sink *s = ud;
    s->dropped++;
    s->tag_sum += tag;
}

static na_destinations *config(void)
{
    const char *t = "{\"destinations\": {\"d\": {\"type\": \"discord\", \"url\": \"http://x\","
                    " \"digest\": {\"group_by\": [\"rule\"], \"group_wait_s\": 30,"
                    " \"group_interval_s\": 300, \"max_alerts_per_message\": 4}},"
                    " \"s\": {\"type\": \"slack\", \"url\": \"http://x\","
                    " \"digest\": {\"group_by\": []}}}}";
    char err[256];
    na_destinations *c = na_destinations_parse(t, strlen(t), "cfg.json", NULL, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    return c;
}

static na_alert *alert(const char *rule, int i)
{
    na_alert *al = na_alert_new();
    char id[64];
    snprintf(id, sizeof id, "al_%s_%d", rule, i);
    al->id = strdup(id);
    al->rule_id = strdup(rule);
    al->severity = strdup("warning");
    al->event_id = strdup(id + 3);
    al->headline = strdup("h");
    al->time_ms = -1;
    return al;
}

static void add(na_digest *g, const na_destination *d, const char *rule, int i, int64_t now)
{
    na_alert *al = alert(rule, i);
    assert_int_equal(na_digest_add(g, d, al, (uint64_t)i, now), 0);
    na_alert_destroy(al);
}

static void test_wait_and_interval(void **state)
{
    (void)state;
    na_destinations *c = config();
    const na_destination *d = na_destinations_find(c, "d");
    assert_int_equal(d->group_wait_ms, 30000);
    assert_int_equal(na_digest_cap(d), 4);
    sink s = {0};
    na_digest_hooks h = {on_emit, NULL, NULL};
    na_digest *g = na_digest_new(c, &h, &s);
    add(g, d, "a", 1, 0);
    add(g, d, "a", 2, 10000);
    add(g, d, "b", 3, 20000);
    assert_int_equal(na_digest_held(g), 3);
    assert_int_equal(na_digest_tick(g, 29999), 0); /* group a waits 30 s from its first */
    assert_int_equal(na_digest_tick(g, 30000), 1);
    assert_int_equal(s.last_n, 2);
    assert_string_equal(s.last_group, "rule=a");
    assert_int_equal(na_digest_tick(g, 50000), 1); /* group b: 30 s after its first */
    assert_string_equal(s.last_group, "rule=b");
    add(g, d, "a", 4, 60000); /* a was sent at 30 s: waits until 330 s */
    assert_int_equal(na_digest_tick(g, 329999), 0);
    assert_int_equal(na_digest_tick(g, 330000), 1);
    assert_int_equal(s.last_n, 1);
    /* quiet for a whole interval: forgotten, so the next alert waits group_wait again */
    assert_int_equal(na_digest_tick(g, 700000), 0);
    add(g, d, "a", 5, 700000);
    assert_int_equal(na_digest_tick(g, 729999), 0);
    assert_int_equal(na_digest_tick(g, 730000), 1);
    assert_int_equal(s.alerts, 5);
    assert_int_equal(s.tag_sum, 1 + 2 + 3 + 4 + 5);
    assert_int_equal(na_digest_held(g), 0);
    na_digest_destroy(g);
    na_destinations_destroy(c);
}

static void test_cap_and_flush(void **state)
{
    (void)state;
    na_destinations *c = config();
    const na_destination *d = na_destinations_find(c, "d"), *sl = na_destinations_find(c, "s");
    assert_int_equal(na_digest_cap(sl), 48); /* 0: the platform's most */
    sink s = {0};
    na_digest_hooks h = {on_emit, NULL, NULL};
    na_digest *g = na_digest_new(c, &h, &s);
    for (int i = 1; i <= 9; i++)
        add(g, d, "a", i, 0);
    assert_int_equal(s.messages, 2); /* two full messages of 4 went at once */
    assert_int_equal(s.last_n, 4);
    assert_int_equal(na_digest_held(g), 1);
    add(g, sl, "x", 10, 0);
    add(g, sl, "y", 11, 0);
    assert_int_equal(na_digest_flush(g), 2); /* d's last one, s's one group of everything */
    assert_string_equal(s.last_group, "");
    assert_int_equal(s.alerts, 11);
    assert_int_equal(na_digest_held(g), 0);
    na_digest_destroy(g);
    na_destinations_destroy(c);
}

static void test_keep_hook(void **state)
{
    (void)state;
    na_destinations *c = config();
    const na_destination *d = na_destinations_find(c, "s");
    sink s = {0};
    na_digest_hooks h = {on_emit, keep_not_muted, on_drop};
    na_digest *g = na_digest_new(c, &h, &s);
    add(g, d, "muted", 1, 0);
    add(g, d, "kept", 2, 0);
    assert_int_equal(na_digest_tick(g, 30000), 1);
    assert_int_equal(s.last_n, 1);
    assert_int_equal(s.dropped, 1);
    assert_int_equal(s.tag_sum, 3); /* every tag comes back: emitted or dropped */
    add(g, d, "muted", 3, 40000);
    assert_int_equal(na_digest_flush(g), 0); /* all dropped: no message */
    assert_int_equal(s.dropped, 2);
    na_digest_destroy(g);
    na_destinations_destroy(c);
}

static void test_stable_id(void **state)
{
    (void)state;
    na_alert *a = alert("a", 1), *b = alert("a", 2), *x = alert("a", 3);
    const na_alert *ab[] = {a, b}, *ba[] = {b, a}, *ax[] = {a, x};
    char id1[80], id2[80], id3[80], id4[80];
    na_digest_id("d", ab, 2, id1, sizeof id1);
    na_digest_id("d", ba, 2, id2, sizeof id2);
    na_digest_id("d", ax, 2, id3, sizeof id3);
    na_digest_id("e", ab, 2, id4, sizeof id4);
    assert_int_equal(strlen(id1), 3 + 64);
    assert_memory_equal(id1, "dg_", 3);
    assert_string_equal(id1, id2);
    assert_string_not_equal(id1, id3);
    assert_string_not_equal(id1, id4);
    na_alert_destroy(a);
    na_alert_destroy(b);
    na_alert_destroy(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wait_and_interval),
        cmocka_unit_test(test_cap_and_flush),
        cmocka_unit_test(test_keep_hook),
        cmocka_unit_test(test_stable_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
