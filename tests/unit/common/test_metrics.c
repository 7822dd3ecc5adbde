/* common/metrics.c: the families, series and their text exposition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/metrics.h"

static int reset(void **state)
{
    (void)state;
    na_metrics_reset();
    return 0;
}

static void disabled_records_nothing(void **state)
{
    (void)state;
    na_metrics_inc(NA_M_C_RECORDS, NULL, NULL);
    assert_false(na_metrics_enabled());
    na_metrics_enable(NA_METRICS_CONSUMER);
    assert_true(na_metrics_get(NA_M_C_RECORDS, NULL, NULL) == 0);
}

static void counters_with_labels(void **state)
{
    (void)state;
    na_metrics_enable(NA_METRICS_CONSUMER);
    na_metrics_inc(NA_M_C_RECORDS, NULL, NULL);
    na_metrics_add(NA_M_C_RECORDS, NULL, NULL, 2);
    na_metrics_inc(NA_M_C_DELIVERIES, "slack", "delivered");
    na_metrics_inc(NA_M_C_DELIVERIES, "slack", "delivered");
    na_metrics_inc(NA_M_C_DELIVERIES, "slack", "dead");
    na_metrics_inc(NA_M_C_ALERTS, "say \"hi\"\\\n", NULL);
    assert_true(na_metrics_get(NA_M_C_RECORDS, NULL, NULL) == 3);
    assert_true(na_metrics_get(NA_M_C_DELIVERIES, "slack", "delivered") == 2);
    char *t = na_metrics_render(NULL);
    assert_non_null(t);
    assert_non_null(strstr(t, "# TYPE newsalert_consumer_records_total counter\n"
                              "newsalert_consumer_records_total 3\n"));
    assert_non_null(strstr(
        t, "newsalert_consumer_deliveries_total{destination=\"slack\",outcome=\"delivered\"} 2\n"));
    assert_non_null(strstr(
        t, "newsalert_consumer_deliveries_total{destination=\"slack\",outcome=\"dead\"} 1\n"));
    assert_non_null(
        strstr(t, "newsalert_consumer_alerts_total{rule=\"say \\\"hi\\\"\\\\\\n\"} 1\n"));
    /* The producer's families are not the consumer's business. */
    assert_null(strstr(t, "newsalert_producer_events_read_total"));
    assert_non_null(strstr(t, "newsalert_build_info{version=\"" NA_VERSION
                              "\",binary=\"newsalert-consumer\"} 1\n"));
    free(t);
}

static void histogram_buckets_are_cumulative(void **state)
{
    (void)state;
    na_metrics_enable(NA_METRICS_CONSUMER);
    na_metrics_observe(NA_M_C_DELIVERY_LATENCY, "d", 0.003);
    na_metrics_observe(NA_M_C_DELIVERY_LATENCY, "d", 0.2);
    na_metrics_observe(NA_M_C_DELIVERY_LATENCY, "d", 1000);
    char *t = na_metrics_render(NULL);
    assert_non_null(t);
    const char *p = "newsalert_consumer_delivery_latency_seconds";
    char want[256];
    snprintf(want, sizeof want, "%s_bucket{destination=\"d\",le=\"0.005\"} 1\n", p);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "%s_bucket{destination=\"d\",le=\"0.25\"} 2\n", p);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "%s_bucket{destination=\"d\",le=\"300\"} 2\n", p);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "%s_bucket{destination=\"d\",le=\"+Inf\"} 3\n", p);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "%s_sum{destination=\"d\"} 1000.203\n", p);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "%s_count{destination=\"d\"} 3\n", p);
    assert_non_null(strstr(t, want));
    free(t);
}

static void gauges_set_and_clear(void **state)
{
    (void)state;
    na_metrics_enable(NA_METRICS_CONSUMER);
    na_metrics_set(NA_M_C_PARTITION_LAG, "t", "0", 5);
    na_metrics_set(NA_M_C_PARTITION_LAG, "t", "0", 7);
    na_metrics_set(NA_M_C_PARTITION_LAG, "t", "1", 1);
    assert_true(na_metrics_get(NA_M_C_PARTITION_LAG, "t", "0") == 7);
    na_metrics_clear(NA_M_C_PARTITION_LAG);
    char *t = na_metrics_render(NULL);
    assert_null(strstr(t, "newsalert_consumer_partition_lag{"));
    free(t);
}

/* Declare once: every family of the table has its row in docs/operations.md. */
static void every_family_is_documented(void **state)
{
    (void)state;
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/operations.md", src);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char doc[1 << 17];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    for (int m = 0; m < NA_M__COUNT; m++) {
        char row[160];
        snprintf(row, sizeof row, "| `%s` |", na_metrics_name((enum na_metric)m));
        if (!strstr(doc, row))
            fail_msg("docs/operations.md has no row for %s", na_metrics_name((enum na_metric)m));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(disabled_records_nothing, reset),
        cmocka_unit_test_setup(counters_with_labels, reset),
        cmocka_unit_test_setup(histogram_buckets_are_cumulative, reset),
        cmocka_unit_test_setup(gauges_set_and_clear, reset),
        cmocka_unit_test(every_family_is_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
