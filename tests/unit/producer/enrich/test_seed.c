/* The design article ($NA_SHARED/seed/article.txt) enriched end to end: the quotes, speakers,
 * entities and troop count the alert rules depend on. Skipped when ../shared is absent. */
#include "enrich_fixture.h"
#include "newsalert/config.h"

/* Headline = first line; paragraphs are separated by blank lines. */
static na_article *read_seed(const char *path)
{
    char err[512];
    size_t len;
    char *buf = na_file_read(path, 0, &len, err, sizeof err);
    if (!buf)
        return NULL;
    na_article *a = na_article_new();
    assert_non_null(a);
    char *p = buf, *nl = strchr(p, '\n');
    assert_non_null(nl);
    assert_int_equal(na_article_set_n(&a->headline, p, (size_t)(nl - p)), 0);
    p = nl + 1;
    while (*p) {
        while (*p == '\n' || *p == '\r')
            p++;
        char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
            n--;
        if (n > 0)
            assert_int_equal(na_strlist_push_n(&a->paragraphs, p, n), 0);
        p += end ? (size_t)(end - p) : strlen(p);
    }
    free(buf);
    return a;
}

static int list_has_substring(const na_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->items[i], s))
            return 1;
    return 0;
}

static void test_seed_article(void **state)
{
    (void)state;
    const char *shared = getenv("NA_SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/seed/article.txt", shared ? shared : "../shared");
    na_article *a = read_seed(path);
    if (!a) {
        fprintf(stderr, "test_enrich_seed: %s absent, skipping\n", path);
        skip();
    }
    assert_true(a->paragraphs.n >= 10);
    assert_int_equal(na_enricher_run(fixture_enricher, a), 0);

    assert_true(a->n_quotes >= 6);
    size_t blinken = 0;
    for (size_t i = 0; i < a->n_quotes; i++) {
        assert_non_null(a->quotes[i].text);
        assert_span_text(a, a->quotes[i].span, a->quotes[i].text);
        if (a->quotes[i].speaker && strstr(a->quotes[i].speaker, "Blinken"))
            blinken++;
    }
    assert_true(blinken >= 3);

    const char *people[] = {"Putin", "Blinken", "Lavrov", "Biden"};
    for (size_t i = 0; i < 4; i++)
        assert_true(list_has_substring(&a->people, people[i]));
    const char *places[] = {"Ukraine", "Russia", "Belarus", "Moscow"};
    for (size_t i = 0; i < 4; i++)
        assert_true(na_strlist_contains(&a->places, places[i]));
    assert_true(na_strlist_contains(&a->organizations, "NATO"));

    int troops = 0;
    for (size_t i = 0; i < a->n_quantities; i++)
        if (a->quantities[i].value == 100000 && strcmp(a->quantities[i].unit, "troops") == 0)
            troops = 1;
    assert_true(troops);
    assert_true(a->n_sentences >= a->paragraphs.n);
    na_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
