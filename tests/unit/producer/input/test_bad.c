/* Bad input: empty and binary files, a 50 MB line streamed past without loading it, oversize
 * text, gzip (good and corrupt), missing files; each named, and good records still come out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <zlib.h>

#include "newsalert/error.h"
#include "test_input_util.h"

static void test_empty_and_blank(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *empty = write_temp(dir, "empty.jsonl", "", 0);
    char *blank = write_temp(dir, "blank.txt", " \n\t\n\n", 5);
    struct seen s;
    drain(empty, 0, &s);
    assert_int_equal(s.n_articles, 0);
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_EMPTY);
    assert_true(names(s.errors[0].msg, empty, ": empty"));
    drain(blank, 0, &s);
    assert_int_equal(s.errors[0].reason, NA_SKIP_EMPTY);
    assert_true(names(s.errors[0].msg, blank, ": empty"));
    free(empty);
    free(blank);
    cleanup_dir(dir);
}

static void test_binary(void **state)
{
    (void)state;
    unsigned char png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    struct tmp t = tmp_write("image.png", png, sizeof png);
    const char *p = t.path;
    struct seen s;
    drain(p, 0, &s);
    assert_int_equal(s.n_articles, 0);
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_BINARY);
    assert_true(names(s.errors[0].msg, p, ": not a text file (byte 0x00 at offset 8)"));
    tmp_free(&t);
}

/* A good record, a 50 MB line, another good record: the big line is skipped, streamed. */
static void test_fifty_megabyte_line(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/big.jsonl", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"title\":\"before\"}\n{\"title\":\"", f);
    char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    size_t big = 50u * 1024u * 1024u;
    for (size_t done = 0; done < big; done += sizeof chunk)
        fwrite(chunk, 1, sizeof chunk, f);
    fputs("\"}\n{\"title\":\"after\"}\n", f);
    fclose(f);

    struct seen s;
    size_t limit = 1024 * 1024;
    drain(path, limit, &s);
    assert_int_equal(s.n_articles, 2);
    assert_string_equal(s.articles[0]->headline, "before");
    assert_string_equal(s.articles[1]->headline, "after");
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_OVERSIZE);
    assert_true(names(s.errors[0].msg, path, ":2: record of 52428812 bytes is over the 1048576"));
    /* never more than one record's worth held at once */
    assert_true(s.peak <= 2 * limit);
    seen_free(&s);

    /* the default limit (8 MiB) applies too */
    drain(path, 0, &s);
    assert_int_equal(s.n_articles, 2);
    assert_int_equal(s.errors[0].reason, NA_SKIP_OVERSIZE);
    assert_true(s.peak <= 2 * NA_INPUT_MAX_RECORD_DEFAULT);
    seen_free(&s);
    cleanup_dir(dir);
}

static void test_oversize_text(void **state)
{
    (void)state;
    char text[4096];
    memset(text, 'a', sizeof text);
    memcpy(text, "Headline\n\n", 10);
    struct tmp t = tmp_write("long.txt", text, sizeof text);
    const char *p = t.path;
    struct seen s;
    drain(p, 1000, &s);
    assert_int_equal(s.n_articles, 0);
    assert_int_equal(s.errors[0].reason, NA_SKIP_OVERSIZE);
    assert_true(names(s.errors[0].msg, p, ": over the 1000 byte record limit"));
    tmp_free(&t);
}

static void test_gzip(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/articles.data", dir); /* no .gz: the magic bytes decide */
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    gzputs(gz, "{\"title\":\"Zipped one\"}\n{oops}\n{\"title\":\"Zipped two\"}\n");
    gzclose(gz);
    struct seen s;
    drain(path, 0, &s);
    assert_string_equal(s.format, "jsonl (gzip)");
    assert_int_equal(s.n_articles, 2);
    assert_string_equal(s.articles[1]->headline, "Zipped two");
    assert_int_equal(s.n_errors, 1);
    assert_true(names(s.errors[0].msg, path, ":2:"));
    seen_free(&s);

    /* a gzip file cut in half: what was read comes out, then the damage is named */
    FILE *f = fopen(path, "rb");
    unsigned char buf[256];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char *cut = write_temp(dir, "cut.gz", buf, n / 2 + 10);
    drain(cut, 0, &s);
    assert_int_equal(s.n_articles, 1);
    assert_string_equal(s.articles[0]->headline, "Zipped one");
    assert_true(s.n_errors >= 1);
    assert_int_equal(s.errors[s.n_errors - 1].reason, NA_SKIP_UNREADABLE);
    assert_true(names(s.errors[s.n_errors - 1].msg, cut, ": gzip: "));
    seen_free(&s);
    free(cut);
    cleanup_dir(dir);
}

static void test_missing_file(void **state)
{
    (void)state;
    struct seen s;
    drain("/nonexistent/dir/articles.jsonl", 0, &s);
    assert_int_equal(s.n_errors, 1);
    assert_int_equal(s.errors[0].reason, NA_SKIP_UNREADABLE);
    assert_string_equal(s.errors[0].msg,
                        "/nonexistent/dir/articles.jsonl: No such file or directory");
}

static void test_xml_is_recognised(void **state)
{
    (void)state;
    const char xml[] = "\n<?xml version=\"1.0\"?><rss version=\"2.0\"></rss>\n";
    struct tmp t = tmp_write("feed.xml", xml, sizeof xml - 1);
    const char *p = t.path;
    struct seen s;
    drain(p, 0, &s);
    assert_int_equal(s.errors[0].reason, NA_SKIP_FEED); /* read by the feed reader */
    assert_true(names(s.errors[0].msg, p, ": <rss> without <channel>"));
    tmp_free(&t);
}

static void test_walk_order(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char sub[512];
    snprintf(sub, sizeof sub, "%s/b", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    free(write_temp(dir, "c.txt", "x", 1));
    free(write_temp(dir, "a.txt", "x", 1));
    free(write_temp(sub, "z.txt", "x", 1));
    free(write_temp(sub, "B.txt", "x", 1));
    na_strlist files = {0};
    assert_int_equal(na_input_expand(dir, &files, NULL, NULL), NA_OK);
    assert_int_equal(files.n, 4);
    const char *want[] = {"/a.txt", "/b/B.txt", "/b/z.txt", "/c.txt"};
    for (size_t i = 0; i < 4; i++) {
        assert_memory_equal(files.items[i], dir, strlen(dir));
        assert_string_equal(files.items[i] + strlen(dir), want[i]);
    }
    na_strlist_clear(&files);
    cleanup_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_fifty_megabyte_line),
        cmocka_unit_test(test_oversize_text),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_xml_is_recognised),
        cmocka_unit_test(test_walk_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
