/* Feed parsing: RSS 2.0, RSS 1.0 and Atom fixtures become the articles a feed reader would show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feeds/feed.h"
#include "newsalert/config.h"
#include "newsalert/error.h"
#include "newsalert/event.h"

static na_feed_doc *parse_file(const char *rel, const char *base, int expect_rc, char *err,
                               size_t errlen)
{
    char path[1024];
    const char *data = getenv("NA_TEST_DATA");
    assert_non_null(data);
    snprintf(path, sizeof path, "%s/%s", data, rel);
    size_t len;
    char *buf = na_file_read(path, 0, &len, err, errlen);
    assert_non_null(buf);
    na_feed_doc *d = NULL;
    assert_int_equal(na_feed_parse(buf, len, rel, base, &d, err, errlen), expect_rc);
    free(buf);
    return d;
}

/* Ids are the guid behind the feed's 8-hex-digit namespace ("3fa2c1d0:guid"). */
static void assert_guid(const char *id, const char *guid)
{
    assert_true(strlen(id) > 9 && id[8] == ':');
    assert_string_equal(id + 9, guid);
}

static void test_rss2(void **state)
{
    (void)state;
    char err[512];
    na_feed_doc *d = parse_file("feed_rss2/feed.xml", NULL, NA_OK, err, sizeof err);
    assert_int_equal(d->format, NA_FEED_RSS2);
    assert_string_equal(d->title, "Harbour Gazette");
    assert_int_equal(d->n, 4);
    assert_int_equal(d->skips.n, 1); /* the item with only a link and a date */
    assert_string_equal(d->skips.items[0],
                        "feed_rss2/feed.xml: item 4 skipped: no title and no description");

    na_article *a = d->items[0]; /* CDATA title with markup, escaped HTML description */
    assert_string_equal(a->headline, "Council approves new ferry timetable");
    assert_guid(a->id, "gazette-1001");
    assert_string_equal(a->url, "https://gazette.example/news/ferry-timetable");
    assert_string_equal(a->outlet, "Harbour Gazette");
    assert_string_equal(a->language, "en-gb");
    assert_true(a->published_ms == na_time_parse("2022-04-26T08:15:00Z"));
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[0], "The council voted 7 to 2 on Monday.");
    assert_string_equal(a->paragraphs.items[1],
                        "Ferries will run every 40 minutes & later at weekends.");

    a = d->items[1]; /* no guid, no date, relative link, <br> and a script in CDATA */
    assert_string_equal(a->headline, "Fish market & quay reopen");
    assert_string_equal(a->url, "https://gazette.example/news/fish-market");
    assert_int_equal(strncmp(a->id, "u-", 2), 0);
    assert_true(a->published_ms == -1);
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[0], "Stalls return after repairs.");
    assert_string_equal(a->paragraphs.items[1], "Traders said \xe2\x80\x9c"
                                                "at last\xe2\x80\x9d.");

    a = d->items[2]; /* permalink guid as url, dc:date, content:encoded preferred */
    assert_string_equal(a->url, "https://gazette.example/news/lighthouse");
    assert_true(a->published_ms == na_time_parse("2022-04-25T18:00:00Z"));
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[1], "She plans to write a book about storms.");

    a = d->items[3]; /* no title: the headline is the description, cut at a word */
    assert_true(strlen(a->headline) <= 140 + 3);
    assert_int_equal(strncmp(a->headline, "Tide tables for the week", 24), 0);
    assert_non_null(strstr(a->headline, "\xe2\x80\xa6"));
    na_feed_doc_destroy(d);
}

