/* Routing: severity ranks, min_severity, digest and bypass, inhibit rules on the same story. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "delivery/route.h"

static char err[512];

static na_destinations *parse(const char *text)
{
    na_destinations *c =
        na_destinations_parse(text, strlen(text), "cfg.json", NULL, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    return c;
}

static na_alert *alert(const char *rule, const char *sev, const char *event, int64_t t)
{
    na_alert *al = na_alert_new();
    al->rule_id = strdup(rule);
    al->severity = strdup(sev);
    al->event_id = strdup(event);
    al->time_ms = t;
    char id[128];
    snprintf(id, sizeof id, "al_%s_%s", rule, event);
    al->id = strdup(id);
    return al;
}

static void test_severity_and_min(void **state)
{
    (void)state;
    assert_int_equal(na_severity_rank("info"), 0);
    assert_int_equal(na_severity_rank("warning"), 1);
    assert_int_equal(na_severity_rank("critical"), 2);
    assert_int_equal(na_severity_rank("bogus"), -1);
    na_destinations *c = parse(
        "{\"destinations\": {\"pager\": {\"type\": \"generic\", \"url\": \"http://x\", "
        "\"min_severity\": \"critical\"},"
        " \"desk\": {\"type\": \"slack\", \"url\": \"http://x\", \"min_severity\": \"warning\","
        " \"digest\": {\"group_by\": [\"rule\"]}},"
        " \"all\": {\"type\": \"generic\", \"url\": \"http://x\","
        " \"digest\": {\"group_by\": [], \"bypass_severity\": \"none\"}}}}");
    const na_destination *pager = na_destinations_find(c, "pager"),
                         *desk = na_destinations_find(c, "desk"),
                         *all = na_destinations_find(c, "all");
    na_alert *info = alert("r", "info", "e1", 1), *warn = alert("r", "warning", "e1", 1),
             *crit = alert("r", "critical", "e1", 1);
    assert_int_equal(na_route(pager, info, 0), NA_ROUTE_BELOW_MIN);
    assert_int_equal(na_route(pager, warn, 0), NA_ROUTE_BELOW_MIN);
    assert_int_equal(na_route(pager, crit, 0), NA_ROUTE_SEND);
    assert_int_equal(na_route(desk, info, 0), NA_ROUTE_BELOW_MIN);
    assert_int_equal(na_route(desk, warn, 0), NA_ROUTE_DIGEST);
    assert_int_equal(na_route(desk, crit, 0), NA_ROUTE_SEND); /* bypass_severity critical */
    assert_int_equal(na_route(all, info, 0), NA_ROUTE_DIGEST);
    assert_int_equal(na_route(all, crit, 0), NA_ROUTE_DIGEST); /* bypass none */
    assert_int_equal(na_route(all, crit, 1), NA_ROUTE_INHIBITED);
    assert_string_equal(na_route_verdict_name(NA_ROUTE_BELOW_MIN), "below_min_severity");
    na_alert_destroy(info);
    na_alert_destroy(warn);
    na_alert_destroy(crit);
    na_destinations_destroy(c);
}

static void test_fields(void **state)
{
    (void)state;
    na_alert *al = alert("r", "warning", "e1", 1);
    al->outlet = strdup("Wire");
    al->group_key = strdup("Kyiv");
    for (const char *const *f = na_destinations_alert_fields(); *f; f++)
        if (!na_alert_field(al, *f))
            fail_msg("field %s has no value", *f);
    assert_string_equal(na_alert_field(al, "story"), "e1"); /* no story: its article */
    al->story = strdup("st_9");
    assert_string_equal(na_alert_field(al, "story"), "st_9");
    assert_string_equal(na_alert_field(al, "key"), "Kyiv");
    assert_null(na_alert_field(al, "place"));
    na_alert_destroy(al);
}

static const char *inhibit_cfg =
    "{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\"}},"
    " \"inhibit_rules\": [{\"source_match\": {\"rule\": \"denial\", \"severity\": \"critical\"},"
    " \"target_match\": {\"rule\": \"sanctions\"}, \"equal\": [\"story\"], \"duration_s\": 3600}]}";

