/*
 * The webhook receiver of bench/e2e (libmicrohttpd, loopback): answers 200 to every POST and
 * notes when it arrived and the "event_id" it names; on SIGINT/SIGTERM writes "ID NS" lines.
 */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>

#include "e2e.h"

#define BODY_MAX (1u << 20)
#define ID_MAX 64

typedef struct seen {
    char id[ID_MAX];
    int64_t ns;
} seen;

typedef struct sink {
    pthread_mutex_t mu;
    seen *rows;
    size_t n, cap;
} sink;

typedef struct body {
    char *buf;
    size_t len;
} body;

static void note(sink *s, const body *b, int64_t ns)
{
    static const char key[] = "\"event_id\":\"";
    const char *p = b->buf ? strstr(b->buf, key) : NULL;
    pthread_mutex_lock(&s->mu);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 65536;
        s->rows = realloc(s->rows, s->cap * sizeof *s->rows);
    }
    seen *r = &s->rows[s->n++];
    r->ns = ns;
    snprintf(r->id, sizeof r->id, "-");
    if (p) {
        p += sizeof key - 1;
        size_t len = strcspn(p, "\"");
        snprintf(r->id, sizeof r->id, "%.*s", (int)(len < ID_MAX - 1 ? len : ID_MAX - 1), p);
    }
    pthread_mutex_unlock(&s->mu);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **state)
{
    body *b = *state;
    if (!b) {
        *state = b = calloc(1, sizeof *b);
        return b ? MHD_YES : MHD_NO;
    }
    if (*size) {
        if (b->len + *size > BODY_MAX)
            return MHD_NO;
        char *grown = realloc(b->buf, b->len + *size + 1);
        if (!grown)
            return MHD_NO;
        b->buf = grown;
        memcpy(b->buf + b->len, data, *size);
        b->buf[b->len += *size] = '\0';
        *size = 0;
        return MHD_YES;
    }
    note(cls, b, na_e2e_now_ns());
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode code)
{
    body *b = *state;
    if (b)
        free(b->buf);
    free(b);
    *state = NULL;
}

int na_e2e_receive(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_e2e receive LOG\n", stderr);
        return 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    static sink s = {.mu = PTHREAD_MUTEX_INITIALIZER};
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
                         NULL, NULL, handle, &s, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
    if (!d) {
        fputs("bench_e2e receive: cannot listen on 127.0.0.1\n", stderr);
        return 2;
    }
    printf("%u\n", MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    FILE *log = fopen(argv[1], "w");
    if (!log)
        return 2;
    for (size_t i = 0; i < s.n; i++)
        fprintf(log, "%s %" PRId64 "\n", s.rows[i].id, s.rows[i].ns);
    fclose(log);
    free(s.rows);
    return 0;
}