static void test_rss1(void **state)
{
    (void)state;
    char err[512];
    na_feed_doc *d = parse_file("feed_rss1/feed.xml", NULL, NA_OK, err, sizeof err);
    assert_int_equal(d->format, NA_FEED_RSS1);
    assert_int_equal(d->n, 2);
    na_article *a = d->items[0];
    assert_string_equal(a->headline, "Soil microbes $5 study"); /* double-escaped entity */
    assert_guid(a->id, "https://lab.example/briefs/1");
    assert_string_equal(a->url, "https://lab.example/briefs/1?rss=1");
    assert_string_equal(a->language, "fr");
    assert_true(a->published_ms == na_time_parse("2022-04-20T08:30:00Z"));
    assert_string_equal(a->paragraphs.items[0], "Microbes fix more nitrogen than expected.");
    assert_int_equal(d->items[1]->paragraphs.n, 0);
    assert_string_equal(d->items[1]->outlet, "Lab Notes");
    na_feed_doc_destroy(d);
}

/* Two outlets using <guid>1</guid> get different ids; one feed always gives the same. */
static void test_guid_namespaced_by_feed(void **state)
{
    (void)state;
    char err[512];
    const char *x = "<rss><channel><title>Outlet A</title><item><title>T</title><guid>1</guid>"
                    "</item></channel></rss>";
    const char *y = "<rss><channel><title>Outlet B</title><item><title>T</title><guid>1</guid>"
                    "</item></channel></rss>";
    na_feed_doc *a1, *a2, *b, *u1, *u2;
    assert_int_equal(na_feed_parse(x, strlen(x), "a", NULL, &a1, err, sizeof err), 0);
    assert_int_equal(na_feed_parse(x, strlen(x), "a", NULL, &a2, err, sizeof err), 0);
    assert_int_equal(na_feed_parse(y, strlen(y), "b", NULL, &b, err, sizeof err), 0);
    assert_guid(a1->items[0]->id, "1");
    assert_guid(b->items[0]->id, "1");
    assert_string_not_equal(a1->items[0]->id, b->items[0]->id);
    assert_string_equal(a1->items[0]->id, a2->items[0]->id);
    /* Polled feeds are namespaced by their URL: same title, two feeds, two ids. */
    assert_int_equal(
        na_feed_parse(x, strlen(x), "u", "https://a.example/rss", &u1, err, sizeof err), 0);
    assert_int_equal(
        na_feed_parse(x, strlen(x), "u", "https://b.example/rss", &u2, err, sizeof err), 0);
    assert_string_not_equal(u1->items[0]->id, u2->items[0]->id);
    na_feed_doc_destroy(a1);
    na_feed_doc_destroy(a2);
    na_feed_doc_destroy(b);
    na_feed_doc_destroy(u1);
    na_feed_doc_destroy(u2);
}

static void test_atom(void **state)
{
    (void)state;
    char err[512];
    na_feed_doc *d = parse_file("feed_atom/feed.xml", NULL, NA_OK, err, sizeof err);
    assert_int_equal(d->format, NA_FEED_ATOM);
    assert_string_equal(d->title, "Wire & Cable");
    assert_int_equal(d->n, 3);
    na_article *a = d->items[0]; /* alternate link chosen over the enclosure, xml:base applied */
    assert_string_equal(a->url, "https://wire.example/base/stories/rail");
    assert_guid(a->id, "tag:wire.example,2022:rail");
    assert_string_equal(a->language, "de");
    assert_true(a->published_ms == na_time_parse("2022-04-26T06:00:00Z")); /* published wins */
    assert_int_equal(a->paragraphs.n, 2);
    assert_string_equal(a->paragraphs.items[1], "Trains run as normal.");

    a = d->items[1]; /* xhtml title and content, first link, no id, updated only */
    assert_string_equal(a->headline, "Port expansion plan");
    assert_string_equal(a->url, "https://elsewhere.example/port");
    assert_int_equal(strncmp(a->id, "u-", 2), 0);
    assert_string_equal(a->language, "en");
    assert_true(a->published_ms == na_time_parse("2022-04-25T07:00:00Z"));
    assert_string_equal(a->paragraphs.items[0], "The port wants two new berths.");

    a = d->items[2]; /* absolute-path link against xml:base, no date */
    assert_string_equal(a->url, "https://wire.example/notices/7");
    assert_true(a->published_ms == -1);
    na_feed_doc_destroy(d);
}

