/* The reusable decoder gives the article the copying decoder gives, record after record, the
 * same errors, and leaves out (unchecked) only the parts it is told to skip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/event.h"

/* An event with every part; n_para paragraphs (the first with a quote and two sentences). */
static char *event(const char *id, size_t n_para)
{
    na_article *a = na_article_new();
    na_article_set(&a->id, id);
    na_article_set(&a->headline, "About 300 troops cross the border");
    na_article_set(&a->standfirst, "A standfirst");
    na_article_set(&a->url, "https://example.org/1");
    na_article_set(&a->outlet, "Example Times");
    a->published_ms = 1648771598000LL;
    na_article_set(&a->story, "s-1");
    a->simhash = 0x0123456789abcdefULL;
    na_strlist_push(&a->paragraphs,
                    "The council met. \xe2\x80\x9cWe are ready,\xe2\x80\x9d Ortiz said.");
    for (size_t i = 1; i < n_para; i++)
        na_strlist_push(&a->paragraphs, "About 20,000 workers joined the strike in Lyon.");
    na_article_add_sentence(a, (na_span){0, 0, 16});
    na_article_add_sentence(a, (na_span){0, 17, 46});
    na_article_add_quote(a, strdup("We are ready,"), strdup("Ortiz"), (na_span){0, 20, 33});
    na_article_add_quote(a, strdup("ready"), NULL, (na_span){0, 27, 32});
    na_article_add_quantity(a, 300, strdup("troops"), strdup("About 300 troops"),
                            (na_span){NA_SPAN_HEADLINE, 0, 16});
    if (n_para > 1)
        na_article_add_quantity(a, 20000, strdup("workers"), strdup("About 20,000 workers"),
                                (na_span){1, 0, 20});
    na_strlist_push(&a->people, "Ortiz");
    na_strlist_push(&a->places, "Lyon");
    na_strlist_push(&a->organizations, "The council");
    char *json = NULL;
    assert_int_equal(na_event_encode(a, &json, NULL), NA_OK);
    na_article_destroy(a);
    return json;
}

static void same_str(const char *x, const char *y)
{
    if (!x || !y)
        assert_ptr_equal(x, y);
    else
        assert_string_equal(x, y);
}

static void same_list(const na_strlist *x, const na_strlist *y)
{
    assert_int_equal(x->n, y->n);
    for (size_t i = 0; i < x->n; i++)
        assert_string_equal(x->items[i], y->items[i]);
}

static void same_span(na_span x, na_span y)
{
    assert_int_equal(x.paragraph, y.paragraph);
    assert_int_equal(x.start, y.start);
    assert_int_equal(x.end, y.end);
}

static void same_article(const na_article *x, const na_article *y)
{
    same_str(x->id, y->id);
    same_str(x->headline, y->headline);
    same_str(x->standfirst, y->standfirst);
    same_str(x->url, y->url);
    same_str(x->outlet, y->outlet);
    same_str(x->language, y->language);
    same_str(x->story, y->story);
    assert_true(x->simhash == y->simhash);
    assert_true(x->published_ms == y->published_ms);
    same_list(&x->paragraphs, &y->paragraphs);
    assert_int_equal(x->n_sentences, y->n_sentences);
    for (size_t i = 0; i < x->n_sentences; i++)
        same_span(x->sentences[i], y->sentences[i]);
    assert_int_equal(x->n_quotes, y->n_quotes);
    for (size_t i = 0; i < x->n_quotes; i++) {
        same_str(x->quotes[i].text, y->quotes[i].text);
        same_str(x->quotes[i].speaker, y->quotes[i].speaker);
        same_span(x->quotes[i].span, y->quotes[i].span);
    }
    assert_int_equal(x->n_quantities, y->n_quantities);
    for (size_t i = 0; i < x->n_quantities; i++) {
        assert_true(x->quantities[i].value == y->quantities[i].value);
        same_str(x->quantities[i].unit, y->quantities[i].unit);
        same_str(x->quantities[i].text, y->quantities[i].text);
        same_span(x->quantities[i].span, y->quantities[i].span);
    }
    same_list(&x->people, &y->people);
    same_list(&x->places, &y->places);
    same_list(&x->organizations, &y->organizations);
}

