/* The feed poller: one curl multi loop for every feed and every article page. */
#include "feeds/poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>

#include "feeds/addr.h"
#include "feeds/extract.h"
#include "feeds/state.h"
#include "newsalert/error.h"
#include "newsalert/grow.h"
#include "newsalert/log.h"
#include "newsalert/clock.h"
#include "newsalert/metrics.h"

#define MAX_TOTAL_CONNECTIONS 16
#define MAX_HOST_CONNECTIONS 4 /* politeness towards any one outlet */
#define MAX_WAIT_MS 1000

typedef struct feed {
    char *url;
    double interval;
    int64_t next_ms;
    unsigned failures;
    char *last_error; /* logged once until the error changes or the feed recovers */
    int busy;         /* a feed transfer or article fetches in flight */
    int polled;
    int validated;       /* parsed successfully at least once */
    int took_document;   /* this poll parsed a document (a 304 or an error keeps the validators) */
    size_t pending;      /* article fetches outstanding for this poll */
    size_t emit_failed;  /* items the sink refused this poll */
    na_strlist accepted; /* ids emitted this poll, awaiting the sink's confirmation */
    char *etag, *last_modified; /* validators of this poll's response, stored when all is sent */
} feed;

typedef struct xfer {
    CURL *h;
    feed *f;
    na_article *article; /* NULL for the feed document itself */
    char *body;
    size_t n, cap, max;
    char *etag, *last_modified, *retry_after;
    struct curl_slist *headers;
    const char *(*refusal)(const struct sockaddr *sa); /* the address policy, NULL: none */
    char refused[96];         /* set when the address policy refused a connection */
    struct xfer *prev, *next; /* the poller's in-flight list */
} xfer;

struct na_feed_poller {
    na_feed_poll_opts o;
    na_feed_sink sink;
    CURLM *multi;
    na_feed_state *state;
    int state_dirty;
    feed **feeds;
    size_t n, cap;
    xfer *xfers; /* in the multi handle */
    unsigned seed;
};

void na_feed_poll_opts_default(na_feed_poll_opts *o)
{
    *o = (na_feed_poll_opts){.interval_s = 300,
                             .backoff_cap_s = 3600,
                             .connect_timeout_ms = 10000,
                             .timeout_ms = 30000,
                             .max_body = 16u << 20};
}

na_feed_poller *na_feed_poller_new(const na_feed_poll_opts *o, const na_feed_sink *sink,
                                   char *errstr, size_t errlen)
{
    na_feed_poller *p = calloc(1, sizeof *p);
    if (!p || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(errstr, errlen, "feeds: out of memory");
        free(p);
        return NULL;
    }
    p->o = *o;
    p->sink = *sink;
    p->seed = (unsigned)na_clock_wall_ms() ^ (unsigned)(uintptr_t)p;
    p->multi = curl_multi_init();
    p->state = na_feed_state_new(0);
    if (!p->multi || !p->state) {
        snprintf(errstr, errlen, "feeds: out of memory");
        goto fail;
    }
    curl_multi_setopt(p->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)MAX_TOTAL_CONNECTIONS);
    curl_multi_setopt(p->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)MAX_HOST_CONNECTIONS);
    if (o->state_path && na_feed_state_load(p->state, o->state_path, errstr, errlen))
        goto fail;
    return p;
fail:
    na_feed_poller_destroy(p);
    return NULL;
}

static void xfer_free(xfer *x)
{
    if (!x)
        return;
    curl_easy_cleanup(x->h);
    curl_slist_free_all(x->headers);
    na_article_destroy(x->article);
    free(x->body);
    free(x->etag);
    free(x->last_modified);
    free(x->retry_after);
    free(x);
}

static void feed_free(feed *f)
{
    free(f->url);
    free(f->last_error);
    na_strlist_clear(&f->accepted);
    free(f->etag);
    free(f->last_modified);
    free(f);
}

void na_feed_poller_destroy(na_feed_poller *p)
{
    if (!p)
        return;
    if (p->multi) {
        while (p->xfers) {
            xfer *x = p->xfers;
            p->xfers = x->next;
            curl_multi_remove_handle(p->multi, x->h);
            xfer_free(x);
        }
        curl_multi_cleanup(p->multi);
    }
    for (size_t i = 0; i < p->n; i++)
        feed_free(p->feeds[i]);
    free(p->feeds);
    na_feed_state_destroy(p->state);
    free(p);
    curl_global_cleanup();
}

