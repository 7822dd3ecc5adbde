/* The destinations config: strict JSON with positions in every message, secrets resolved. */
#include "config/destinations.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "format/format.h"
#include "newsalert/error.h"
#include "newsalert/json_pos.h"

#define MAX_DEPTH 8
#define MAX_SECRET_FILE (64 * 1024)

typedef struct ctx {
    const char *name, *dir, *text;
    size_t len;
    const char *path[MAX_DEPTH];
    size_t depth;
    char *errstr;
    size_t errlen;
} ctx;

/* Appends one JSON Pointer segment ("~" and "/" escaped) to buf. */
static void pointer_add(char *buf, size_t n, const char *seg)
{
    size_t o = strlen(buf);
    if (o + 1 < n)
        buf[o++] = '/';
    for (; *seg && o + 2 < n; seg++) {
        if (*seg == '~' || *seg == '/') {
            buf[o++] = '~';
            buf[o++] = *seg == '~' ? '0' : '1';
        } else {
            buf[o++] = *seg;
        }
    }
    buf[o] = '\0';
}

/* Writes "name:line:column: message" for the member at the current path plus key (or NULL). */
__attribute__((format(printf, 3, 4))) static int fail(ctx *c, const char *key, const char *fmt, ...)
{
    char pointer[1024] = "";
    for (size_t i = 0; i < c->depth; i++)
        pointer_add(pointer, sizeof pointer, c->path[i]);
    if (key)
        pointer_add(pointer, sizeof pointer, key);
    int line = 1, col = 1;
    na_jpos *pos = na_jpos_scan(c->text, c->len);
    na_jpos_find(pos, pointer, 1, &line, &col);
    na_jpos_destroy(pos);
    int n = snprintf(c->errstr, c->errlen, "%s:%d:%d: ", c->name, line, col);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->errstr + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return NA_EINVAL;
}

/* Rejects members of o not in allowed (NULL-terminated). */
static int check_keys(ctx *c, json_t *o, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k))
            i++;
        if (!allowed[i])
            return fail(c, k, "unknown key \"%s\"", k);
    }
    return NA_OK;
}

static int expect_object(ctx *c, json_t *v, const char *key)
{
    return json_is_object(v) ? NA_OK : fail(c, key, "\"%s\" must be an object", key);
}

