/*
 * The Kafka ends of bench/e2e: a paced producer that stamps each record with its send time,
 * the floor (a bare consumer reading that stamp) and bare consume + jansson decode.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "e2e.h"

#define ID_MARK "@E2E_ID@"

/* An event split around its id, so each record gets a fresh id without a JSON round trip. */
typedef struct tmpl {
    char *pre, *post;
    size_t pre_len, post_len;
} tmpl;

static int load_templates(const char *path, tmpl **out, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, cnt = 0, alloc = 0, lineno = 0;
    ssize_t len;
    tmpl *t = NULL;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_error_t err;
        json_t *ev = json_loadb(line, (size_t)len, 0, &err);
        char *doc = NULL;
        if (!ev || json_object_set_new(ev, "id", json_string(ID_MARK)) ||
            !(doc = json_dumps(ev, JSON_COMPACT))) {
            fprintf(stderr, "%s:%zu: not an event: %s\n", path, lineno, err.text);
            json_decref(ev);
            continue;
        }
        json_decref(ev);
        char *mark = strstr(doc, ID_MARK);
        if (cnt == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            t = realloc(t, alloc * sizeof *t);
        }
        *mark = '\0';
        t[cnt].pre = doc;
        t[cnt].pre_len = strlen(doc);
        t[cnt].post = mark + strlen(ID_MARK);
        t[cnt].post_len = strlen(t[cnt].post);
        cnt++;
    }
    free(line);
    fclose(f);
    *out = t;
    *n = cnt;
    return cnt ? 0 : -1;
}

static rd_kafka_t *client(rd_kafka_type_t type, const char *brokers, const char *group, int argc,
                          char **argv)
{
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof errstr);
    if (group) {
        rd_kafka_conf_set(conf, "group.id", group, errstr, sizeof errstr);
        rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", errstr, sizeof errstr);
        rd_kafka_conf_set(conf, "enable.partition.eof", "true", errstr, sizeof errstr);
    } else {
        rd_kafka_conf_set(conf, "linger.ms", "0", errstr, sizeof errstr);
    }
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (rd_kafka_conf_set(conf, argv[i], eq + 1, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "-X %s: %s\n", argv[i], errstr);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "rd_kafka_new: %s\n", errstr);
        return NULL;
    }
    if (type == RD_KAFKA_CONSUMER)
        rd_kafka_poll_set_consumer(rk);
    return rk;
}

static int subscribe(rd_kafka_t *rk, const char *topic)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (err)
        fprintf(stderr, "subscribe %s: %s\n", topic, rd_kafka_err2str(err));
    return err ? -1 : 0;
}