int na_feed_poller_add(na_feed_poller *p, const char *url, double interval_s)
{
    if (na_grow((void **)&p->feeds, &p->cap, p->n, sizeof *p->feeds, 8))
        return NA_ENOMEM;
    feed *f = calloc(1, sizeof *f);
    if (!f || !(f->url = strdup(url))) {
        free(f);
        return NA_ENOMEM;
    }
    f->interval = interval_s > 0 ? interval_s : p->o.interval_s;
    p->feeds[p->n++] = f;
    return NA_OK;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t len = size * nmemb;
    if (x->n + len + 1 > x->max)
        return 0; /* over the limit: curl fails the transfer with a write error */
    if (x->n + len + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 65536;
        while (cap < x->n + len + 1)
            cap *= 2;
        char *nb = realloc(x->body, cap);
        if (!nb)
            return 0;
        x->body = nb;
        x->cap = cap;
    }
    memcpy(x->body + x->n, data, len);
    x->n += len;
    x->body[x->n] = '\0';
    return len;
}

static void keep_header(char **field, const char *v, size_t len)
{
    while (len && strchr(" \t\r\n", v[len - 1]))
        len--;
    free(*field);
    *field = strndup(v, len);
}

/* Keeps the validators and Retry-After of the final response (redirects send several). */
static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t len = size * nmemb;
    static const struct {
        const char *name;
        size_t off;
    } wanted[] = {{"etag:", offsetof(xfer, etag)},
                  {"last-modified:", offsetof(xfer, last_modified)},
                  {"retry-after:", offsetof(xfer, retry_after)}};
    if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
        for (size_t i = 0; i < 3; i++) {
            char **field = (char **)((char *)x + wanted[i].off);
            free(*field);
            *field = NULL;
        }
        return len;
    }
    for (size_t i = 0; i < 3; i++) {
        size_t nl = strlen(wanted[i].name);
        if (len <= nl || strncasecmp(data, wanted[i].name, nl) != 0)
            continue;
        const char *v = data + nl;
        while (v < data + len && (*v == ' ' || *v == '\t'))
            v++;
        keep_header((char **)((char *)x + wanted[i].off), v, (size_t)(data + len - v));
    }
    return len;
}

/*
 * Article pages are named by feed items, so by anyone who writes one: the address curl is about
 * to connect to (after DNS, on every redirect, whatever the spelling of the host) must be public.
 */
static curl_socket_t open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *addr)
{
    xfer *x = ud;
    const char *why = purpose == CURLSOCKTYPE_IPCXN ? x->refusal(&addr->addr) : NULL;
    if (why) {
        char ip[64];
        na_feed_addr_format(&addr->addr, ip, sizeof ip);
        snprintf(x->refused, sizeof x->refused, "%s address %s", why, ip);
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

/* Before every request, so also on a connection the feed's own fetch left open for reuse. */
static int check_request(void *ud, char *primary_ip, char *local_ip, int primary_port,
                         int local_port)
{
    (void)local_ip, (void)local_port;
    xfer *x = ud;
    struct sockaddr_storage ss = {0};
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, primary_ip, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)primary_port);
    } else if (inet_pton(AF_INET6, primary_ip, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)primary_port);
    }
    const char *why = x->refusal((struct sockaddr *)&ss);
    if (!why)
        return CURL_PREREQFUNC_OK;
    snprintf(x->refused, sizeof x->refused, "%s address %s", why, primary_ip);
    return CURL_PREREQFUNC_ABORT;
}

