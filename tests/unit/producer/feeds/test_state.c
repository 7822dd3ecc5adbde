/* The seen-items state: round trip, bounded per feed, atomic replacement of the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "feeds/state.h"
#include "newsalert/config.h"
#include "newsalert/error.h"
#include "newsalert/clock.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/na_feed_state_%ld", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_roundtrip(void **state)
{
    (void)state;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/a/b/feeds.json", dir); /* folders are created */
    na_feed_state *s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_OK); /* missing: empty */
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-1", 1), NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-2", 1), NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-1", 1), NA_OK); /* no dup */
    assert_int_equal(na_feed_state_set_validators(s, "https://x.example/f", "\"v1\"",
                                                  "Tue, 26 Apr 2022 09:00:00 GMT"),
                     NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://y.example/g", "only", 1), NA_OK);
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    na_feed_state_destroy(s);

    s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_OK);
    assert_true(na_feed_state_seen(s, "https://x.example/f", "id-1"));
    assert_true(na_feed_state_seen(s, "https://x.example/f", "id-2"));
    assert_false(na_feed_state_seen(s, "https://x.example/f", "only"));
    assert_true(na_feed_state_seen(s, "https://y.example/g", "only"));
    assert_int_equal(na_feed_state_count(s, "https://x.example/f"), 2);
    assert_string_equal(na_feed_state_etag(s, "https://x.example/f"), "\"v1\"");
    assert_string_equal(na_feed_state_last_modified(s, "https://x.example/f"),
                        "Tue, 26 Apr 2022 09:00:00 GMT");
    assert_null(na_feed_state_etag(s, "https://y.example/g"));
    na_feed_state_destroy(s);
}

/* Bounded by age: ids last seen more than max age ago go, the rest survive a round trip. */
static void test_bounded_by_age(void **state)
{
    (void)state;
    char path[300], err[512], id[32];
    snprintf(path, sizeof path, "%s/bounded.json", dir);
    const int64_t day = 86400000, t0 = 1650000000000;
    na_feed_state *s = na_feed_state_new(10 * day);
    for (int i = 0; i < 250; i++) {
        snprintf(id, sizeof id, "item-%d", i);
        assert_int_equal(na_feed_state_mark(s, "u", id, t0 + (i < 100 ? 0 : 5 * day)), NA_OK);
    }
    assert_int_equal(na_feed_state_count(s, "u"), 250);
    assert_true(na_feed_state_touch(s, "u", "item-7", t0 + 9 * day)); /* still in the feed */
    assert_false(na_feed_state_touch(s, "u", "never", t0 + 9 * day));
    assert_int_equal(na_feed_state_prune(s, "u", t0 + 12 * day), NA_OK);
    assert_int_equal(na_feed_state_count(s, "u"), 151); /* 150 from day 5, item-7 from day 9 */
    assert_false(na_feed_state_seen(s, "u", "item-6"));
    assert_true(na_feed_state_seen(s, "u", "item-7"));
    assert_true(na_feed_state_seen(s, "u", "item-100"));
    assert_true(na_feed_state_seen(s, "u", "item-249"));
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    na_feed_state_destroy(s);

    s = na_feed_state_new(10 * day); /* times survive the round trip */
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_OK);
    assert_int_equal(na_feed_state_count(s, "u"), 151);
    assert_int_equal(na_feed_state_prune(s, "u", t0 + 16 * day), NA_OK);
    assert_int_equal(na_feed_state_count(s, "u"), 1); /* only item-7, seen on day 9 */
    assert_true(na_feed_state_seen(s, "u", "item-7"));
    na_feed_state_destroy(s);
}

/* The case: a feed of 5,200 items polled again publishes nothing (no count bound). */
static void test_feed_larger_than_old_bound(void **state)
{
    (void)state;
    char id[32];
    na_feed_state *s = na_feed_state_new(0);
    int64_t now = na_clock_wall_ms();
    for (int i = 0; i < 5200; i++) {
        snprintf(id, sizeof id, "item-%d", i);
        assert_int_equal(na_feed_state_mark(s, "u", id, now), NA_OK);
    }
    assert_int_equal(na_feed_state_prune(s, "u", now + 3600000), NA_OK);
    size_t fresh = 0;
    for (int i = 0; i < 5200; i++) {
        snprintf(id, sizeof id, "item-%d", i);
        fresh += !na_feed_state_touch(s, "u", id, now + 3600000);
    }
    assert_int_equal(fresh, 0);
    na_feed_state_destroy(s);
}

/* A version 1 file (ids only) still loads: its ids count as seen now. */
static void test_version1_file(void **state)
{
    (void)state;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/v1.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"version\":1,\"feeds\":{\"u\":{\"etag\":\"e\",\"seen\":[\"a\",\"b\"]}}}", f);
    fclose(f);
    na_feed_state *s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_OK);
    assert_true(na_feed_state_seen(s, "u", "a"));
    assert_true(na_feed_state_seen(s, "u", "b"));
    assert_int_equal(na_feed_state_prune(s, "u", na_clock_wall_ms()), NA_OK);
    assert_int_equal(na_feed_state_count(s, "u"), 2);
    na_feed_state_destroy(s);
}

static void test_atomic_replace(void **state)
{
    (void)state;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/atomic.json", dir);
    na_feed_state *s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_mark(s, "u", "one", 1), NA_OK);
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(na_feed_state_mark(s, "u", "two", 1), NA_OK);
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    assert_int_equal(stat(path, &after), 0);
    assert_true(before.st_ino != after.st_ino); /* a new file renamed over the old one */
    assert_int_equal(after.st_mode & 0777, 0600);
    char tmp[320];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    assert_int_equal(access(tmp, F_OK), -1); /* no temp file left behind */
    na_feed_state_destroy(s);

    /* A save that cannot write leaves the old file intact. */
    s = na_feed_state_new(0);
    snprintf(tmp, sizeof tmp, "%s/missing-dir-is-a-file", dir);
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fclose(f);
    char bad[400];
    snprintf(bad, sizeof bad, "%s/sub/feeds.json", tmp);
    assert_int_equal(na_feed_state_save(s, bad, err, sizeof err), NA_EIO);
    assert_non_null(strstr(err, "feeds.json"));
    na_feed_state_destroy(s);
}

static void test_corrupt_file_named(void **state)
{
    (void)state;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/corrupt.json", dir);
    mkdir(dir, 0700);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"feeds\": [1,", f);
    fclose(f);
    na_feed_state *s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_EPARSE);
    assert_int_equal(strncmp(err, path, strlen(path)), 0);
    na_feed_state_destroy(s);
}

static void test_default_path(void **state)
{
    (void)state;
    char buf[512];
    setenv("XDG_STATE_HOME", "/var/x", 1);
    assert_int_equal(na_feed_state_default_path(buf, sizeof buf), NA_OK);
    assert_string_equal(buf, "/var/x/newsalert/feeds.json");
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/u", 1);
    assert_int_equal(na_feed_state_default_path(buf, sizeof buf), NA_OK);
    assert_string_equal(buf, "/home/u/.local/state/newsalert/feeds.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_bounded_by_age),
        cmocka_unit_test(test_feed_larger_than_old_bound),
        cmocka_unit_test(test_version1_file),
        cmocka_unit_test(test_atomic_replace),
        cmocka_unit_test(test_corrupt_file_named),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
