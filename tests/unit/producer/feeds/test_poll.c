/*
 * The poller against a real HTTP server on loopback (libmicrohttpd): conditional GET, gzip,
 * seen items across polls and restarts, a refusing sink, and feeds that fail in every way
 * while a healthy one keeps flowing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>
#include <microhttpd.h>
#include <pthread.h>
#include <zlib.h>

#include "feeds/addr.h"
#include "feeds/poll.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

static struct server {
    pthread_mutex_t lock;
    struct MHD_Daemon *d;
    int port;
    int items;   /* /good.xml serves items 1..items */
    int version; /* its ETag */
    int hits_good, hits_304, hits_500, hits_hang, hits_trunc, hits_junk, hits_429, hits_redirect;
    struct MHD_Daemon *target; /* a private service the feed's links point at */
    int target_port, hits_target;
    char user_agent[256], accept_encoding[128];
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static char *make_feed(int items)
{
    size_t cap = 256 + (size_t)items * 200, n = 0;
    char *buf = malloc(cap);
    n += (size_t)snprintf(buf + n, cap - n,
                          "\n<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
                          "<title>Loopback News</title>");
    for (int i = 1; i <= items; i++)
        n += (size_t)snprintf(buf + n, cap - n,
                              "<item><title>Item %d</title><link>/items/%d</link>"
                              "<guid>g-%d</guid><description>Text &amp; more %d</description>"
                              "</item>",
                              i, i, i, i);
    snprintf(buf + n, cap - n, "</channel></rss>\n");
    return buf;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body,
                             size_t len, const char *hname, const char *hvalue)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (hname)
        MHD_add_response_header(r, hname, hvalue);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result serve_good(struct MHD_Connection *c, int gzip)
{
    char etag[32];
    pthread_mutex_lock(&srv.lock);
    srv.hits_good++;
    snprintf(etag, sizeof etag, "\"v%d\"", srv.version);
    int items = srv.items;
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    int same = inm && strcmp(inm, etag) == 0;
    if (same)
        srv.hits_304++;
    pthread_mutex_unlock(&srv.lock);
    if (same)
        return reply(c, 304, "", 0, "ETag", etag);
    char *feed = make_feed(items);
    size_t len = strlen(feed);
    struct MHD_Response *r;
    if (gzip) {
        uLongf zlen = compressBound(len) + 32;
        unsigned char *z = malloc(zlen);
        z_stream zs = {0};
        deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
        zs.next_in = (unsigned char *)feed;
        zs.avail_in = (uInt)len;
        zs.next_out = z;
        zs.avail_out = (uInt)zlen;
        deflate(&zs, Z_FINISH);
        r = MHD_create_response_from_buffer(zs.total_out, z, MHD_RESPMEM_MUST_COPY);
        deflateEnd(&zs);
        free(z);
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    } else {
        r = MHD_create_response_from_buffer(len, feed, MHD_RESPMEM_MUST_COPY);
    }
    MHD_add_response_header(r, "ETag", etag);
    MHD_add_response_header(r, "Content-Type", "application/rss+xml");
    enum MHD_Result rc = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    free(feed);
    return rc;
}

/* Where the hostile items point: loopback in three spellings, IPv6, private, cloud metadata. */
static void ssrf_target(int i, char *buf, size_t n)
{
    static const char *const hosts[] = {"127.0.0.1", "2130706433",      "0177.0.0.1", "[::1]",
                                        "10.0.0.1",  "169.254.169.254", "127.1"};
    snprintf(buf, n, "http://%s:%d/secret/%d", hosts[i % 7], srv.target_port, i);
}

/* Items linking to each target directly and through a redirect of the (public) outlet. */
static char *ssrf_feed(void)
{
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap), to[128];
    n += (size_t)snprintf(buf, cap, "<rss><channel><title>Loopback News</title>");
    for (int i = 0; i < 14; i++) {
        if (i < 7)
            ssrf_target(i, to, sizeof to);
        else
            snprintf(to, sizeof to, "http://127.0.0.1:%d/redirect/%d", srv.port, i - 7);
        n += (size_t)snprintf(buf + n, cap - n,
                              "<item><title>Hostile %d</title><link>%s</link><guid>h-%d</guid>"
                              "<description>Feed text %d</description></item>",
                              i, to, i, i);
    }
    snprintf(buf + n, cap - n, "</channel></rss>");
    return buf;
}