static char *read_small_file(const char *path, size_t max, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    fclose(f);
    if (!buf || n > max) {
        free(buf);
        *err = buf ? EFBIG : ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* A string, or {"env": NAME}, or {"file": path}: the resolved value in *out (malloc'd). */
static int secret_value(ctx *c, json_t *v, const char *key, char **out)
{
    if (json_is_string(v)) {
        *out = strdup(json_string_value(v));
        return *out ? NA_OK : NA_ENOMEM;
    }
    if (!json_is_object(v) || json_object_size(v) != 1)
        return fail(c, key, "\"%s\" must be a string, {\"env\": NAME} or {\"file\": PATH}", key);
    c->path[c->depth++] = key;
    json_t *env = json_object_get(v, "env"), *file = json_object_get(v, "file");
    int rc = NA_OK;
    if (env && json_is_string(env)) {
        const char *val = getenv(json_string_value(env));
        if (!val || !*val)
            rc = fail(c, "env", "environment variable %s is not set", json_string_value(env));
        else if (!(*out = strdup(val)))
            rc = NA_ENOMEM;
    } else if (file && json_is_string(file)) {
        const char *p = json_string_value(file);
        char full[4096];
        if (p[0] != '/' && c->dir)
            snprintf(full, sizeof full, "%s/%s", c->dir, p);
        else
            snprintf(full, sizeof full, "%s", p);
        int err = 0;
        *out = read_small_file(full, MAX_SECRET_FILE, &err);
        if (!*out) {
            rc = fail(c, "file", "%s: %s", full, strerror(err));
        } else {
            size_t n = strlen(*out);
            while (n && strchr("\r\n \t", (*out)[n - 1]))
                (*out)[--n] = '\0';
        }
    } else {
        const char *k = json_object_iter_key(json_object_iter(v));
        rc = fail(c, k, "expected \"env\" or \"file\" with a string value");
    }
    c->depth--;
    return rc;
}

static int number(ctx *c, json_t *o, const char *key, double lo, double hi, double *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return NA_OK;
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
        return fail(c, key, "\"%s\" must be a number from %g to %g", key, lo, hi);
    *out = json_number_value(v);
    return NA_OK;
}

static int parse_rate(ctx *c, json_t *o, na_destination *d)
{
    static const char *const keys[] = {"per_second", "burst", NULL};
    int rc = check_keys(c, o, keys);
    if (!rc)
        rc = number(c, o, "per_second", 0, 1e6, &d->rate_per_s);
    if (!rc)
        rc = number(c, o, "burst", 1, 1e6, &d->burst);
    return rc;
}

static int parse_retry(ctx *c, json_t *o, na_destination *d)
{
    static const char *const keys[] = {"max_attempts", "max_age_s", "initial_backoff_ms",
                                       "max_backoff_ms", NULL};
    double attempts = d->max_attempts, age = (double)d->max_age_ms / 1000;
    double initial = (double)d->initial_backoff_ms, max = (double)d->max_backoff_ms;
    int rc = check_keys(c, o, keys);
    if (!rc)
        rc = number(c, o, "max_attempts", 0, 1e6, &attempts);
    if (!rc)
        rc = number(c, o, "max_age_s", 1, 30 * 86400, &age);
    if (!rc)
        rc = number(c, o, "initial_backoff_ms", 1, 3600e3, &initial);
    if (!rc)
        rc = number(c, o, "max_backoff_ms", 1, 3600e3, &max);
    if (!rc && max < initial)
        rc = fail(c, "max_backoff_ms", "\"max_backoff_ms\" is below \"initial_backoff_ms\"");
    d->max_attempts = (int)attempts;
    d->max_age_ms = (int64_t)(age * 1000);
    d->initial_backoff_ms = (int64_t)initial;
    d->max_backoff_ms = (int64_t)max;
    return rc;
}

/* Header names are tokens and values one line, so a config cannot smuggle extra headers. */
static int parse_headers(ctx *c, json_t *o, na_destination *d)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (!*k || k[strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")])
            return fail(c, k, "bad header name \"%s\"", k);
        char *val = NULL;
        int rc = secret_value(c, v, k, &val);
        if (rc)
            return rc;
        if (strpbrk(val, "\r\n")) {
            free(val);
            return fail(c, k, "header \"%s\": value must be one line", k);
        }
        size_t n = strlen(k) + strlen(val) + 3;
        char *line = malloc(n);
        if (line)
            snprintf(line, n, "%s: %s", k, val);
        free(val);
        if (!line || na_strlist_push_owned(&d->headers, line)) {
            free(line);
            return NA_ENOMEM;
        }
    }
    return NA_OK;
}

static int parse_secret(ctx *c, json_t *v, na_destination *d)
{
    char *s = NULL;
    int rc = secret_value(c, v, "secret", &s);
    if (rc)
        return rc;
    const char *b64 = strncmp(s, "whsec_", 6) ? NULL : s + 6;
    size_t n = b64 ? strlen(b64) : 0;
    if (!b64 || !n || n % 4) {
        free(s);
        return fail(c, "secret", "\"secret\" must be \"whsec_\" followed by base64");
    }
    size_t pad = (size_t)(b64[n - 1] == '=') + (size_t)(b64[n - 2] == '=');
    d->key = malloc(n / 4 * 3 + 1);
    int got = d->key ? EVP_DecodeBlock(d->key, (const unsigned char *)b64, (int)n) : -1;
    OPENSSL_cleanse(s, strlen(s));
    free(s);
    if (got <= (int)pad)
        return fail(c, "secret", "\"secret\": bad base64 after \"whsec_\"");
    d->key_len = (size_t)got - pad;
    return NA_OK;
}

static void set_defaults(na_destination *d)
{
    static const double rate[] = {1, 0.5, 1, 0}, burst[] = {3, 5, 3, 100};
    d->rate_per_s = rate[d->type];
    d->burst = burst[d->type];
    d->max_attempts = 0;           /* no count limit: the age decides */
    d->max_age_ms = 6 * 3600000LL; /* a receiver may be down for hours */
    d->initial_backoff_ms = 500;
    d->max_backoff_ms = 60000;
    d->timeout_ms = 10000;
    d->connect_timeout_ms = 3000;
}

static int parse_type(ctx *c, json_t *o, na_destination *d)
{
    json_t *t = json_object_get(o, "type");
    if (!t)
        return fail(c, NULL, "destination \"%s\": missing \"type\"", d->name);
    for (int i = NA_DEST_SLACK; i <= NA_DEST_GENERIC; i++)
        if (json_is_string(t) && !strcmp(json_string_value(t), na_dest_type_name(i))) {
            d->type = (na_dest_type)i;
            return NA_OK;
        }
    return fail(c, "type", "\"type\" must be \"slack\", \"discord\", \"teams\" or \"generic\"");
}

/* The URL as curl will parse it when sending: rejected here rather than retried for hours. */
static int check_url(ctx *c, const na_destination *d)
{
    if (strncmp(d->url, "http://", 7) && strncmp(d->url, "https://", 8))
        return fail(c, "url", "destination \"%s\": \"url\" must be http:// or https://", d->name);
    if (strpbrk(d->url, " \t\r\n"))
        return fail(c, "url", "destination \"%s\": \"url\" has a space or a line break", d->name);
    CURLU *h = curl_url();
    char *host = NULL;
    CURLUcode uc = h ? curl_url_set(h, CURLUPART_URL, d->url, 0) : CURLUE_OUT_OF_MEMORY;
    if (!uc)
        uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
    int empty = !uc && !*host;
    curl_free(host);
    curl_url_cleanup(h);
    if (uc == CURLUE_OUT_OF_MEMORY)
        return NA_ENOMEM;
    if (uc) /* curl's reason only: the URL is a secret */
        return fail(c, "url", "destination \"%s\": \"url\" is not a valid URL (%s)", d->name,
                    curl_url_strerror(uc));
    if (empty)
        return fail(c, "url", "destination \"%s\": \"url\" has no host", d->name);
    return NA_OK;
}

static int parse_url(ctx *c, json_t *o, na_destination *d)
{
    json_t *u = json_object_get(o, "url");
    if (!u)
        return fail(c, NULL, "destination \"%s\": missing \"url\"", d->name);
    int rc = secret_value(c, u, "url", &d->url);
    if (rc)
        return rc;
    return check_url(c, d);
}

static int parse_template(ctx *c, json_t *v, na_destination *d)
{
    if (!json_is_string(v))
        return fail(c, "template", "\"template\" must be a string");
    char bad[64];
    if (na_format_template_check(json_string_value(v), bad, sizeof bad))
        return fail(c, "template", "unknown placeholder {{%s}}", bad);
    d->template_text = strdup(json_string_value(v));
    return d->template_text ? NA_OK : NA_ENOMEM;
}

static int parse_destination(ctx *c, json_t *o, na_destination *d)
{
    static const char *const keys[] = {"type",    "url",        "headers",
                                       "secret",  "template",   "rate_limit",
                                       "retry",   "timeout_ms", "connect_timeout_ms",
                                       "default", NULL};
    int rc = check_keys(c, o, keys);
    if (!rc)
        rc = parse_type(c, o, d);
    if (rc)
        return rc;
    set_defaults(d);
    double timeout = (double)d->timeout_ms, connect = (double)d->connect_timeout_ms;
    json_t *v;
    rc = parse_url(c, o, d);
    if (!rc && (v = json_object_get(o, "headers")))
        rc = expect_object(c, v, "headers");
    if (!rc && v) {
        c->path[c->depth++] = "headers";
        rc = parse_headers(c, v, d);
        c->depth--;
    }
    if (!rc && (v = json_object_get(o, "secret")))
        rc = parse_secret(c, v, d);
    if (!rc && (v = json_object_get(o, "template")))
        rc = parse_template(c, v, d);
    if (!rc && (v = json_object_get(o, "rate_limit")) &&
        !(rc = expect_object(c, v, "rate_limit"))) {
        c->path[c->depth++] = "rate_limit";
        rc = parse_rate(c, v, d);
        c->depth--;
    }
    if (!rc && (v = json_object_get(o, "retry")) && !(rc = expect_object(c, v, "retry"))) {
        c->path[c->depth++] = "retry";
        rc = parse_retry(c, v, d);
        c->depth--;
    }
    if (!rc)
        rc = number(c, o, "timeout_ms", 1, 3600e3, &timeout);
    if (!rc)
        rc = number(c, o, "connect_timeout_ms", 1, 3600e3, &connect);
    d->timeout_ms = (long)timeout;
    d->connect_timeout_ms = (long)connect;
    if (!rc && (v = json_object_get(o, "default"))) {
        if (!json_is_boolean(v))
            return fail(c, "default", "\"default\" must be true or false");
        d->is_default = json_is_true(v);
    }
    return rc;
}

static int parse_delivery(ctx *c, json_t *o, na_destinations *cfg)
{
    static const char *const keys[] = {"max_in_flight", "shutdown_grace_s", "queue_per_destination",
                                       "park_after_s", NULL};
    double in_flight = cfg->max_in_flight, grace = cfg->shutdown_grace_s;
    double queue = (double)cfg->queue_per_destination, park = cfg->park_after_s;
    c->path[c->depth++] = "delivery";
    int rc = check_keys(c, o, keys);
    if (!rc)
        rc = number(c, o, "max_in_flight", 1, 10000, &in_flight);
    if (!rc)
        rc = number(c, o, "shutdown_grace_s", 0, 3600, &grace);
    if (!rc)
        rc = number(c, o, "queue_per_destination", 1, 1e6, &queue);
    if (!rc)
        rc = number(c, o, "park_after_s", 1, 86400, &park);
    c->depth--;
    cfg->queue_per_destination = (size_t)queue;
    cfg->park_after_s = (int)park;
    cfg->max_in_flight = (int)in_flight;
    cfg->shutdown_grace_s = (int)grace;
    return rc;
}

static int parse_root(ctx *c, json_t *root, na_destinations *cfg)
{
    static const char *const keys[] = {"destinations", "delivery", "dead_letter_topic",
                                       "retry_topic", NULL};
    if (!json_is_object(root))
        return fail(c, NULL, "the config must be a JSON object");
    int rc = check_keys(c, root, keys);
    json_t *dests = json_object_get(root, "destinations"), *v;
    if (!rc && !dests)
        rc = fail(c, NULL, "missing \"destinations\"");
    if (!rc)
        rc = expect_object(c, dests, "destinations");
    if (!rc && !json_object_size(dests))
        rc = fail(c, "destinations", "\"destinations\" is empty");
    if (!rc && (v = json_object_get(root, "delivery")) && !(rc = expect_object(c, v, "delivery")))
        rc = parse_delivery(c, v, cfg);
    if (!rc && (v = json_object_get(root, "dead_letter_topic"))) {
        if (!json_is_string(v) || !*json_string_value(v))
            rc = fail(c, "dead_letter_topic", "\"dead_letter_topic\" must be a topic name");
        else
            rc = na_article_set(&cfg->dlq_topic, json_string_value(v));
    }
    if (!rc && (v = json_object_get(root, "retry_topic"))) {
        if (!json_is_string(v) || !*json_string_value(v))
            rc = fail(c, "retry_topic", "\"retry_topic\" must be a topic name");
        else
            rc = na_article_set(&cfg->retry_topic, json_string_value(v));
    }
    if (rc)
        return rc;
    cfg->items = calloc(json_object_size(dests), sizeof *cfg->items);
    if (!cfg->items)
        return NA_ENOMEM;
    const char *name;
    json_object_foreach(dests, name, v)
    {
        na_destination *d = &cfg->items[cfg->n++];
        if (!(d->name = strdup(name)))
            return NA_ENOMEM;
        c->path[c->depth++] = "destinations";
        rc = expect_object(c, v, name);
        c->path[c->depth++] = name;
        if (!rc)
            rc = parse_destination(c, v, d);
        c->depth -= 2;
        if (rc)
            return rc;
    }
    return NA_OK;
}

na_destinations *na_destinations_parse(const char *text, size_t len, const char *name,
                                       const char *dir, char *errstr, size_t errlen)
{
    ctx c = {
        .name = name, .dir = dir, .text = text, .len = len, .errstr = errstr, .errlen = errlen};
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        char *near = strstr(jerr.text, " near '"); /* the token quoted may be a secret URL */
        if (near)
            *near = '\0';
        snprintf(errstr, errlen, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    na_destinations *cfg = calloc(1, sizeof *cfg);
    int rc = cfg ? NA_OK : NA_ENOMEM;
    if (cfg) {
        cfg->max_in_flight = 64;
        cfg->shutdown_grace_s = 10;
        rc = na_article_set(&cfg->dlq_topic, "news.alerts.dlq");
        if (!rc)
            rc = na_article_set(&cfg->retry_topic, "news.alerts.retry");
        cfg->queue_per_destination = 4096;
        cfg->park_after_s = 30;
    }
    if (!rc)
        rc = parse_root(&c, root, cfg);
    json_decref(root);
    if (rc) {
        if (rc == NA_ENOMEM)
            snprintf(errstr, errlen, "%s: out of memory", name);
        na_destinations_destroy(cfg);
        return NULL;
    }
    return cfg;
}

na_destinations *na_destinations_load(const char *path, char *errstr, size_t errlen)
{
    int err = 0;
    char *text = read_small_file(path, 4u << 20, &err);
    if (!text) {
        snprintf(errstr, errlen, "%s: %s", path, strerror(err));
        return NULL;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    na_destinations *cfg = na_destinations_parse(text, strlen(text), path, dir, errstr, errlen);
    free(text);
    return cfg;
}

void na_destinations_destroy(na_destinations *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        na_destination *d = &c->items[i];
        free(d->name);
        free(d->url);
        na_strlist_clear(&d->headers);
        if (d->key)
            OPENSSL_cleanse(d->key, d->key_len);
        free(d->key);
        free(d->template_text);
    }
    free(c->items);
    free(c->dlq_topic);
    free(c->retry_topic);
    free(c);
}

const na_destination *na_destinations_find(const na_destinations *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->items[i].name, name))
            return &c->items[i];
    return NULL;
}

const char *na_dest_type_name(na_dest_type t)
{
    static const char *const names[] = {"slack", "discord", "teams", "generic"};
    return (unsigned)t < 4 ? names[t] : "?";
}

void na_destinations_redact_url(const char *url, char *buf, size_t n)
{
    const char *p = strstr(url, "://");
    if (!p) {
        snprintf(buf, n, "(url)");
        return;
    }
    const char *host = p + 3, *at = NULL;
    size_t hl = strcspn(host, "/?#");
    for (size_t i = 0; i < hl; i++)
        if (host[i] == '@')
            at = host + i;
    if (at) {
        hl -= (size_t)(at + 1 - host);
        host = at + 1;
    }
    snprintf(buf, n, "%.*s://%.*s/…", (int)(p - url), url, (int)hl, host);
}
