/* Backtest routing on event time: digests per group and group_wait, min_severity, inhibition,
 * all recorded in the report's "routing" (JSON) and its page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "modes/route_sim.h"
#include "newsalert/file.h"

static na_alert *alert(const char *rule, const char *sev, const char *event, int64_t t)
{
    na_alert *al = na_alert_new();
    char id[96];
    snprintf(id, sizeof id, "al_%s_%s", rule, event);
    al->id = strdup(id);
    al->rule_id = strdup(rule);
    al->severity = strdup(sev);
    al->event_id = strdup(event);
    al->headline = strdup(event);
    al->time_ms = t;
    return al;
}

static const char *cfg_text =
    "{\"destinations\": {"
    " \"desk\": {\"type\": \"slack\", \"url\": \"http://x\", \"default\": true,"
    "  \"digest\": {\"group_by\": [\"rule\"], \"group_wait_s\": 60, \"group_interval_s\": 600}},"
    " \"pager\": {\"type\": \"generic\", \"url\": \"http://x\", \"default\": true,"
    "  \"min_severity\": \"critical\"}},"
    " \"inhibit_rules\": [{\"source_match\": {\"rule\": \"denial\"},"
    "  \"target_match\": {\"rule\": \"sanctions\"}, \"equal\": [\"story\"]}]}";

static void feed(na_route_sim *s, const char *rule, const char *sev, const char *ev, int64_t t)
{
    na_alert *al = alert(rule, sev, ev, t);
    assert_int_equal(na_route_sim_alert(s, al), 0);
    na_alert_destroy(al);
}

static void test_routing_recorded(void **state)
{
    (void)state;
    char err[256];
    na_destinations *cfg =
        na_destinations_parse(cfg_text, strlen(cfg_text), "cfg.json", NULL, err, sizeof err);
    assert_non_null(cfg);
    na_report *rep = na_report_new("t");
    na_route_sim *s = na_route_sim_new(cfg, rep);
    int64_t t0 = 1700000000000;
    feed(s, "sanctions", "warning", "e1", t0);          /* group sanctions opens */
    feed(s, "sanctions", "warning", "e2", t0 + 30000);  /* within group_wait: same message */
    feed(s, "sanctions", "warning", "s9", t0 + 40000);  /* inhibited while it waits, below */
    feed(s, "denial", "critical", "s9", t0 + 50000);    /* bypass: alone to desk and pager */
    feed(s, "sanctions", "warning", "e3", t0 + 120000); /* after the first message: next one */
    feed(s, "sanctions", "warning", "s9", t0 + 130000); /* inhibited at once */
    na_route_sim_finish(s);
    na_route_sim_destroy(s);
    char path[64];
    snprintf(path, sizeof path, "/tmp/na-route-sim-%d.json", (int)getpid());
    assert_int_equal(na_report_write_json(rep, path, err, sizeof err), 0);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    unlink(path);
    assert_non_null(root);
    json_t *r = json_object_get(root, "routing");
    json_t *desk = json_object_get(json_object_get(r, "destinations"), "desk");
    json_t *pager = json_object_get(json_object_get(r, "destinations"), "pager");
    assert_int_equal(json_integer_value(json_object_get(desk, "alone")), 1);
    assert_int_equal(json_integer_value(json_object_get(desk, "in_digests")), 4);
    assert_int_equal(json_integer_value(json_object_get(desk, "digests")), 2);
    assert_int_equal(json_integer_value(json_object_get(desk, "messages")), 3);
    assert_int_equal(json_integer_value(json_object_get(desk, "messages_without_digests")), 5);
    assert_int_equal(json_integer_value(json_object_get(pager, "alone")), 1);
    assert_int_equal(json_integer_value(json_object_get(pager, "below_min_severity")), 4);
    json_t *list = json_object_get(json_object_get(r, "digests"), "list");
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "alerts")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "group")),
                        "rule=sanctions");
    json_t *inh = json_object_get(r, "inhibited");
    assert_int_equal(json_integer_value(json_object_get(inh, "total")), 2);
    json_decref(root);

    snprintf(path, sizeof path, "/tmp/na-route-sim-%d.html", (int)getpid());
    assert_int_equal(na_report_write_html(rep, path, err, sizeof err), 0);
    size_t len;
    char *html = na_file_read(path, 0, &len, err, sizeof err);
    unlink(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "<h2>Routing</h2>"));
    assert_non_null(
        strstr(html, "<td>desk</td><td>1</td><td>4</td><td>2</td><td>3</td><td>5</td>"));
    assert_non_null(strstr(html, "2 digest messages"));
    assert_non_null(strstr(html, "2 alerts muted by an inhibit rule"));
    assert_non_null(strstr(html, "<td>rule=sanctions</td><td>2</td>"));
    free(html);
    na_report_destroy(rep);
    na_destinations_destroy(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routing_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
