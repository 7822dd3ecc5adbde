/* The CloudEvent codec round-trips articles and names the field of every defect it rejects. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/text.h"

static na_article *sample(void)
{
    na_article *a = na_article_new();
    assert_non_null(a);
    na_article_set(&a->headline, "Ministers weigh new export curbs");
    na_strlist_push(
        &a->paragraphs,
        "The council met on Tuesday. \xe2\x80\x9cWe are ready,\xe2\x80\x9d Ortiz said.");
    na_strlist_push(&a->paragraphs, "About 20,000 workers joined the strike.");
    na_article_set(&a->url, "https://example.org/news/1");
    na_article_set(&a->outlet, "Example Times");
    a->published_ms = na_time_parse("2022-01-26T18:30:00Z");
    na_article_add_sentence(a, (na_span){0, 0, 28});
    na_article_add_sentence(a, (na_span){0, 29, 58});
    na_article_add_quote(a, strdup("We are ready,"), strdup("Ortiz"), (na_span){0, 31, 44});
    na_article_add_quantity(a, 20000, strdup("workers"), strdup("About 20,000 workers"),
                            (na_span){1, 0, 20});
    na_strlist_push(&a->people, "Ortiz");
    assert_int_equal(na_article_ensure_id(a), NA_OK);
    return a;
}

/* Encodes a as version v, checks the shapes v writes, decodes it back. */
static na_article *round_trip(const na_article *a, int v, char **json)
{
    size_t len;
    assert_int_equal(na_event_encode_version(a, v, json, &len), NA_OK);
    assert_non_null(strstr(*json, "\"specversion\":\"1.0\""));
    assert_non_null(strstr(*json, v == 1 ? "\"type\":\"org.newsalert.article.v1\""
                                         : "\"type\":\"org.newsalert.article.v2\""));
    assert_non_null(strstr(*json, "\"source\":\"/newsalert/outlets/example-times\""));
    assert_non_null(strstr(*json, "\"time\":\"2022-01-26T18:30:00Z\""));
    if (v == 1) {
        assert_non_null(strstr(*json, "\"value\":20000,"));
        assert_non_null(strstr(*json, "{\"paragraph\":0,\"start\":29,\"end\":58}"));
    } else { /* spans as arrays, the words not repeated */
        assert_non_null(strstr(*json, "\"sentences\":[[0,0,28],[0,29,58]]"));
        assert_non_null(strstr(*json, "\"quotes\":[[0,31,44,\"Ortiz\"]]"));
        assert_non_null(strstr(*json, "\"quantities\":[[1,0,20,20000,\"workers\"]]"));
        assert_null(strstr(*json, "About 20,000 workers\""));
    }
    na_article *b;
    char err[256];
    assert_int_equal(na_event_decode(*json, len, &b, err, sizeof err), NA_OK);
    return b;
}

static void test_roundtrip(void **state)
{
    (void)state;
    na_article *a = sample();
    for (int v = 1; v <= 2; v++) {
        char *json;
        na_article *b = round_trip(a, v, &json);
        assert_string_equal(b->id, a->id);
        assert_string_equal(b->headline, a->headline);
        assert_int_equal(b->paragraphs.n, 2);
        assert_int_equal(b->n_sentences, 2);
        assert_int_equal(b->sentences[1].start, 29);
        assert_int_equal(b->n_quotes, 1);
        assert_string_equal(b->quotes[0].speaker, "Ortiz");
        assert_string_equal(b->quotes[0].text, "We are ready,");
        assert_int_equal(b->quotes[0].span.end, 44);
        assert_int_equal(b->n_quantities, 1);
        assert_true(b->quantities[0].value == 20000.0);
        assert_string_equal(b->quantities[0].text, "About 20,000 workers");
        assert_string_equal(b->quantities[0].unit, "workers");
        assert_true(b->published_ms == a->published_ms);
        assert_true(na_strlist_contains(&b->people, "Ortiz"));

        char *again;
        assert_int_equal(na_event_encode_version(b, v, &again, NULL), NA_OK);
        assert_string_equal(again, json);
        free(again);
        /* either version's article writes the other version's event: nothing is lost */
        na_article *c = round_trip(b, 3 - v, &again);
        assert_string_equal(c->quotes[0].text, a->quotes[0].text);
        free(again);
        free(json);
        na_article_destroy(b);
        na_article_destroy(c);
    }
    char *json;
    assert_int_equal(na_event_encode_version(a, 3, &json, NULL), NA_EINVAL);
    na_article_destroy(a);
}