static enum MHD_Result target_handler(void *cls, struct MHD_Connection *c, const char *url,
                                      const char *method, const char *version, const char *upload,
                                      size_t *upload_size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
    (void)con_cls;
    pthread_mutex_lock(&srv.lock);
    srv.hits_target++;
    pthread_mutex_unlock(&srv.lock);
    const char *page = "<html><body><article><p>Secret instance credentials, long enough to "
                       "count as the article text of the page.</p></article></body></html>";
    return reply(c, 200, page, strlen(page), "Content-Type", "text/html");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)cls, (void)method, (void)version, (void)upload, (void)upload_size, (void)con_cls;
    const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    pthread_mutex_lock(&srv.lock);
    snprintf(srv.user_agent, sizeof srv.user_agent, "%s", ua ? ua : "");
    snprintf(srv.accept_encoding, sizeof srv.accept_encoding, "%s", ae ? ae : "");
    pthread_mutex_unlock(&srv.lock);
    if (strcmp(url, "/good.xml") == 0 || strcmp(url, "/gz.xml") == 0)
        return serve_good(c, url[1] == 'g' && url[2] == 'z');
    if (strcmp(url, "/ssrf.xml") == 0) {
        char *feed = ssrf_feed();
        enum MHD_Result rc = reply(c, 200, feed, strlen(feed), NULL, NULL);
        free(feed);
        return rc;
    }
    if (strncmp(url, "/redirect/", 10) == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_redirect++;
        pthread_mutex_unlock(&srv.lock);
        char to[128];
        ssrf_target(atoi(url + 10), to, sizeof to);
        return reply(c, 302, "moved", 5, "Location", to);
    }
    if (strcmp(url, "/dup.xml") == 0) {
        const char *dup = "<rss><channel><title>Loopback News</title>"
                          "<item><title>Once</title><guid>same</guid></item>"
                          "<item><title>Once again</title><guid>same</guid></item>"
                          "</channel></rss>";
        return reply(c, 200, dup, strlen(dup), NULL, NULL);
    }
    if (strcmp(url, "/500") == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_500++;
        pthread_mutex_unlock(&srv.lock);
        return reply(c, 500, "oops", 4, NULL, NULL);
    }
    if (strcmp(url, "/429") == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_429++;
        pthread_mutex_unlock(&srv.lock);
        return reply(c, 429, "slow down", 9, "Retry-After", "120");
    }
    if (strcmp(url, "/hang") == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_hang++;
        pthread_mutex_unlock(&srv.lock);
        usleep(1200 * 1000); /* longer than the poller's 400 ms total timeout */
        return reply(c, 200, "<rss/>", 6, NULL, NULL);
    }
    if (strcmp(url, "/truncated") == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_trunc++;
        pthread_mutex_unlock(&srv.lock);
        char *feed = make_feed(5);
        enum MHD_Result rc = reply(c, 200, feed, strlen(feed) / 2, NULL, NULL);
        free(feed);
        return rc;
    }
    if (strcmp(url, "/junk") == 0) {
        pthread_mutex_lock(&srv.lock);
        srv.hits_junk++;
        pthread_mutex_unlock(&srv.lock);
        return reply(c, 200, "{\"not\": \"a feed\"}", 17, NULL, NULL);
    }
    if (strncmp(url, "/items/", 7) == 0 && atoi(url + 7) != 2) {
        char page[1024];
        snprintf(page, sizeof page,
                 "<html><body><nav><p>Home News Sport and everything else here</p></nav>"
                 "<article><h1>Item %s</h1><p>Full text of item %s, longer than the feed's "
                 "description and long enough to count as an article.</p>"
                 "<p>Second paragraph.</p></article><footer>All rights reserved</footer>"
                 "</body></html>",
                 url + 7, url + 7);
        return reply(c, 200, page, strlen(page), "Content-Type", "text/html; charset=utf-8");
    }
    return reply(c, 404, "no", 2, NULL, NULL);
}

typedef struct sink {
    char ids[64][32];
    char first_para[64][160];
    size_t n;
    const char *refuse; /* this id fails once */
    int refused;
    char last_url[256];
    int confirm;      /* use the confirm callback */
    int confirm_fail; /* the next confirmations that report a loss */
    int confirms;
    int count_only; /* big feeds: count, keep nothing */
} sink;

static int confirm(void *ud)
{
    sink *s = ud;
    s->confirms++;
    if (s->confirm_fail > 0) {
        s->confirm_fail--;
        return NA_EKAFKA;
    }
    return 0;
}

