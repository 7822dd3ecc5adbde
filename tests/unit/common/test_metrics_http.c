/* common/metrics_http.c: /metrics, /healthz and /readyz over a real loopback socket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "newsalert/metrics.h"
#include "newsalert/metrics_http.h"

struct body {
    char buf[65536];
    size_t n;
};

static size_t collect(char *p, size_t sz, size_t nm, void *ud)
{
    struct body *b = ud;
    size_t n = sz * nm;
    if (b->n + n >= sizeof b->buf)
        return 0;
    memcpy(b->buf + b->n, p, n);
    b->n += n;
    b->buf[b->n] = '\0';
    return n;
}

static long get(unsigned port, const char *path, struct body *b)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", port, path);
    b->n = 0;
    b->buf[0] = '\0';
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

static void endpoints(void **state)
{
    (void)state;
    char err[256];
    na_metrics_enable(NA_METRICS_PRODUCER);
    na_metrics_add(NA_M_P_READ, NULL, NULL, 41);
    na_metrics_http *h = na_metrics_http_new("127.0.0.1:0", err, sizeof err);
    assert_non_null(h);
    unsigned port = na_metrics_http_port(h);
    assert_true(port > 0);
    static struct body b;
    assert_int_equal(get(port, "/metrics", &b), 200);
    assert_non_null(strstr(b.buf, "\nnewsalert_producer_events_read_total 41\n"));
    assert_int_equal(get(port, "/healthz", &b), 200);
    na_health_set(0, "no broker yet");
    assert_int_equal(get(port, "/readyz", &b), 503);
    assert_string_equal(b.buf, "no broker yet\n");
    na_health_set(1, NULL);
    assert_int_equal(get(port, "/readyz", &b), 200);
    assert_int_equal(get(port, "/nope", &b), 404);
    na_metrics_http_destroy(h);
}

static void bad_addresses(void **state)
{
    (void)state;
    char err[256];
    assert_null(na_metrics_http_new("9100", err, sizeof err));
    assert_string_equal(err, "--metrics-addr 9100: expected HOST:PORT");
    assert_null(na_metrics_http_new("127.0.0.1:", err, sizeof err));
    assert_null(na_metrics_http_new("127.0.0.1:notaport", err, sizeof err));
    assert_non_null(strstr(err, "--metrics-addr 127.0.0.1:notaport: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endpoints),
        cmocka_unit_test(bad_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