static void test_stable_id(void **state)
{
    (void)state;
    na_article *a = sample(), *b = sample();
    assert_string_equal(a->id, b->id);
    assert_memory_equal(a->id, "u-", 2);
    na_article_set(&b->url, NULL);
    free(b->id);
    b->id = NULL;
    na_article_ensure_id(b);
    assert_memory_equal(b->id, "c-", 2);
    assert_string_not_equal(a->id, b->id);
    na_article_destroy(a);
    na_article_destroy(b);
}

static void expect_error(const char *json, int code, const char *needle)
{
    na_article *a = NULL;
    char err[256] = "";
    assert_int_equal(na_event_decode(json, strlen(json), &a, err, sizeof err), code);
    assert_null(a);
    if (!strstr(err, needle))
        fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

static void test_decode_errors(void **state)
{
    (void)state;
    expect_error("{\"specversion\":\"1.0\",", NA_EPARSE, "1:");
    expect_error("[1]", NA_EINVAL, "not a JSON object");
    expect_error("{\"specversion\":\"0.3\",\"id\":\"x\",\"data\":{}}", NA_EINVAL, "specversion");
    expect_error("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"paragraphs\":[]}}", NA_EINVAL,
                 "data.headline: missing");
    expect_error("{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"headline\":\"h\","
                 "\"paragraphs\":[\"ab\"],"
                 "\"sentences\":[{\"paragraph\":0,\"start\":0,\"end\":9}]}}",
                 NA_EINVAL, "data.sentences[0]: offsets");
    expect_error(
        "{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{\"headline\":\"h\",\"paragraphs\":[1]}}",
        NA_EINVAL, "data.paragraphs[0]");
}

#define V2_HEAD                                                                                    \
    "{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"org.newsalert.article.v2\","                 \
    "\"data\":{\"headline\":\"3 ships\",\"paragraphs\":[\"ab cd\"],"

/* v2's arrays: each malformed one named, with its index and what it should be. */
static void test_decode_errors_v2(void **state)
{
    (void)state;
    expect_error(V2_HEAD "\"sentences\":[[0,0,5],[0,0]]}}", NA_EINVAL,
                 "data.sentences[1]: not [paragraph, start, end]");
    expect_error(V2_HEAD "\"sentences\":[{\"paragraph\":0,\"start\":0,\"end\":2}]}}", NA_EINVAL,
                 "data.sentences[0]: not [paragraph, start, end]");
    expect_error(V2_HEAD "\"sentences\":[[0,3,9]]}}", NA_EINVAL,
                 "data.sentences[0]: offsets outside paragraph text");
    expect_error(V2_HEAD "\"sentences\":[[-1,0,1]]}}", NA_EINVAL, "data.sentences[0]: offsets");
    expect_error(V2_HEAD "\"quotes\":[[0,0,2,7]]}}", NA_EINVAL,
                 "data.quotes[0]: the speaker must be a string or null");
    expect_error(V2_HEAD "\"quotes\":[[0,0,2,\"A\",\"B\"]]}}", NA_EINVAL,
                 "data.quotes[0]: not [paragraph, start, end, speaker]");
    expect_error(V2_HEAD "\"quantities\":[[0,0,2,3]]}}", NA_EINVAL,
                 "data.quantities[0]: not [paragraph, start, end, value, unit]");
    expect_error(V2_HEAD "\"quantities\":[[0,0,2,\"3\",\"x\"]]}}", NA_EINVAL,
                 "data.quantities[0]: value must be a number, unit a string");
    expect_error(V2_HEAD "\"quantities\":[[-1,0,8,3,\"ships\"]]}}", NA_EINVAL,
                 "data.quantities[0]: offsets outside headline text");
    /* a headline quantity and an unattributed quote are well formed */
    const char *ok = V2_HEAD "\"quotes\":[[0,3,5],[0,0,2,null]],"
                             "\"quantities\":[[-1,0,7,3,\"ships\"]]}}";
    na_article *a = NULL;
    char err[256] = "";
    assert_int_equal(na_event_decode(ok, strlen(ok), &a, err, sizeof err), NA_OK);
    assert_string_equal(a->quotes[0].text, "cd");
    assert_null(a->quotes[1].speaker);
    assert_string_equal(a->quantities[0].text, "3 ships");
    assert_int_equal(a->quantities[0].span.paragraph, NA_SPAN_HEADLINE);
    na_article_destroy(a);
}

static void test_encode_refuses_what_decode_would(void **state)
{
    (void)state;
    char *json = NULL;
    na_article *a = sample();
    na_article_set(&a->outlet, "Bad \xff outlet");
    assert_int_equal(na_event_encode(a, &json, NULL), NA_EUTF8);
    na_article_destroy(a);
    a = sample();
    na_article_add_sentence(a, (na_span){5, 0, 1});
    assert_int_equal(na_event_encode(a, &json, NULL), NA_EINVAL);
    na_article_destroy(a);
    a = sample();
    a->quantities[0].value = NAN;
    assert_int_equal(na_event_encode(a, &json, NULL), NA_EINVAL);
    na_article_destroy(a);
    a = sample(); /* words that are not their span's: v2 could not write them */
    a->quotes[0].span.start++;
    assert_int_equal(na_event_encode_version(a, 1, &json, NULL), NA_EINVAL);
    assert_int_equal(na_event_encode_version(a, 2, &json, NULL), NA_EINVAL);
    na_article_destroy(a);
    assert_null(json);
}

static void test_time(void **state)
{
    (void)state;
    assert_true(na_time_parse("1970-01-01T00:00:00Z") == 0);
    assert_true(na_time_parse("2022-04-01T00:06:38Z") == 1648771598000LL);
    assert_true(na_time_parse("2022-04-01T02:06:38+02:00") == 1648771598000LL);
    assert_true(na_time_parse("Fri, 01 Apr 2022 00:06:38 GMT") == 1648771598000LL);
    assert_true(na_time_parse("Fri, 01 Apr 2022 01:06:38 +0100") == 1648771598000LL);
    assert_true(na_time_parse("2022-04-01") == 1648771200000LL);
    assert_true(na_time_parse("yesterday") == -1);
    assert_true(na_time_parse("2022-13-01T00:00:00Z") == -1);
    /* the dashed dates of older wire archives; years RFC 3339 cannot write are refused */
    assert_true(na_time_parse("26-FEB-1987 15:01:01.79") == 541350061000LL);
    assert_true(na_time_parse("3-MAR-1987  09:15:05.40") == 541761305000LL);
    assert_true(na_time_parse("2004-2005") == -1);
    assert_true(na_time_parse("Sat, 01 Jan 12345 00:00:00 GMT") == -1);
    char buf[40];
    na_time_format(1648771598123LL, buf, sizeof buf);
    assert_string_equal(buf, "2022-04-01T00:06:38.123Z");
}

static void test_utf8(void **state)
{
    (void)state;
    size_t bad = 0;
    assert_true(na_utf8_valid("caf\xc3\xa9", 5, NULL));
    assert_false(na_utf8_valid("ab\xc3", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(na_utf8_valid("\xc0\xaf", 2, NULL));     /* overlong */
    assert_false(na_utf8_valid("\xed\xa0\x80", 3, NULL)); /* surrogate */
    assert_false(na_utf8_valid("a\0b", 3, &bad));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_stable_id),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_decode_errors_v2),
        cmocka_unit_test(test_encode_refuses_what_decode_would),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