static int emit(na_article *a, void *ud)
{
    sink *s = ud;
    if (s->refuse && !s->refused && strcmp(strchr(a->id, ':') + 1, s->refuse) == 0) {
        s->refused = 1;
        return NA_EKAFKA;
    }
    if (s->count_only) {
        s->n++;
        return 0;
    }
    assert_true(s->n < 64);
    snprintf(s->first_para[s->n], sizeof s->first_para[0], "%s",
             a->paragraphs.n ? a->paragraphs.items[0] : "");
    const char *guid = strchr(a->id, ':'); /* the feed's namespace, then the guid */
    snprintf(s->ids[s->n++], sizeof s->ids[0], "%s", guid ? guid + 1 : a->id);
    snprintf(s->last_url, sizeof s->last_url, "%s", a->url ? a->url : "");
    assert_string_equal(a->outlet, "Loopback News");
    return 0;
}

static char url_buf[8][128];

static const char *url(int i, const char *path)
{
    snprintf(url_buf[i], sizeof url_buf[i], "http://127.0.0.1:%d%s", srv.port, path);
    return url_buf[i];
}

static char state_path[256];

/* The test's outlet (127.0.0.1 on srv.port) counts as public; every other address as in production.
 */
static const char *outlet_is_public(const struct sockaddr *sa)
{
    const struct sockaddr_in *v4 = (const struct sockaddr_in *)(const void *)sa;
    if (sa->sa_family == AF_INET && v4->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
        ntohs(v4->sin_port) == srv.port)
        return NULL;
    return na_feed_addr_refusal(sa);
}

/* fetch: 0 no pages, 1 pages from anywhere (--allow-private-hosts), 2 pages by the policy. */
static na_feed_poller *poller_with(sink *s, int once, double interval, int fetch)
{
    na_feed_poll_opts o;
    na_feed_poll_opts_default(&o);
    o.fetch_articles = fetch != 0;
    o.allow_private_hosts = fetch == 1;
    o.addr_refusal = outlet_is_public;
    o.once = once;
    o.interval_s = interval;
    o.backoff_cap_s = 60;
    o.connect_timeout_ms = 400;
    o.timeout_ms = 400;
    o.state_path = state_path;
    char err[512];
    na_feed_sink fs = {emit, s->confirm ? confirm : NULL, s};
    na_feed_poller *p = na_feed_poller_new(&o, &fs, err, sizeof err);
    assert_non_null(p);
    return p;
}

static na_feed_poller *poller(sink *s, int once, double interval)
{
    return poller_with(s, once, interval, 0);
}

static int setup(void **state)
{
    (void)state;
    na_log_set_level(NA_LOG_ERROR);
    srv.d =
        MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
                         NULL, handler, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_END);
    if (!srv.d)
        return -1;
    srv.port = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT)->port;
    srv.target = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                                      MHD_USE_DUAL_STACK,
                                  0, NULL, NULL, target_handler, NULL, MHD_OPTION_END);
    if (!srv.target)
        return -1;
    srv.target_port = MHD_get_daemon_info(srv.target, MHD_DAEMON_INFO_BIND_PORT)->port;
    snprintf(state_path, sizeof state_path, "/tmp/na_feed_poll_%ld/feeds.json", (long)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.d);
    MHD_stop_daemon(srv.target);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/na_feed_poll_%ld", (long)getpid());
    return system(cmd) == 0 ? 0 : -1;
}

/* As a new process would: same state file, one poll of /good.xml. */
static na_feed_poller *restart(sink *s, na_feed_poller *old)
{
    na_feed_poller_destroy(old);
    na_feed_poller *p = poller(s, 1, 300);
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    return p;
}

static void test_conditional_get_and_restart(void **state)
{
    (void)state;
    srv.items = 3;
    srv.version = 1;
    sink s = {0};
    na_feed_poller *p = poller(&s, 1, 300);
    assert_int_equal(na_feed_poller_add(p, url(0, "/good.xml"), 0), NA_OK);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.ids[0], "g-1");
    assert_string_equal(s.ids[2], "g-3");
    assert_string_equal(s.last_url, url(1, "/items/3")); /* relative link, fetch URL as base */
    assert_string_equal(srv.user_agent, NA_FEED_USER_AGENT);
    assert_non_null(strstr(srv.accept_encoding, "gzip"));
    double wait = na_feed_poller_wait(p, url(0, "/good.xml"));
    assert_true(wait > 300 * 0.9 - 2 && wait <= 300 * 1.1); /* interval with jitter */

    /* Second poll: the server answers 304, nothing is published. */
    int hits304 = srv.hits_304;
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(srv.hits_304, hits304 + 1);
    assert_int_equal(s.n, 3);

    /* A restart with the same state file: still 304, still nothing. */
    p = restart(&s, p);
    assert_int_equal(srv.hits_304, hits304 + 2);
    assert_int_equal(s.n, 3);

    /* The 304 kept the stored validators: the next restart gets a 304 too. */
    p = restart(&s, p);
    assert_int_equal(srv.hits_304, hits304 + 3);
    assert_int_equal(s.n, 3);

    /* A new item: published exactly once, then 304 again. */
    srv.items = 4;
    srv.version = 2;
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.ids[3], "g-4");
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 4);
    na_feed_poller_destroy(p);
}