static int start(na_feed_poller *p, feed *f, na_article *article)
{
    xfer *x = calloc(1, sizeof *x);
    if (!x || !(x->h = curl_easy_init())) {
        free(x);
        return NA_ENOMEM;
    }
    x->f = f;
    x->article = article;
    x->max = p->o.max_body;
    CURL *h = x->h;
    curl_easy_setopt(h, CURLOPT_URL, article ? article->url : f->url);
    curl_easy_setopt(h, CURLOPT_PRIVATE, x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, p->o.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, p->o.timeout_ms);
    curl_easy_setopt(h, CURLOPT_USERAGENT, NA_FEED_USER_AGENT);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (article && !p->o.allow_private_hosts) {
        x->refusal = p->o.addr_refusal ? p->o.addr_refusal : na_feed_addr_refusal;
        curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
        curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, check_request);
        curl_easy_setopt(h, CURLOPT_PREREQDATA, x);
    }
    x->headers =
        curl_slist_append(NULL, article ? "Accept: text/html,application/xhtml+xml"
                                        : "Accept: application/rss+xml, "
                                          "application/atom+xml, application/rdf+xml, "
                                          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1");
    /* Conditional GET: the outlet answers 304 with no body when nothing changed. */
    char line[1024];
    const char *etag = article ? NULL : na_feed_state_etag(p->state, f->url);
    const char *lm = article ? NULL : na_feed_state_last_modified(p->state, f->url);
    if (etag && snprintf(line, sizeof line, "If-None-Match: %s", etag) < (int)sizeof line)
        x->headers = curl_slist_append(x->headers, line);
    if (lm && snprintf(line, sizeof line, "If-Modified-Since: %s", lm) < (int)sizeof line)
        x->headers = curl_slist_append(x->headers, line);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->headers);
    if (curl_multi_add_handle(p->multi, h) != CURLM_OK) {
        x->article = NULL; /* the caller keeps it */
        xfer_free(x);
        return NA_EHTTP;
    }
    x->next = p->xfers;
    if (p->xfers)
        p->xfers->prev = x;
    p->xfers = x;
    return NA_OK;
}

static void finish(na_feed_poller *p, xfer *x)
{
    curl_multi_remove_handle(p->multi, x->h);
    if (x->prev)
        x->prev->next = x->next;
    else
        p->xfers = x->next;
    if (x->next)
        x->next->prev = x->prev;
    xfer_free(x);
}

static void schedule(na_feed_poller *p, feed *f, double retry_after)
{
    double d = na_feed_next_delay(f->interval, f->failures, retry_after, p->o.backoff_cap_s);
    double r = (double)rand_r(&p->seed) / ((double)RAND_MAX + 1.0);
    f->next_ms = na_clock_wall_ms() + (int64_t)(na_feed_jitter(d, r) * 1000.0);
}

static void succeeded(na_feed_poller *p, feed *f)
{
    if (f->last_error)
        na_info("feed", "%s: recovered after %u failed polls", f->url, f->failures);
    free(f->last_error);
    f->last_error = NULL;
    f->failures = 0;
    schedule(p, f, -1);
}

static void failed(na_feed_poller *p, feed *f, const char *why, double retry_after)
{
    f->failures++;
    schedule(p, f, retry_after);
    double wait = (double)(f->next_ms - na_clock_wall_ms()) / 1000.0;
    if (!f->last_error || strcmp(f->last_error, why) != 0) {
        na_warn("feed", "%s: %s; next poll in %.0f s", f->url, why, wait);
        free(f->last_error);
        f->last_error = strdup(why);
    } else {
        na_debug("feed", "%s: %s again (%u in a row); next poll in %.0f s", f->url, why,
                 f->failures, wait);
    }
}

static void mark_seen(na_feed_poller *p, feed *f, const char *id)
{
    if (na_feed_state_mark(p->state, f->url, id, na_clock_wall_ms()) == 0)
        p->state_dirty = 1;
}

static void offer(na_feed_poller *p, feed *f, na_article *a)
{
    if (p->sink.emit(a, p->sink.ud) != 0)
        f->emit_failed++;
    else if (!p->sink.confirm)
        mark_seen(p, f, a->id);
    else if (na_strlist_push(&f->accepted, a->id))
        f->emit_failed++; /* cannot remember it: offered again next poll */
    na_article_destroy(a);
}

/* One confirmation for the whole poll: all accepted items are seen, or none. */
static void confirm_poll(na_feed_poller *p, feed *f)
{
    if (!f->accepted.n)
        return;
    if (p->sink.confirm(p->sink.ud) == 0)
        for (size_t i = 0; i < f->accepted.n; i++)
            mark_seen(p, f, f->accepted.items[i]);
    else
        f->emit_failed += f->accepted.n;
    na_strlist_clear(&f->accepted);
}