/* Sends RATE records/s for SECONDS, record i at start + i/RATE, ids e2e-<i>, header "t". */
int na_e2e_produce(int argc, char **argv)
{
    if (argc < 7) {
        fputs("usage: bench_e2e produce BROKERS TOPIC EVENTS RATE SECONDS SENDLOG [k=v]...\n",
              stderr);
        return 2;
    }
    tmpl *t;
    size_t nt;
    if (load_templates(argv[3], &t, &nt))
        return 2;
    double rate = atof(argv[4]);
    long total = (long)(rate * atof(argv[5]));
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, argv[1], NULL, argc - 7, argv + 7);
    FILE *log = fopen(argv[6], "w");
    if (!rk || !log || rate <= 0)
        return 2;
    int64_t *sent = calloc((size_t)total + 1, sizeof *sent);
    char *buf = NULL;
    size_t cap = 0;
    long failed = 0;
    int64_t start = na_e2e_now_ns() + 1000000;
    for (long i = 0; i < total; i++) {
        const tmpl *e = &t[(size_t)i % nt];
        char id[32], stamp[24];
        int idlen = snprintf(id, sizeof id, "e2e-%ld", i);
        size_t len = e->pre_len + (size_t)idlen + e->post_len;
        if (len > cap)
            buf = realloc(buf, cap = len * 2);
        memcpy(buf, e->pre, e->pre_len);
        memcpy(buf + e->pre_len, id, (size_t)idlen);
        memcpy(buf + e->pre_len + idlen, e->post, e->post_len);
        int64_t due = start + (int64_t)((double)i * 1e9 / rate);
        struct timespec ts = {(time_t)(due / 1000000000), (long)(due % 1000000000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
        sent[i] = na_e2e_now_ns();
        snprintf(stamp, sizeof stamp, "%" PRId64, sent[i]);
        rd_kafka_resp_err_t err;
        while (
            (err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(argv[2]), RD_KAFKA_V_VALUE(buf, len),
                                     RD_KAFKA_V_KEY(id, idlen), RD_KAFKA_V_HEADER("t", stamp, -1),
                                     RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END)) ==
            RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 10);
        if (err)
            failed++;
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 30000);
    double late_s = (double)(na_e2e_now_ns() - start) / 1e9 - (double)total / rate;
    for (long i = 0; i < total; i++)
        fprintf(log, "%ld %" PRId64 "\n", i, sent[i]);
    fclose(log);
    fprintf(stderr, "produce: %ld records at %.0f/s, %ld failed, flushed %.3f s after schedule\n",
            total, rate, failed, late_s);
    rd_kafka_destroy(rk);
    free(sent);
    free(buf);
    for (size_t i = 0; i < nt; i++)
        free(t[i].pre);
    free(t);
    return failed ? 1 : 0;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* The floor: a bare consumer; latency = receipt - the "t" header, one line per record. With
 * "decode" after LATLOG, receipt is taken after jansson has parsed the record (the least any
 * consumer that reads the event's JSON pays). */
int na_e2e_floor(int argc, char **argv)
{
    if (argc < 6) {
        fputs("usage: bench_e2e floor BROKERS TOPIC GROUP COUNT LATLOG [decode]\n", stderr);
        return 2;
    }
    int decode = argc > 6 && !strcmp(argv[6], "decode");
    long want = atol(argv[4]), got = 0, bad = 0;
    FILE *log = fopen(argv[5], "w");
    rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, argv[1], argv[3], argc - 6, argv + 6);
    if (!log || !rk || subscribe(rk, argv[2]))
        return 2;
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    int64_t *lat = calloc((size_t)want + 1, sizeof *lat);
    long *idx = calloc((size_t)want + 1, sizeof *idx);
    while (!stop && got < want) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m)
            continue;
        if (decode && !m->err) {
            json_t *ev = json_loadb(m->payload, m->len, 0, NULL);
            bad += !json_string_value(json_object_get(json_object_get(ev, "data"), "headline"));
            json_decref(ev);
        }
        int64_t now = na_e2e_now_ns();
        rd_kafka_headers_t *h;
        const void *v;
        size_t vlen;
        if (!m->err && !rd_kafka_message_headers(m, &h) &&
            !rd_kafka_header_get_last(h, "t", &v, &vlen) && m->key) {
            char stamp[24] = {0}, key[32] = {0};
            memcpy(stamp, v, vlen < sizeof stamp - 1 ? vlen : sizeof stamp - 1);
            memcpy(key, m->key, m->key_len < sizeof key - 1 ? m->key_len : sizeof key - 1);
            idx[got] = atol(key + 4);
            lat[got++] = now - strtoll(stamp, NULL, 10);
        }
        rd_kafka_message_destroy(m);
    }
    for (long i = 0; i < got; i++)
        fprintf(log, "%ld %" PRId64 "\n", idx[i], lat[i]);
    fclose(log);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    free(lat);
    free(idx);
    if (bad)
        fprintf(stderr, "floor: %ld records are not events\n", bad);
    return bad ? 1 : 0;
}

/* Bare consume + jansson decode of a topic, from the beginning to the end of every partition. */
int na_e2e_decode(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: bench_e2e decode BROKERS TOPIC GROUP\n", stderr);
        return 2;
    }
    rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, argv[1], argv[3], argc - 4, argv + 4);
    if (!rk || subscribe(rk, argv[2]))
        return 2;
    long n = 0, bad = 0, paragraphs = 0;
    int eofs = 0, parts = -1;
    int64_t first = 0;
    double cpu0 = 0;
    while (parts < 0 || eofs < parts) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m)
            continue;
        if (parts < 0) {
            rd_kafka_topic_partition_list_t *a;
            if (!rd_kafka_assignment(rk, &a)) {
                parts = a->cnt ? a->cnt : -1;
                rd_kafka_topic_partition_list_destroy(a);
            }
            first = na_e2e_now_ns();
            cpu0 = na_e2e_cpu_s();
        }
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            eofs++;
        } else if (!m->err) {
            json_t *ev = json_loadb(m->payload, m->len, 0, NULL);
            json_t *data = json_object_get(ev, "data");
            if (!json_string_value(json_object_get(data, "headline")))
                bad++;
            paragraphs += (long)json_array_size(json_object_get(data, "paragraphs"));
            json_decref(ev);
            n++;
        }
        rd_kafka_message_destroy(m);
    }
    double wall = (double)(na_e2e_now_ns() - first) / 1e9, cpu = na_e2e_cpu_s() - cpu0;
    printf("{\"records\": %ld, \"bad\": %ld, \"paragraphs\": %ld, \"wall_s\": %.4f, "
           "\"cpu_s\": %.4f}\n",
           n, bad, paragraphs, wall, cpu);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return bad ? 1 : 0;
}
