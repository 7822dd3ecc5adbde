/* Gazetteer entities: canonical names in order of first appearance, whole words, possessives,
 * surnames, and a user gazetteer loaded from a config folder. */
#include <sys/stat.h>
#include <unistd.h>

#include "enrich_fixture.h"
#include "enrich/entities.h"
#include "newsalert/config.h"

static void expect_list(const na_strlist *l, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        assert_true(n < l->n);
        assert_string_equal(l->items[n], want[n]);
    }
    assert_int_equal(l->n, n);
}

static void test_default_gazetteer_in_order(void **state)
{
    (void)state;
    const char *paras[] = {"Putin met Zelensky in Kyiv while NATO and the EU watched Russia's "
                           "moves near the Black Sea.",
                           "Vladimir Putin later flew to Moscow; the Kremlin said NATO’s stance "
                           "had not changed.",
                           NULL};
    na_article *a = enriched("EU weighs response", paras);
    const char *people[] = {"Vladimir Putin", "Volodymyr Zelenskiy", NULL};
    const char *places[] = {"Kyiv", "Russia", "Black Sea", "Moscow", NULL};
    const char *orgs[] = {"European Union", "NATO", "Kremlin", NULL};
    expect_list(&a->people, people);
    expect_list(&a->places, places);
    expect_list(&a->organizations, orgs);
    na_article_destroy(a);
}

static void test_word_boundaries_and_case(void **state)
{
    (void)state;
    na_article *a = enriched1("The turkey was served in Turkey to Russian and Chadian guests; "
                              "a woman from Iranian media asked about the U.S.’s plan for "
                              "South Korea and North Korea.");
    const char *places[] = {"Turkey", "United States", "South Korea", "North Korea", NULL};
    expect_list(&a->places, places);
    assert_int_equal(a->people.n, 0);
    na_article_destroy(a);
}

static const char *tmpdir;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void make_config(const char *people)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "/tmp/na_test_gazetteer_%d", (int)getpid());
    char sub[300];
    snprintf(sub, sizeof sub, "%s/gazetteer", dir);
    mkdir(dir, 0700);
    mkdir(sub, 0700);
    write_file(sub, "people.txt", people);
    write_file(sub, "places.txt", "# places\nValdoria|Valdorian Republic\n");
    write_file(sub, "organizations.txt", "Northern Grain Board|NGB\n");
    tmpdir = dir;
    na_config_set_dir(dir);
}

static void remove_config(void)
{
    char path[512];
    const char *files[] = {"people.txt", "places.txt", "organizations.txt"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/gazetteer/%s", tmpdir, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/gazetteer", tmpdir);
    rmdir(path);
    rmdir(tmpdir);
    na_config_set_dir(NULL);
}

static void test_user_gazetteer_and_surnames(void **state)
{
    (void)state;
    make_config("# people\nAda Quill|A. Quill\nBen Stone\nCara Stone\nDan Reyes|Stone\n\n"
                "Eva Marsh  |  Marshie  \n");
    char err[512] = "";
    na_enricher *e = na_enricher_new(err, sizeof err);
    assert_non_null(e);
    na_article *a = na_article_new();
    na_article_set(&a->headline, "Valdoria's grain board meets");
    na_strlist_push(&a->paragraphs, "Quill told the NGB that Stone and Marshie agreed, but Marsh "
                                    "and Quill's aides did not; Ben Stone was absent.");
    assert_int_equal(na_enricher_run(e, a), 0);
    /* "Stone" is an explicit alias of Dan Reyes; "Marsh" is a common word, never a surname */
    const char *people[] = {"Ada Quill", "Dan Reyes", "Eva Marsh", "Ben Stone", NULL};
    const char *places[] = {"Valdoria", NULL};
    const char *orgs[] = {"Northern Grain Board", NULL};
    expect_list(&a->people, people);
    expect_list(&a->places, places);
    expect_list(&a->organizations, orgs);
    na_article_destroy(a);
    na_enricher_destroy(e);
    remove_config();
}

static void test_ambiguous_surname_is_ignored(void **state)
{
    (void)state;
    na_gazetteer *g = na_gazetteer_new();
    char err[256];
    const char *people = "Ben Stone\nCara Stone\n";
    assert_int_equal(
        na_gazetteer_add(g, NA_ENT_PERSON, people, strlen(people), "p.txt", err, sizeof err), 0);
    assert_int_equal(na_gazetteer_finish(g), 0);
    assert_int_equal(na_gazetteer_size(g), 2);
    const char *text = "Stone spoke before Cara Stone did.";
    na_tokens tk = {0};
    assert_int_equal(na_tokenize(text, strlen(text), &tk), 0);
    na_article *a = na_article_new();
    na_gazetteer_begin(g);
    assert_int_equal(na_gazetteer_scan(g, text, &tk, a), 0);
    const char *want[] = {"Cara Stone", NULL};
    expect_list(&a->people, want);
    na_article_destroy(a);
    na_tokens_free(&tk);
    na_gazetteer_destroy(g);
}

static void test_bad_line_names_file_and_line(void **state)
{
    (void)state;
    make_config("Ada Quill\n# fine\n|Orphan alias\n");
    char err[512] = "";
    na_enricher *e = na_enricher_new(err, sizeof err);
    assert_null(e);
    assert_non_null(strstr(err, "gazetteer/people.txt:3: empty canonical name"));
    remove_config();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_gazetteer_in_order),
        cmocka_unit_test(test_word_boundaries_and_case),
        cmocka_unit_test(test_user_gazetteer_and_surnames),
        cmocka_unit_test(test_ambiguous_surname_is_ignored),
        cmocka_unit_test(test_bad_line_names_file_and_line),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
