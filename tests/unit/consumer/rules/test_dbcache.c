/* The rules cache (rules/dbcache.c): a second load reads the compiled database back, a damaged
 * file is compiled again and replaced, other rules get another file, and old files are pruned. */
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

#include <dirent.h>
#include <utime.h>

#include "newsalert/error.h"
#include "rules/rules.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/na-dbcache-XXXXXX");
    assert_non_null(mkdtemp(dir));
    strcat(dir, "/cache"); /* not there yet: the first store makes it */
    return na_rules_set_cache_dir(dir);
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[400];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && snprintf(p, sizeof p, "%s/%s", dir, e->d_name) > 0)
            unlink(p);
    if (d)
        closedir(d);
    rmdir(dir);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
    return na_rules_set_cache_dir(NULL);
}

static size_t files(char *first, size_t size)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, "rules-", 6) && strstr(e->d_name, ".hsdb") && n++ == 0 && first)
            snprintf(first, size, "%s/%s", dir, e->d_name);
    if (d)
        closedir(d);
    return n;
}

static na_rules *load(const char *word)
{
    char text[512], err[512];
    snprintf(text, sizeof text,
             "{\"rules\": [{\"id\": \"r\", \"match\": {\"any\": [\"%s\", \"export curbs\"]}}]}",
             word);
    na_rules *r =
        na_rules_load_text("test.json", text, strlen(text), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

static int count(na_alert *al, void *ud)
{
    (*(size_t *)ud)++;
    na_alert_destroy(al);
    return 0;
}

/* Alerts of r on a headline. */
static size_t fires(na_rules *r, const char *headline)
{
    na_article *a = na_article_new();
    na_article_set(&a->id, "e1");
    na_article_set(&a->headline, headline);
    size_t n = 0;
    assert_int_equal(na_rules_eval(r, a, count, &n), NA_OK);
    na_article_destroy(a);
    return n;
}

static void test_second_load_reads_the_file(void **state)
{
    (void)state;
    na_rules *r = load("sanctions");
    char path[400];
    assert_int_equal(files(path, sizeof path), 1);
    na_rules_destroy(r);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);
    struct utimbuf old = {946684800, 946684800}; /* 2000: a hit marks it used now */
    assert_int_equal(utime(path, &old), 0);
    r = load("sanctions");
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino); /* read, not written again */
    assert_true(after.st_mtime > old.modtime);
    assert_int_equal(fires(r, "New sanctions on exports"), 1);
    assert_int_equal(fires(r, "Export curbs widened"), 1);
    assert_int_equal(fires(r, "Nothing here"), 0);
    na_rules_destroy(r);
    assert_int_equal(files(NULL, 0), 1);
}

static void test_damaged_file_is_compiled_again(void **state)
{
    (void)state;
    na_rules_destroy(load("embargo"));
    char path[400];
    assert_int_equal(files(path, sizeof path), 1);
    struct stat good, after;
    assert_int_equal(stat(path, &good), 0);
    for (int damage = 0; damage < 2; damage++) {
        if (damage == 0) {
            assert_int_equal(truncate(path, good.st_size / 2), 0);
        } else { /* the right length, one byte of the database changed */
            FILE *f = fopen(path, "r+b");
            assert_non_null(f);
            fseek(f, (long)good.st_size - 100, SEEK_SET);
            int c = fgetc(f);
            fseek(f, (long)good.st_size - 100, SEEK_SET);
            fputc(c ^ 0x5a, f);
            fclose(f);
        }
        na_rules *r = load("embargo");
        assert_int_equal(fires(r, "An embargo on oil"), 1);
        assert_int_equal(fires(r, "Oil flows"), 0);
        na_rules_destroy(r);
        assert_int_equal(stat(path, &after), 0);
        assert_int_equal(after.st_size, good.st_size); /* replaced by a whole one */
    }
}

static void test_other_rules_other_file_and_pruned(void **state)
{
    (void)state;
    char word[32];
    for (int i = 0; i < 11; i++) {
        snprintf(word, sizeof word, "word%c", 'a' + i);
        na_rules *r = load(word);
        assert_int_equal(fires(r, word), 1);
        na_rules_destroy(r);
        assert_int_equal(files(NULL, 0), (size_t)(i + 1 < 8 ? i + 1 : 8));
    }
}

/* No folder set: nothing is written, the rules work. */
static void test_no_cache_writes_nothing(void **state)
{
    (void)state;
    assert_int_equal(na_rules_set_cache_dir(NULL), 0);
    na_rules *r = load("tariffs");
    assert_int_equal(fires(r, "Tariffs rise"), 1);
    na_rules_destroy(r);
    assert_int_equal(files(NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_second_load_reads_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_file_is_compiled_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_rules_other_file_and_pruned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cache_writes_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
