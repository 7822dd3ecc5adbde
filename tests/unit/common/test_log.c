/* common/log.c: the rate limit per call site and redaction of every line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsalert/log.h"

static char path[] = "/tmp/na-test-log-XXXXXX";

/* Runs fn with stderr going to a file; returns what it wrote (static buffer). */
static const char *capture(void (*fn)(void))
{
    static char buf[65536];
    fflush(stderr);
    int fd = mkstemp(path), saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    strcpy(path, "/tmp/na-test-log-XXXXXX");
    return buf;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (; (s = strstr(s, needle)); s++)
        n++;
    return n;
}

static void storm(void)
{
    for (int i = 0; i < 1000; i++)
        na_warn("dlq", "cannot write dead letter %d: topic not writable", i);
    na_warn("other", "a different reason is not held back");
    na_log_set_level(NA_LOG_DEBUG);
    for (int i = 0; i < 30; i++)
        na_debug("kafka", "debug line %d", i);
    na_log_set_level(NA_LOG_INFO);
}

static void a_storm_is_cut_to_the_burst(void **state)
{
    (void)state;
    na_log_set_rate_limit(5, 3600);
    const char *out = capture(storm);
    assert_int_equal(count(out, "cannot write dead letter"), 5);
    assert_int_equal(count(out, "a different reason"), 1);
    assert_int_equal(count(out, "debug line"), 30); /* asked for: not limited */
}

static void after_the_interval_the_count(void)
{
    na_warn("dlq", "again %d", 1);
    na_warn("dlq", "again %d", 2);
    na_warn("dlq", "again %d", 3);
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do { /* into the next 1 s window */
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec == t0.tv_sec);
    na_warn("dlq", "again %d", 4);
}

static void the_next_interval_says_how_many_were_dropped(void **state)
{
    (void)state;
    na_log_set_rate_limit(1, 1);
    const char *out = capture(after_the_interval_the_count);
    assert_non_null(strstr(out, "warn dlq: again 1\n"));
    assert_null(strstr(out, "again 2"));
    assert_non_null(strstr(out, "warn dlq: again 4 (2 similar lines dropped before this one"));
}

static void secrets(void)
{
    na_err("feed", "%s: HTTP 500", "https://u:hunter2@example.org/rss?key=hunter3");
    na_log_set_json(1);
    na_err("kafka", "-X sasl.password=%s: refused", "hunter4");
    na_log_set_json(0);
}

static void lines_are_redacted_in_text_and_json(void **state)
{
    (void)state;
    na_log_set_rate_limit(20, 10);
    const char *out = capture(secrets);
    assert_null(strstr(out, "hunter"));
    assert_non_null(strstr(out, "error feed: https://***@example.org/rss?key=***: HTTP 500\n"));
    assert_non_null(strstr(out, "\"msg\":\"-X sasl.password=***: refused\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_storm_is_cut_to_the_burst),
        cmocka_unit_test(the_next_interval_says_how_many_were_dropped),
        cmocka_unit_test(lines_are_redacted_in_text_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
