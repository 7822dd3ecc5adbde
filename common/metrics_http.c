/* The metrics, health and readiness endpoints on libmicrohttpd. */
#include "newsalert/metrics_http.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "newsalert/log.h"
#include "newsalert/metrics.h"

struct na_metrics_http {
    struct MHD_Daemon *mhd;
    unsigned port;
};

static struct {
    pthread_mutex_t mu;
    int ready;
    char why[256];
} health = {PTHREAD_MUTEX_INITIALIZER, 0, "starting"};

void na_health_set(int ready, const char *reason)
{
    pthread_mutex_lock(&health.mu);
    health.ready = ready;
    snprintf(health.why, sizeof health.why, "%s", ready ? "ready" : reason ? reason : "not ready");
    pthread_mutex_unlock(&health.mu);
}

int na_health_get(char *why, size_t len)
{
    pthread_mutex_lock(&health.mu);
    int r = health.ready;
    if (why && len)
        snprintf(why, len, "%s", health.why);
    pthread_mutex_unlock(&health.mu);
    return r;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                             char *body, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE); /* owns body */
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned status, const char *s)
{
    char *body = strdup(s);
    return body ? reply(c, status, "text/plain; charset=utf-8", body, strlen(body)) : MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_len, void **state)
{
    (void)cls, (void)version, (void)data, (void)data_len, (void)state;
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only\n");
    if (strcmp(url, "/metrics") == 0) {
        size_t len;
        char *body = na_metrics_render(&len);
        if (!body)
            return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
        return reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", body, len);
    }
    if (strcmp(url, "/healthz") == 0)
        return text(c, MHD_HTTP_OK, "ok\n");
    if (strcmp(url, "/readyz") == 0) {
        char why[300];
        int ready = na_health_get(why, sizeof why - 1);
        strcat(why, "\n");
        return text(c, ready ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, why);
    }
    return text(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics, /healthz or /readyz\n");
}

/* Splits "HOST:PORT" or "[V6]:PORT" and resolves it (numeric or a name). */
static struct addrinfo *resolve(const char *addr, char *errstr, size_t errlen)
{
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (!colon || colon == addr || !colon[1]) {
        snprintf(errstr, errlen, "--metrics-addr %s: expected HOST:PORT", addr);
        return NULL;
    }
    const char *h = addr;
    size_t hl = (size_t)(colon - addr);
    if (*h == '[' && hl >= 2 && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl >= sizeof host) {
        snprintf(errstr, errlen, "--metrics-addr %s: host too long", addr);
        return NULL;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc) {
        snprintf(errstr, errlen, "--metrics-addr %s: %s", addr, gai_strerror(rc));
        return NULL;
    }
    return res;
}

na_metrics_http *na_metrics_http_new(const char *addr, char *errstr, size_t errlen)
{
    struct addrinfo *ai = resolve(addr, errstr, errlen);
    if (!ai)
        return NULL;
    na_metrics_http *h = calloc(1, sizeof *h);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (h)
        h->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
                                  ai->ai_addr, MHD_OPTION_CONNECTION_LIMIT, (unsigned)32,
                                  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!h || !h->mhd) {
        snprintf(errstr, errlen, "--metrics-addr %s: cannot listen (address in use?)", addr);
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_BIND_PORT);
    h->port = di ? di->port : 0;
    na_info("metrics", "serving /metrics, /healthz and /readyz on %s (port %u)", addr, h->port);
    return h;
}

void na_metrics_http_destroy(na_metrics_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->mhd);
    free(h);
}

unsigned na_metrics_http_port(const na_metrics_http *h)
{
    return h->port;
}
