/* The one file reader: whole contents, NUL-terminated, a size limit, messages naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsalert/file.h"

/* Writes n bytes of a repeating pattern to a new temporary file; returns its path. */
static char *fixture(size_t n)
{
    char *path = strdup("/tmp/na_test_file_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    for (size_t i = 0; i < n; i++)
        fputc('a' + (int)(i % 26), f);
    fclose(f);
    return path;
}

static void test_reads_everything(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 1, 65535, 65536, 65537, 300001}; /* around the first buffer */
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        char *path = fixture(sizes[k]), err[256] = "";
        size_t len = 12345;
        char *buf = na_file_read(path, 0, &len, err, sizeof err);
        assert_non_null(buf);
        assert_int_equal(len, sizes[k]);
        assert_int_equal(buf[len], '\0');
        for (size_t i = 0; i < len; i++)
            assert_int_equal(buf[i], 'a' + (int)(i % 26));
        free(buf);
        unlink(path);
        free(path);
    }
}

static void test_limit(void **state)
{
    (void)state;
    char *path = fixture(100), err[256] = "", want[300];
    char *buf = na_file_read(path, 100, NULL, err, sizeof err);
    assert_non_null(buf); /* exactly the limit is fine */
    assert_int_equal(strlen(buf), 100);
    free(buf);
    assert_null(na_file_read(path, 99, NULL, err, sizeof err));
    snprintf(want, sizeof want, "%s: larger than 99 bytes", path);
    assert_string_equal(err, want);
    unlink(path);
    free(path);
    path = fixture(200000); /* over the limit after the buffer has grown */
    assert_null(na_file_read(path, 150000, NULL, err, sizeof err));
    snprintf(want, sizeof want, "%s: larger than 150000 bytes", path);
    assert_string_equal(err, want);
    unlink(path);
    free(path);
}

static void test_missing_names_the_file(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(na_file_read("/nonexistent/na/rules.json", 0, NULL, err, sizeof err));
    assert_string_equal(err, "/nonexistent/na/rules.json: No such file or directory");
}

/* A replacement makes the missing folders, leaves the new bytes and no temporary file; one
 * into a folder that cannot be made fails naming the path. */
static void test_replace(void **state)
{
    (void)state;
    char dir[] = "/tmp/na-test-file-XXXXXX", path[256], err[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a/b/state.json", dir);
    assert_int_equal(na_file_replace(path, "first", 5, err, sizeof err), 0);
    assert_int_equal(na_file_replace(path, "second\n", 7, err, sizeof err), 0);
    size_t len;
    char *got = na_file_read(path, 0, &len, err, sizeof err);
    assert_non_null(got);
    assert_int_equal(len, 7);
    assert_string_equal(got, "second\n");
    free(got);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s/a/b | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0); /* no temporary file left beside it */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/nodir", path); /* under a regular file */
    assert_int_not_equal(na_file_replace(bad, "x", 1, err, sizeof err), 0);
    assert_non_null(strstr(err, bad));
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_everything),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_missing_names_the_file),
        cmocka_unit_test(test_replace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
