/*
 * A webhook receiver for the delivery tests and benchmark (libmicrohttpd, loopback):
 * answers 200, or fails a share of requests with 500 or 429 + Retry-After, stalls some,
 * or answers one fixed status; logs every request as a JSON line (with its arrival time "t",
 * Unix seconds) when asked.
 *
 *   bench_delivery_receiver [--fail-pct N] [--stall-pct N] [--stall-ms N] [--status N]
 *                           [--retry-after S] [--log FILE] [--port N]
 *
 * Prints the port it listens on, then serves until SIGINT or SIGTERM.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>

#define BODY_MAX (1u << 20)

typedef struct opts {
    int fail_pct, stall_pct, stall_ms, status;
    const char *retry_after;
    FILE *log;
} opts;

typedef struct conn {
    char *body;
    size_t len;
} conn;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long n_requests, n_failed, n_stalled;
static unsigned rng_state = 12345;

static void put_json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? v : "";
}

/* Decides this request's fate under the lock: the status to answer and whether to stall. */
static unsigned decide(const opts *o, int *stall)
{
    pthread_mutex_lock(&mu);
    n_requests++;
    unsigned r = (unsigned)rand_r(&rng_state) % 100, s = (unsigned)rand_r(&rng_state) % 100;
    *stall = (int)s < o->stall_pct;
    unsigned status = o->status ? (unsigned)o->status : 200;
    if (!o->status && (int)r < o->fail_pct) {
        status = r % 2 ? 500 : 429;
        n_failed++;
    }
    n_stalled += (unsigned long)*stall;
    pthread_mutex_unlock(&mu);
    return status;
}

static void log_request(const opts *o, struct MHD_Connection *c, const conn *k, unsigned status,
                        int stall)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    pthread_mutex_lock(&mu);
    fprintf(o->log, "{\"t\":%.3f,\"status\":%u,\"stalled\":%s,\"id\":",
            (double)now.tv_sec + now.tv_nsec / 1e9, status, stall ? "true" : "false");
    const char *names[] = {"webhook-id", "webhook-timestamp", "webhook-signature"};
    const char *keys[] = {"id", "timestamp", "signature"};
    for (int i = 0; i < 3; i++) {
        if (i)
            fprintf(o->log, ",\"%s\":", keys[i]);
        const char *v = header(c, names[i]);
        put_json_string(o->log, v, strlen(v));
    }
    fprintf(o->log, ",\"body\":");
    put_json_string(o->log, k->body ? k->body : "", k->len);
    fprintf(o->log, "}\n");
    fflush(o->log);
    pthread_mutex_unlock(&mu);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    const opts *o = cls;
    conn *k = *state;
    if (!k) {
        *state = calloc(1, sizeof(conn));
        return *state ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        if (k->len + *upload_size > BODY_MAX)
            return MHD_NO;
        char *b = realloc(k->body, k->len + *upload_size + 1);
        if (!b)
            return MHD_NO;
        memcpy(b + k->len, upload, *upload_size);
        k->len += *upload_size;
        b[k->len] = '\0';
        k->body = b;
        *upload_size = 0;
        return MHD_YES;
    }
    int stall = 0;
    unsigned status = decide(o, &stall);
    if (o->log)
        log_request(o, c, k, status, stall);
    if (stall)
        usleep((useconds_t)o->stall_ms * 1000);
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (status == 429 || status == 503)
        MHD_add_response_header(resp, "Retry-After", o->retry_after);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode code)
{
    conn *k = *state;
    if (k)
        free(k->body);
    free(k);
    *state = NULL;
}

int main(int argc, char **argv)
{
    opts o = {.stall_ms = 2000, .retry_after = "1"};
    unsigned port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--fail-pct"))
            o.fail_pct = atoi(v);
        else if (!strcmp(a, "--stall-pct"))
            o.stall_pct = atoi(v);
        else if (!strcmp(a, "--stall-ms"))
            o.stall_ms = atoi(v);
        else if (!strcmp(a, "--status"))
            o.status = atoi(v);
        else if (!strcmp(a, "--retry-after"))
            o.retry_after = v;
        else if (!strcmp(a, "--port"))
            port = (unsigned)atoi(v);
        else if (!strcmp(a, "--log") && !(o.log = fopen(v, "w"))) {
            perror(v);
            return 2;
        } else if (strcmp(a, "--log")) {
            fprintf(stderr, "bench_delivery_receiver: unknown option %s\n", a);
            return 2;
        }
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* every thread inherits it; main waits below */
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, handle, &o, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bench_delivery_receiver: cannot listen\n");
        return 1;
    }
    printf("%u\n", MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    fprintf(stderr, "receiver: %lu requests, %lu failed on purpose, %lu stalled\n", n_requests,
            n_failed, n_stalled);
    if (o.log)
        fclose(o.log);
    return 0;
}