static void test_same_id_twice(void **state)
{
    (void)state;
    char err[512];
    na_feed_doc *d1 = parse_file("feed_rss2/feed.xml", NULL, NA_OK, err, sizeof err);
    na_feed_doc *d2 = parse_file("feed_rss2/feed.xml", NULL, NA_OK, err, sizeof err);
    for (size_t i = 0; i < d1->n; i++)
        assert_string_equal(d1->items[i]->id, d2->items[i]->id);
    na_feed_doc_destroy(d1);
    na_feed_doc_destroy(d2);
}

static void test_relative_without_base(void **state)
{
    (void)state;
    const char *xml = "<rss><channel><title>T</title><item><title>A</title><link>/a/1</link>"
                      "</item></channel></rss>";
    na_feed_doc *d;
    char err[256];
    assert_int_equal(na_feed_parse(xml, strlen(xml), "t.xml", "http://127.0.0.1:8080/feed.xml", &d,
                                   err, sizeof err),
                     NA_OK);
    assert_string_equal(d->items[0]->url, "http://127.0.0.1:8080/a/1");
    assert_null(d->items[0]->language);
    na_feed_doc_destroy(d);
}

static void test_errors_name_the_feed(void **state)
{
    (void)state;
    char err[512];
    assert_null(parse_file("feed_bad/not_xml.txt", NULL, NA_EPARSE, err, sizeof err));
    assert_string_equal(err, "feed_bad/not_xml.txt: not XML");
    assert_null(parse_file("feed_bad/page.html", NULL, NA_EPARSE, err, sizeof err));
    assert_string_equal(err, "feed_bad/page.html: not a feed (root element <html>)");
    assert_null(parse_file("feed_bad/truncated.xml", NULL, NA_EPARSE, err, sizeof err));
    assert_non_null(strstr(err, "feed_bad/truncated.xml:"));
    assert_non_null(strstr(err, "truncated document"));
}

/* An external entity is never read; internal ones are expanded. */
static void test_no_external_entities(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "
        "\"file:///etc/hostname\"><!ENTITY y \"inner\">]>\n<rss><channel>"
        "<title>T</title><item><title>Leak &x; here &y;</title></item></channel></rss>";
    na_feed_doc *d = NULL;
    char err[256];
    assert_int_equal(na_feed_parse(xml, strlen(xml), "xxe.xml", NULL, &d, err, sizeof err), NA_OK);
    assert_int_equal(d->n, 1);
    assert_string_equal(d->items[0]->headline, "Leak here inner");
    na_feed_doc_destroy(d);
}

/* Claims UTF-8 but mixes in windows-1252 bytes: those are read as windows-1252, the rest kept. */
static void test_mixed_encoding_repaired(void **state)
{
    (void)state;
    char err[512];
    na_feed_doc *d = parse_file("feed_cp1252/feed.xml", NULL, NA_OK, err, sizeof err);
    assert_string_equal(d->title, "Caf\xc3\xa9 Courier");
    assert_int_equal(d->n, 1);
    assert_string_equal(d->items[0]->headline,
                        "Caf\xc3\xa9 prices \xe2\x80\x9cup\xe2\x80\x9d \xe2\x82\xac"
                        "2");
    assert_string_equal(d->items[0]->paragraphs.items[0],
                        "D\xc3\xa9j\xc3\xa0 vu \xef\xbf\xbd at the counter.");
    na_feed_doc_destroy(d);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(na_feed_sniff("\n\n  <?xml", 9));
    assert_true(na_feed_sniff("\xef\xbb\xbf<rss", 7));
    assert_false(na_feed_sniff("{\"id\":1}", 8));
    assert_false(na_feed_sniff("   ", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_rss1),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_guid_namespaced_by_feed),
        cmocka_unit_test(test_same_id_twice),
        cmocka_unit_test(test_relative_without_base),
        cmocka_unit_test(test_errors_name_the_feed),
        cmocka_unit_test(test_no_external_entities),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_mixed_encoding_repaired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
