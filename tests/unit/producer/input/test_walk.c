/* The folder walk (producer/input/walk.c): bad entries are reported and skipped, the walk goes on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "newsalert/error.h"
#include "test_input_util.h"

typedef struct skips {
    size_t n;
    char msg[8][1024];
} skips;

static void on_skip(const na_input_error *e, void *ud)
{
    skips *s = ud;
    assert_int_equal(e->reason, NA_SKIP_UNREADABLE);
    if (s->n < 8)
        snprintf(s->msg[s->n], sizeof s->msg[0], "%s", e->msg);
    s->n++;
}

static void mkdir_in(const char *dir, const char *name, mode_t mode)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    assert_int_equal(mkdir(p, mode), 0);
}

/* A link back to the folder itself: a.txt is listed once and the loop reported, not 33 files. */
static void test_symlink_loop(void **state)
{
    (void)state;
    char *dir = temp_dir(), p[512];
    free(write_temp(dir, "a.txt", "x", 1));
    mkdir_in(dir, "sub", 0755);
    snprintf(p, sizeof p, "%s/sub/up", dir);
    assert_int_equal(symlink("..", p), 0);
    snprintf(p, sizeof p, "%s/self", dir);
    assert_int_equal(symlink(".", p), 0);
    na_strlist files = {0};
    skips s = {0};
    assert_int_equal(na_input_expand(dir, &files, on_skip, &s), NA_OK);
    assert_int_equal(files.n, 1);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.msg[0], "/self: directory already read (a symlink loop?)"));
    assert_non_null(strstr(s.msg[1], "/sub/up: directory already read"));
    na_strlist_clear(&files);
    cleanup_dir(dir);
}

/* A FIFO in a folder is reported and skipped; named directly, opening it fails at once. */
static void test_fifo_never_hangs(void **state)
{
    (void)state;
    char *dir = temp_dir(), p[512];
    free(write_temp(dir, "a.txt", "x", 1));
    snprintf(p, sizeof p, "%s/b.fifo", dir);
    assert_int_equal(mkfifo(p, 0644), 0);
    free(write_temp(dir, "c.txt", "x", 1));
    na_strlist files = {0};
    skips s = {0};
    assert_int_equal(na_input_expand(dir, &files, on_skip, &s), NA_OK);
    assert_int_equal(files.n, 2);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.msg[0], "b.fifo: not a regular file, skipped"));
    na_strlist_clear(&files);
    alarm(5); /* a blocking open would hang here: no writer ever comes */
    na_input_error e;
    na_reader *r = na_reader_open(p, NULL, &e);
    alarm(0);
    assert_null(r);
    assert_non_null(strstr(e.msg, "b.fifo: is a FIFO, not a regular file"));
    cleanup_dir(dir);
}

/* Run as an unprivileged user (root reads any folder): the unreadable one is skipped, later
 * files are still listed. The child reports "listed skips" through its exit status. */
static void test_unreadable_subdirectory(void **state)
{
    (void)state;
    char *dir = temp_dir();
    assert_int_equal(chmod(dir, 0755), 0);
    free(write_temp(dir, "a.txt", "x", 1));
    mkdir_in(dir, "b-locked", 0000);
    mkdir_in(dir, "c", 0755);
    char c[512];
    snprintf(c, sizeof c, "%s/c", dir);
    char *late = write_temp(c, "z.txt", "x", 1);
    assert_int_equal(chmod(late, 0644), 0);
    free(late);
    pid_t pid = fork();
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) || setuid(65534)))
            _exit(99);
        na_strlist files = {0};
        skips s = {0};
        int rc = na_input_expand(dir, &files, on_skip, &s);
        int ok = rc == 0 && s.n == 1 && strstr(s.msg[0], "b-locked: Permission denied, skipped");
        _exit(ok ? (int)files.n : 100);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2); /* a.txt and c/z.txt: the walk went on */
    chmod(dir, 0700);
    char locked[512];
    snprintf(locked, sizeof locked, "%s/b-locked", dir);
    chmod(locked, 0755);
    cleanup_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symlink_loop),
        cmocka_unit_test(test_fifo_never_hangs),
        cmocka_unit_test(test_unreadable_subdirectory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
