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
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-1"), NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-2"), NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://x.example/f", "id-1"), NA_OK); /* no dup */
    assert_int_equal(na_feed_state_set_validators(s, "https://x.example/f", "\"v1\"",
                                                  "Tue, 26 Apr 2022 09:00:00 GMT"),
                     NA_OK);
    assert_int_equal(na_feed_state_mark(s, "https://y.example/g", "only"), NA_OK);
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

static void test_bounded_oldest_dropped(void **state)
{
    (void)state;
    char path[300], err[512], id[32];
    snprintf(path, sizeof path, "%s/bounded.json", dir);
    na_feed_state *s = na_feed_state_new(100);
    for (int i = 0; i < 250; i++) {
        snprintf(id, sizeof id, "item-%d", i);
        assert_int_equal(na_feed_state_mark(s, "u", id), NA_OK);
    }
    assert_int_equal(na_feed_state_count(s, "u"), 100);
    assert_false(na_feed_state_seen(s, "u", "item-149"));
    assert_true(na_feed_state_seen(s, "u", "item-150"));
    assert_true(na_feed_state_seen(s, "u", "item-249"));
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    na_feed_state_destroy(s);

    s = na_feed_state_new(100); /* order survives the round trip: the oldest still go first */
    assert_int_equal(na_feed_state_load(s, path, err, sizeof err), NA_OK);
    assert_int_equal(na_feed_state_mark(s, "u", "new"), NA_OK);
    assert_false(na_feed_state_seen(s, "u", "item-150"));
    assert_true(na_feed_state_seen(s, "u", "item-151"));
    assert_true(na_feed_state_seen(s, "u", "new"));
    na_feed_state_destroy(s);
}

static void test_atomic_replace(void **state)
{
    (void)state;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/atomic.json", dir);
    na_feed_state *s = na_feed_state_new(0);
    assert_int_equal(na_feed_state_mark(s, "u", "one"), NA_OK);
    assert_int_equal(na_feed_state_save(s, path, err, sizeof err), NA_OK);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(na_feed_state_mark(s, "u", "two"), NA_OK);
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
        cmocka_unit_test(test_roundtrip),      cmocka_unit_test(test_bounded_oldest_dropped),
        cmocka_unit_test(test_atomic_replace), cmocka_unit_test(test_corrupt_file_named),
        cmocka_unit_test(test_default_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