static void test_inhibit_same_story(void **state)
{
    (void)state;
    na_destinations *c = parse(inhibit_cfg);
    assert_int_equal(c->n_inhibit, 1);
    na_router *r = na_router_new(c);
    int64_t t0 = 1700000000000;
    na_alert *early = alert("sanctions", "warning", "s1", t0 - 1000);
    na_alert *src = alert("denial", "critical", "s1", t0);
    na_alert *same = alert("sanctions", "warning", "s1", t0 + 60000);
    na_alert *other = alert("sanctions", "warning", "s2", t0 + 60000);
    na_alert *late = alert("sanctions", "warning", "s1", t0 + 3601000);
    na_alert *weak = alert("denial", "warning", "s3", t0);
    na_alert *weak_target = alert("sanctions", "warning", "s3", t0);
    size_t rule = 9;
    assert_int_equal(na_router_observe(r, early, &rule), 0); /* no source yet: sent */
    assert_int_equal(na_router_observe(r, src, &rule), 0);   /* a source is not inhibited */
    assert_int_equal(na_router_inhibited(r, early, NULL), 1);      /* but had it waited in a digest... */
    assert_int_equal(na_router_observe(r, same, &rule), 1);
    assert_int_equal(rule, 0);
    assert_int_equal(na_router_observe(r, other, NULL), 0); /* another story */
    assert_int_equal(na_router_observe(r, late, NULL), 0);  /* past duration_s */
    assert_int_equal(na_router_observe(r, weak, NULL), 0);  /* warning: no source */
    assert_int_equal(na_router_observe(r, weak_target, NULL), 0);
    na_alert *list[] = {early, src, same, other, late, weak, weak_target};
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        na_alert_destroy(list[i]);
    na_router_destroy(r);
    na_destinations_destroy(c);
}

/* An alert matching both sides never inhibits another that does (Alertmanager), nor itself. */
static void test_inhibit_both_sides(void **state)
{
    (void)state;
    na_destinations *c =
        parse("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\"}},"
              " \"inhibit_rules\": [{\"source_match\": {\"severity\": \"critical\"},"
              " \"target_match\": {}, \"equal\": [\"story\"]}]}");
    na_router *r = na_router_new(c);
    na_alert *a = alert("x", "critical", "s1", 1000), *b = alert("y", "critical", "s1", 2000),
             *w = alert("z", "warning", "s1", 3000);
    assert_int_equal(na_router_observe(r, a, NULL), 0);
    assert_int_equal(na_router_observe(r, b, NULL), 0);
    assert_int_equal(na_router_observe(r, w, NULL), 1);
    na_alert_destroy(a);
    na_alert_destroy(b);
    na_alert_destroy(w);
    na_router_destroy(r);
    na_destinations_destroy(c);
}

static void expect_error(const char *text, const char *want)
{
    na_destinations *c =
        na_destinations_parse(text, strlen(text), "cfg.json", NULL, err, sizeof err);
    assert_null(c);
    if (strcmp(err, want))
        fail_msg("got  %s\nwant %s", err, want);
}

static void test_config_errors(void **state)
{
    (void)state;
    expect_error("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"min_severity\": \"loud\"}}}",
                 "cfg.json:2:18: \"min_severity\" must be info, warning or critical");
    expect_error("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"digest\": {\"group_by\": [\"rule\", \"place\"]}}}}",
                 "cfg.json:2:34: must be an alert field: rule, story, severity, outlet, event or "
                 "key");
    expect_error("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"digest\": {\"group_wait_s\": 1}}}}",
                 "cfg.json:2:2: missing \"group_by\"");
    expect_error("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\"}},\n"
                 " \"inhibit_rules\": [{\"source_match\": {\"rule\": \"a\"},\n"
                 "   \"target_match\": {\"colour\": \"red\"}}]}",
                 "cfg.json:3:21: \"colour\" is not an alert field: rule, story, severity, outlet, "
                 "event or key");
    expect_error("{\"destinations\": {\"d\": {\"type\": \"generic\", \"url\": \"http://x\"}},\n"
                 " \"inhibit_rules\": [{\"target_match\": {}}]}",
                 "cfg.json:2:20: missing \"source_match\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_severity_and_min),   cmocka_unit_test(test_fields),
        cmocka_unit_test(test_inhibit_same_story), cmocka_unit_test(test_inhibit_both_sides),
        cmocka_unit_test(test_config_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