static void test_same_article_record_after_record(void **state)
{
    (void)state;
    /* Small, large (the arena grows past its first block), small again: buffers reused. */
    char *ev[] = {event("e1", 2), event("e2", 20000), event("e3", 1), event("e4", 3)};
    na_event_decoder *dc = na_event_decoder_new();
    assert_non_null(dc);
    char err[256];
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof ev / sizeof *ev; i++) {
            na_article *own = NULL;
            const na_article *lent = NULL;
            assert_int_equal(na_event_decode(ev[i], strlen(ev[i]), &own, err, sizeof err), 0);
            assert_int_equal(na_event_decoder_decode(dc, NA_EVENT_ALL, ev[i], strlen(ev[i]), &lent,
                                                     err, sizeof err),
                             NA_OK);
            assert_true(lent->n_quotes == 2 && lent->people.n == 1);
            same_article(lent, own);
            na_article_destroy(own);
        }
    for (size_t i = 0; i < sizeof ev / sizeof *ev; i++)
        free(ev[i]);
    na_event_decoder_destroy(dc);
}

static void test_only_the_parts_asked(void **state)
{
    (void)state;
    char *ev = event("e1", 2), err[256];
    na_event_decoder *dc = na_event_decoder_new();
    const na_article *a;
    assert_int_equal(na_event_decoder_decode(dc, 0, ev, strlen(ev), &a, err, sizeof err), NA_OK);
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->headline, "About 300 troops cross the border");
    assert_true(!a->n_sentences && !a->n_quotes && !a->n_quantities && !a->people.n);
    assert_int_equal(na_event_decoder_decode(dc, NA_EVENT_QUANTITIES | NA_EVENT_ENTITIES, ev,
                                             strlen(ev), &a, err, sizeof err),
                     NA_OK);
    assert_true(!a->n_sentences && !a->n_quotes);
    assert_int_equal(a->n_quantities, 2);
    assert_int_equal(a->quantities[0].span.paragraph, NA_SPAN_HEADLINE);
    assert_int_equal(a->places.n, 1);
    free(ev);
    na_event_decoder_destroy(dc);
}

#define HEAD                                                                                       \
    "{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"headline\":\"h\",\"paragraphs\":[\"ab\"],"

/* A defect in a part: the copying decoder and the decoder asked for the part report it alike;
 * the decoder told to skip the part accepts the event. */
static void defect(const char *json, unsigned part)
{
    na_event_decoder *dc = na_event_decoder_new();
    na_article *own = NULL;
    const na_article *lent = NULL;
    char e1[256] = "", e2[256] = "";
    int rc = na_event_decode(json, strlen(json), &own, e1, sizeof e1);
    assert_true(rc < 0);
    assert_int_equal(
        na_event_decoder_decode(dc, NA_EVENT_ALL, json, strlen(json), &lent, e2, sizeof e2), rc);
    assert_null(lent);
    assert_string_equal(e2, e1);
    if (part) {
        assert_int_equal(na_event_decoder_decode(dc, NA_EVENT_ALL & ~part, json, strlen(json),
                                                 &lent, e2, sizeof e2),
                         NA_OK);
        assert_string_equal(lent->id, "x");
    }
    na_event_decoder_destroy(dc);
}

static void test_errors_as_the_copying_decoder(void **state)
{
    (void)state;
    defect("{\"specversion\":\"1.0\",", 0);
    defect("[1]", 0);
    defect("{\"specversion\":\"1.0\",\"id\":\"x\",\"id\":\"y\",\"data\":{}}", 0); /* duplicate */
    defect("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"paragraphs\":[]}}", 0);
    defect(HEAD "\"sentences\":[{\"paragraph\":0,\"start\":0,\"end\":9}]}}", NA_EVENT_SENTENCES);
    defect(HEAD "\"sentences\":{}}}", NA_EVENT_SENTENCES);
    defect(HEAD "\"quotes\":[{\"text\":1,\"paragraph\":0,\"start\":0,\"end\":1}]}}",
           NA_EVENT_QUOTES);
    defect(HEAD "\"quantities\":[{\"value\":1,\"unit\":\"u\",\"text\":\"t\",\"field\":\"headline\","
                "\"start\":0,\"end\":5}]}}",
           NA_EVENT_QUANTITIES);
    defect(HEAD "\"entities\":{\"people\":[7]}}}", NA_EVENT_ENTITIES);
    defect(HEAD "\"published\":\"yesterday\"}}", 0);
    defect(HEAD "\"story\":{\"id\":\"s\",\"simhash\":\"12\"}}}", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_article_record_after_record),
        cmocka_unit_test(test_only_the_parts_asked),
        cmocka_unit_test(test_errors_as_the_copying_decoder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