/* The poll is over once every new item was offered to the sink. */
static void poll_done(na_feed_poller *p, feed *f)
{
    if (f->pending)
        return;
    if (p->sink.confirm)
        confirm_poll(p, f);
    if (f->took_document && f->emit_failed == 0) {
        const char *old_etag = na_feed_state_etag(p->state, f->url);
        const char *old_lm = na_feed_state_last_modified(p->state, f->url);
        int same =
            (old_etag ? f->etag && !strcmp(old_etag, f->etag) : !f->etag) &&
            (old_lm ? f->last_modified && !strcmp(old_lm, f->last_modified) : !f->last_modified);
        if (!same) {
            if (na_feed_state_set_validators(p->state, f->url, f->etag, f->last_modified) == 0)
                p->state_dirty = 1;
        }
    } else if (f->emit_failed) {
        na_warn("feed", "%s: the sink refused %zu items; they are retried next poll", f->url,
                f->emit_failed);
    }
    f->busy = 0;
    f->polled = 1;
}

static void take_items(na_feed_poller *p, feed *f, xfer *x, const char *base)
{
    char err[512];
    na_feed_doc *doc;
    if (na_feed_parse(x->body ? x->body : "", x->n, f->url, base, &doc, err, sizeof err)) {
        failed(p, f, err, -1);
        return;
    }
    size_t fresh = 0;
    int64_t now = na_clock_wall_ms();
    /* A document listing one item twice publishes it once (a hash set: feeds can be huge). */
    na_feed_state *ids = na_feed_state_new(0);
    for (size_t i = 0; i < doc->n; i++) {
        na_article *a = doc->items[i];
        doc->items[i] = NULL;
        /* Touched: an id stays known as long as the feed lists it, however long the feed. */
        if (na_feed_state_touch(p->state, f->url, a->id, now) || !ids ||
            na_feed_state_seen(ids, "", a->id) || na_feed_state_mark(ids, "", a->id, now)) {
            na_article_destroy(a);
            continue;
        }
        fresh++;
        if (p->o.fetch_articles && a->url && start(p, f, a) == 0)
            f->pending++;
        else
            offer(p, f, a);
    }
    size_t known = na_feed_state_count(p->state, f->url);
    if (na_feed_state_prune(p->state, f->url, now) == 0 &&
        na_feed_state_count(p->state, f->url) != known)
        p->state_dirty = 1;
    /* Logged on the first poll only: the same document repeats them every time. */
    for (size_t i = 0; i < doc->skips.n && !f->validated; i++)
        na_info("feed", "%s", doc->skips.items[i]);
    f->validated = 1;
    f->took_document = 1;
    na_debug("feed", "%s: %zu items, %zu new, %zu skipped", f->url, doc->n, fresh, doc->skips.n);
    na_feed_doc_destroy(doc);
    na_feed_state_destroy(ids);
    free(f->etag);
    free(f->last_modified);
    f->etag = x->etag;
    f->last_modified = x->last_modified;
    x->etag = x->last_modified = NULL;
    succeeded(p, f);
}

static void feed_done(na_feed_poller *p, xfer *x, CURLcode code)
{
    feed *f = x->f;
    long status = 0;
    char *base = NULL, why[CURL_ERROR_SIZE + 64];
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &base);
    f->emit_failed = 0;
    f->took_document = 0;
    na_metrics_inc(NA_M_P_FEED_POLLS,
                   code != CURLE_OK                ? "transport_error"
                   : status == 304                 ? "not_modified"
                   : status >= 200 && status < 300 ? "ok"
                                                   : "http_error",
                   NULL);
    if (code != CURLE_OK) {
        snprintf(why, sizeof why, "%s",
                 code == CURLE_WRITE_ERROR ? "response body too large" : curl_easy_strerror(code));
        failed(p, f, why, -1);
    } else if (status == 304) {
        na_debug("feed", "%s: not modified", f->url);
        succeeded(p, f);
    } else if (status >= 200 && status < 300) {
        take_items(p, f, x, base);
    } else {
        double ra = (status == 429 || status == 503)
                        ? na_feed_retry_after(x->retry_after, na_clock_wall_ms())
                        : -1;
        snprintf(why, sizeof why, "HTTP %ld", status);
        failed(p, f, why, ra);
    }
    poll_done(p, f);
}