/* The server ignores validators (gzip feed here): the seen ids alone keep items from repeating. */
static void test_seen_ids_without_304(void **state)
{
    (void)state;
    srv.items = 2;
    srv.version = 7;
    sink s = {0};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/gz.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 2); /* decoded from gzip */
    srv.version = 8;          /* new ETag, same items */
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 2);
    na_feed_poller_destroy(p);
}

/* An item the sink refuses is not marked seen and comes back on the next poll, alone. */
static void test_refused_item_retried(void **state)
{
    (void)state;
    srv.items = 3;
    srv.version = 100;
    unlink(state_path);
    sink s = {.refuse = "g-2"};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_EHTTP);
    assert_int_equal(s.n, 2);
    /* The ETag was not kept, so the next poll gets the document again (no 304). */
    int hits304 = srv.hits_304;
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(srv.hits_304, hits304);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.ids[2], "g-2");
    na_feed_poller_destroy(p);
}

static void test_duplicate_in_document_published_once(void **state)
{
    (void)state;
    unlink(state_path);
    sink s = {.confirm = 1};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/dup.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ids[0], "same");
    na_feed_poller_destroy(p);
}

/* A poll whose confirmation reports a loss marks nothing seen: the next poll offers it all again.
 */
static void test_unconfirmed_poll_offered_again(void **state)
{
    (void)state;
    srv.items = 2;
    srv.version = 300;
    unlink(state_path);
    sink s = {.confirm = 1, .confirm_fail = 1};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_EHTTP);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.confirms, 1);
    int hits304 = srv.hits_304;
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(srv.hits_304, hits304); /* validators were not kept either */
    assert_int_equal(s.n, 4);                /* both again: at least once */
    assert_int_equal(s.confirms, 2);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 4); /* confirmed now: 304, nothing new, nothing to confirm */
    assert_int_equal(s.confirms, 2);
    assert_int_equal(srv.hits_304, hits304 + 1);
    na_feed_poller_destroy(p);
}

static void test_failures_back_off(void **state)
{
    (void)state;
    sink s = {0};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/500"), 0);
    na_feed_poller_add(p, url(1, "/429"), 0);
    na_feed_poller_add(p, url(2, "/junk"), 0);
    na_feed_poller_add(p, url(3, "/truncated"), 0);
    na_feed_poller_add(p, url(4, "/hang"), 0);
    na_feed_poller_add(p, "http://127.0.0.1:1/refused", 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_EHTTP);
    assert_int_equal(s.n, 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(na_feed_poller_failures(p, url_buf[i]), 1);
    assert_int_equal(na_feed_poller_failures(p, "http://127.0.0.1:1/refused"), 1);
    /* First failure: twice the interval (±10%); Retry-After 120 is below that, so no change. */
    double w = na_feed_poller_wait(p, url(0, "/500"));
    assert_true(w > 600 * 0.9 - 2 && w <= 600 * 1.1);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_EHTTP);
    assert_int_equal(na_feed_poller_failures(p, url(0, "/500")), 2);
    w = na_feed_poller_wait(p, url(0, "/500"));
    assert_true(w > 1200 * 0.9 - 2 && w <= 1200 * 1.1);
    na_feed_poller_destroy(p);
}

static void test_retry_after_honoured(void **state)
{
    (void)state;
    sink s = {0};
    na_feed_poller *p = poller(&s, 1, 10);
    na_feed_poller_add(p, url(1, "/429"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_EHTTP);
    double w = na_feed_poller_wait(p, url(1, "/429"));
    assert_true(w > 120 * 0.9 - 2 && w <= 120 * 1.1); /* not 20 s: the server asked for 120 */
    na_feed_poller_destroy(p);
}

/* --fetch-articles: the page's article text replaces the description; a 404 page keeps it. */
static void test_fetch_articles(void **state)
{
    (void)state;
    unlink(state_path);
    srv.items = 3;
    srv.version = 900;
    sink s = {0};
    na_feed_poller *p = poller_with(&s, 1, 300, 1);
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 3);
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(s.ids[i], "g-2") == 0)
            assert_string_equal(s.first_para[i], "Text & more 2");
        else
            assert_non_null(strstr(s.first_para[i], "Item "));
    }
    na_feed_poller_destroy(p);
}