static void article_done(na_feed_poller *p, xfer *x, CURLcode code)
{
    feed *f = x->f;
    na_article *a = x->article;
    x->article = NULL;
    long status = 0;
    char *ctype = NULL, err[512];
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ctype);
    const char *cs = ctype ? strstr(ctype, "charset=") : NULL;
    char charset[64] = "";
    if (cs)
        snprintf(charset, sizeof charset, "%.*s", (int)strcspn(cs + 8, " ;\""), cs + 8);
    na_strlist paras = {0};
    if (x->refused[0]) {
        na_warn("feed", "%s: page not fetched: %s refused (--allow-private-hosts allows it)",
                a->url, x->refused);
    } else if (code != CURLE_OK || status < 200 || status >= 300) {
        na_debug("feed", "%s: page not fetched (%s, HTTP %ld); keeping the feed's text", a->url,
                 curl_easy_strerror(code), status);
    } else if (na_html_extract(x->body ? x->body : "", x->n, charset[0] ? charset : NULL, a->url,
                               &paras, err, sizeof err)) {
        na_debug("feed", "%s; keeping the feed's text", err);
    } else {
        na_strlist_clear(&a->paragraphs);
        a->paragraphs = paras;
        paras = (na_strlist){0};
    }
    na_strlist_clear(&paras);
    offer(p, f, a);
    f->pending--;
    poll_done(p, f);
}

static void save_state(na_feed_poller *p)
{
    char err[512];
    if (!p->state_dirty || !p->o.state_path || p->o.read_only_state)
        return;
    if (na_feed_state_save(p->state, p->o.state_path, err, sizeof err))
        na_err("feed", "%s", err);
    else
        p->state_dirty = 0;
}

static int all_polled(const na_feed_poller *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (!p->feeds[i]->polled || p->feeds[i]->busy)
            return 0;
    return 1;
}

/* Starts the feeds that are due; returns the ms until the next one is (at most MAX_WAIT_MS). */
static int start_due(na_feed_poller *p, int once)
{
    int64_t now = na_clock_wall_ms(), wait = MAX_WAIT_MS;
    for (size_t i = 0; i < p->n; i++) {
        feed *f = p->feeds[i];
        if (f->busy || (once && f->polled))
            continue;
        if (once || f->next_ms <= now) {
            if (start(p, f, NULL) == 0)
                f->busy = 1;
            else
                failed(p, f, "cannot start a transfer", -1);
        } else if (f->next_ms - now < wait) {
            wait = f->next_ms - now;
        }
    }
    return (int)wait;
}

static const feed *find_feed(const na_feed_poller *p, const char *url)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->feeds[i]->url, url) == 0)
            return p->feeds[i];
    return NULL;
}

size_t na_feed_poller_count(const na_feed_poller *p)
{
    return p->n;
}

double na_feed_poller_wait(const na_feed_poller *p, const char *url)
{
    const feed *f = find_feed(p, url);
    return f ? (double)(f->next_ms - na_clock_wall_ms()) / 1000.0 : -1;
}

unsigned na_feed_poller_failures(const na_feed_poller *p, const char *url)
{
    const feed *f = find_feed(p, url);
    return f ? f->failures : 0;
}

int na_feed_poller_run(na_feed_poller *p, volatile sig_atomic_t *stop, void (*tick)(void *),
                       void *tick_ud)
{
    for (size_t i = 0; i < p->n; i++)
        p->feeds[i]->polled = 0;
    while (!(stop && *stop)) {
        int wait = start_due(p, p->o.once);
        int running;
        curl_multi_perform(p->multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(p->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            xfer *x = NULL;
            CURLcode code = m->data.result;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            if (x->article)
                article_done(p, x, code);
            else
                feed_done(p, x, code);
            finish(p, x);
        }
        save_state(p);
        if (tick)
            tick(tick_ud);
        if (p->o.once && all_polled(p))
            break;
        curl_multi_poll(p->multi, NULL, 0, wait > 0 ? wait : 0, NULL);
    }
    save_state(p);
    if (p->o.once)
        for (size_t i = 0; i < p->n; i++)
            if (p->feeds[i]->last_error || p->feeds[i]->emit_failed)
                return NA_EHTTP;
    return NA_OK;
}