/*
 * SSRF: items linking to loopback (also as 2130706433, 0177.0.0.1, 127.1), [::1], 10/8 and
 * 169.254.169.254, directly or by a 302 from the outlet, keep the feed's text: the private
 * service sees no request. With --allow-private-hosts the same links are fetched.
 */
static void test_fetch_refuses_private_addresses(void **state)
{
    (void)state;
    unlink(state_path);
    srv.hits_target = srv.hits_redirect = 0;
    sink s = {0};
    na_feed_poller *p = poller_with(&s, 1, 300, 2);
    na_feed_poller_add(p, url(0, "/ssrf.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 14);
    for (size_t i = 0; i < s.n; i++)
        assert_non_null(strstr(s.first_para[i], "Feed text"));
    assert_int_equal(srv.hits_redirect, 7); /* the outlet was asked, its redirects refused */
    assert_int_equal(srv.hits_target, 0);
    na_feed_poller_destroy(p);

    /* The control: allowed, the loopback links reach the service (10/8 and 169.254 time out). */
    unlink(state_path);
    sink s2 = {0};
    p = poller_with(&s2, 1, 300, 1);
    na_feed_poller_add(p, url(0, "/ssrf.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s2.n, 14);
    assert_true(srv.hits_target >= 6);
    na_feed_poller_destroy(p);
}

/* The case: a feed of more than 5,000 items, polled again, publishes nothing new. */
static void test_big_feed_not_republished(void **state)
{
    (void)state;
    unlink(state_path);
    srv.items = 5300;
    srv.version = 777;
    sink s = {.count_only = 1};
    na_feed_poller *p = poller(&s, 1, 300);
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s.n, 5300);
    na_feed_poller_destroy(p);
    srv.version = 778; /* a new ETag: the whole document is read again */
    sink s2 = {.count_only = 1};
    p = poller(&s2, 1, 300); /* a restart: the state file carries the 5,300 ids */
    na_feed_poller_add(p, url(0, "/good.xml"), 0);
    assert_int_equal(na_feed_poller_run(p, NULL, NULL, NULL), NA_OK);
    assert_int_equal(s2.n, 0);
    na_feed_poller_destroy(p);
}

typedef struct clock_stop {
    volatile sig_atomic_t stop;
    struct timespec until;
} clock_stop;

static void tick(void *ud)
{
    clock_stop *c = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > c->until.tv_sec ||
        (now.tv_sec == c->until.tv_sec && now.tv_nsec >= c->until.tv_nsec))
        c->stop = 1;
}

/* Continuous polling: the failing feeds are retried less and less often, the healthy one flows. */
static void test_bad_feeds_never_stop_good_ones(void **state)
{
    (void)state;
    unlink(state_path);
    srv.items = 4;
    srv.version = 500;
    srv.hits_500 = srv.hits_good = 0;
    sink s = {0};
    na_feed_poller *p = poller(&s, 0, 0.25);
    na_feed_poller_add(p, url(0, "/500"), 0);
    na_feed_poller_add(p, url(1, "/good.xml"), 0);
    na_feed_poller_add(p, url(2, "/hang"), 0);
    na_feed_poller_add(p, url(3, "/truncated"), 0);
    na_feed_poller_add(p, url(4, "/junk"), 0);
    clock_stop c = {0};
    clock_gettime(CLOCK_MONOTONIC, &c.until);
    c.until.tv_sec += 3;
    assert_int_equal(na_feed_poller_run(p, &c.stop, tick, &c), NA_OK);
    assert_int_equal(s.n, 4);
    /* The healthy feed was polled about every 0.25 s; /500 backed off: 0, 0.5, 1.5 s, then 3.5. */
    assert_true(srv.hits_good >= 8);
    assert_true(srv.hits_500 >= 2 && srv.hits_500 <= 4);
    assert_true(na_feed_poller_failures(p, url(0, "/500")) >= 2);
    na_feed_poller_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conditional_get_and_restart),
        cmocka_unit_test(test_seen_ids_without_304),
        cmocka_unit_test(test_refused_item_retried),
        cmocka_unit_test(test_unconfirmed_poll_offered_again),
        cmocka_unit_test(test_duplicate_in_document_published_once),
        cmocka_unit_test(test_failures_back_off),
        cmocka_unit_test(test_retry_after_honoured),
        cmocka_unit_test(test_fetch_articles),
        cmocka_unit_test(test_fetch_refuses_private_addresses),
        cmocka_unit_test(test_big_feed_not_republished),
        cmocka_unit_test(test_bad_feeds_never_stop_good_ones),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
