/* The destinations config: one key table (jconf), JSON or YAML, secrets resolved. */
#include "config/destinations.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>

#include "format/format.h"
#include "newsalert/error.h"
#include "newsalert/file.h"
#include "newsalert/jconf.h"

#define MAX_SECRET_FILE (64 * 1024)
#define PTR_MAX 1024

typedef struct ctx {
    na_jconf *doc;
    const char *dir;
} ctx;

static const na_jconf_key rate_keys[] = {
    {"per_second", NA_JC_NUMBER, 0, 1e6, "per type", NA_JC_DOC_DEFAULT, NA_JS_DOUBLE,
     offsetof(na_destination, rate_per_s), 0, NULL,
     "token bucket refill per second; 0 = unlimited"},
    {"burst", NA_JC_NUMBER, 1, 1e6, "per type", NA_JC_DOC_DEFAULT, NA_JS_DOUBLE,
     offsetof(na_destination, burst), 0, NULL,
     "token bucket size: requests sent at once after a quiet spell"},
    {NULL}};

static const na_jconf_key retry_keys[] = {
    {"max_attempts", NA_JC_NUMBER, 0, 1e6, "0", 0, NA_JS_INT,
     offsetof(na_destination, max_attempts), 0, NULL,
     "attempts in all, the first included; 0 = no count limit, the age decides"},
    {"max_age_s", NA_JC_NUMBER, 1, 30 * 86400, "21600", 0, NA_JS_INT64,
     offsetof(na_destination, max_age_ms), 1000, NULL,
     "no attempt starts later than this after the first (or after parking)"},
    {"initial_backoff_ms", NA_JC_NUMBER, 1, 3600e3, "500", 0, NA_JS_INT64,
     offsetof(na_destination, initial_backoff_ms), 0, NULL, "backoff before the second attempt"},
    {"max_backoff_ms", NA_JC_NUMBER, 1, 3600e3, "60000", 0, NA_JS_INT64,
     offsetof(na_destination, max_backoff_ms), 0, NULL, "backoff ceiling"},
    {NULL}};

static const na_jconf_key digest_keys[] = {
    {"group_by", NA_JC_ARRAY, 0, 0, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL,
     "alert fields whose values make a group: rule, story, severity, outlet, event, key"},
    {"group_wait_s", NA_JC_NUMBER, 0, 86400, "30", 0, NA_JS_INT64,
     offsetof(na_destination, group_wait_ms), 1000, NULL,
     "how long a new group waits for more alerts before its first message"},
    {"group_interval_s", NA_JC_NUMBER, 0, 86400, "300", 0, NA_JS_INT64,
     offsetof(na_destination, group_interval_ms), 1000, NULL,
     "after a group's message, how long its next alerts wait for the next one"},
    {"max_alerts_per_message", NA_JC_NUMBER, 0, 1000, "0", 0, NA_JS_INT,
     offsetof(na_destination, max_alerts_per_message), 0, NULL,
     "alerts listed in one message, then another starts; 0 = the platform's most"},
    {"bypass_severity", NA_JC_STRING, 0, 0, "critical", 0, NA_JS_NONE, 0, 0, NULL,
     "alerts at or above it are sent alone at once: info, warning, critical or none"},
    {NULL}};

static const na_jconf_key dest_keys[] = {
    {"type", NA_JC_STRING, 0, 0, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL,
     "payload format: slack, discord, teams or generic"},
    {"url", NA_JC_STRING_OR_OBJECT, 0, 0, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL,
     "http:// or https:// webhook URL; a secret, never logged"},
    {"headers", NA_JC_OBJECT, 0, 0, NULL, NA_JC_MAP, NA_JS_NONE, 0, 0, NULL,
     "extra request headers, one line each; values may be secrets"},
    {"secret", NA_JC_STRING_OR_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, NULL,
     "Standard Webhooks signing secret, whsec_ + base64"},
    {"template", NA_JC_STRING, 0, 0, "per type", NA_JC_DOC_DEFAULT, NA_JS_NONE, 0, 0, NULL,
     "the message text, {{placeholders}}"},
    {"rate_limit", NA_JC_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, rate_keys,
     "token bucket per destination"},
    {"retry", NA_JC_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, retry_keys, "retries and backoff"},
    {"timeout_ms", NA_JC_NUMBER, 1, 3600e3, "10000", 0, NA_JS_LONG,
     offsetof(na_destination, timeout_ms), 0, NULL, "whole request"},
    {"connect_timeout_ms", NA_JC_NUMBER, 1, 3600e3, "3000", 0, NA_JS_LONG,
     offsetof(na_destination, connect_timeout_ms), 0, NULL, "TCP and TLS connect"},
    {"default", NA_JC_BOOLEAN, 0, 0, "false", 0, NA_JS_BOOL, offsetof(na_destination, is_default),
     0, NULL, "receives alerts of rules that name no destination"},
    {"min_severity", NA_JC_STRING, 0, 0, "info", 0, NA_JS_NONE, 0, 0, NULL,
     "alerts below it are not sent here: info, warning or critical"},
    {"digest", NA_JC_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, digest_keys,
     "one message per group of alerts (Alertmanager grouping)"},
    {NULL}};

static const na_jconf_key delivery_keys[] = {
    {"max_in_flight", NA_JC_NUMBER, 1, 10000, "64", 0, NA_JS_INT,
     offsetof(na_destinations, max_in_flight), 0, NULL,
     "concurrent requests over all destinations"},
    {"shutdown_grace_s", NA_JC_NUMBER, 0, 3600, "10", 0, NA_JS_INT,
     offsetof(na_destinations, shutdown_grace_s), 0, NULL,
     "how long SIGTERM waits for in-flight deliveries"},
    {"queue_per_destination", NA_JC_NUMBER, 1, 1e6, "4096", 0, NA_JS_LONG,
     offsetof(na_destinations, queue_per_destination), 0, NULL,
     "alerts waiting in memory per destination; more "
     "are parked in the retry topic"},
    {"park_after_s", NA_JC_NUMBER, 1, 86400, "30", 0, NA_JS_INT,
     offsetof(na_destinations, park_after_s), 0, NULL,
     "an alert waiting this long in memory for a retry "
     "is parked, so its record's offset moves"},
    {NULL}};

static const na_jconf_key root_keys[] = {
    {"destinations", NA_JC_OBJECT, 0, 0, NULL, NA_JC_REQUIRED | NA_JC_MAP, NA_JS_NONE, 0, 0,
     dest_keys, "the named webhook destinations"},
    {"delivery", NA_JC_OBJECT, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, delivery_keys,
     "settings over all destinations"},
    {"dead_letter_topic", NA_JC_STRING, 1, 249, "news.alerts.dlq", 0, NA_JS_NONE, 0, 0, NULL,
     "where undeliverable alerts and poison records go"},
    {"retry_topic", NA_JC_STRING, 1, 249, "news.alerts.retry", 0, NA_JS_NONE, 0, 0, NULL,
     "where alerts wait while their destination's queue is full (compacted)"},
    {"inhibit_rules", NA_JC_ARRAY, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, NULL,
     "alerts not sent while a matching source alert is recent (Alertmanager inhibition)"},
    {NULL}};

/* The keys of one inhibit rule (checked by parse_inhibit, not stored by jconf). */
static const na_jconf_key inhibit_keys[] = {
    {"source_match", NA_JC_OBJECT, 0, 0, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL,
     "field: value pairs a source alert has"},
    {"target_match", NA_JC_OBJECT, 0, 0, NULL, NA_JC_REQUIRED, NA_JS_NONE, 0, 0, NULL,
     "field: value pairs an inhibited alert has"},
    {"equal", NA_JC_ARRAY, 0, 0, NULL, 0, NA_JS_NONE, 0, 0, NULL,
     "fields whose values the source and the target share"},
    {"duration_s", NA_JC_NUMBER, 1, 30 * 86400, "86400", 0, NA_JS_INT64,
     offsetof(na_inhibit_rule, duration_ms), 1000, NULL,
     "how long a source alert inhibits, by the events' times"},
    {NULL}};

/* The alert fields group_by, equal and the matches may name (delivery/route.c reads them). */
static const char *const alert_fields[] = {"rule",  "story", "severity", "outlet",
                                           "event", "key",   NULL};

const char *const *na_destinations_alert_fields(void)
{
    return alert_fields;
}

const na_jconf_key *na_destinations_inhibit_keys(void)
{
    return inhibit_keys;
}

int na_severity_rank(const char *severity)
{
    static const char *const names[] = {"info", "warning", "critical", "none"};
    for (int i = 0; severity && i < 4; i++)
        if (!strcmp(severity, names[i]))
            return i;
    return -1;
}

const na_jconf_key *na_destinations_keys(void)
{
    return root_keys;
}

static int secret_file(ctx *c, const char *ptr, const char *p, char **out)
{
    char full[4096];
    if (p[0] != '/' && c->dir)
        snprintf(full, sizeof full, "%s/%s", c->dir, p);
    else
        snprintf(full, sizeof full, "%s", p);
    char why[4200];
    *out = na_file_read(full, MAX_SECRET_FILE, NULL, why, sizeof why);
    if (!*out)
        return na_jconf_fail(c->doc, ptr, 1, "%s", why);
    size_t n = strlen(*out);
    while (n && strchr("\r\n \t", (*out)[n - 1]))
        (*out)[--n] = '\0';
    return NA_OK;
}

/* A string, or {"env": NAME}, or {"file": path} at ptr: the resolved value in *out (malloc'd). */
static int secret_value(ctx *c, json_t *v, const char *ptr, const char *key, char **out)
{
    if (json_is_string(v)) {
        *out = strdup(json_string_value(v));
        return *out ? NA_OK : NA_ENOMEM;
    }
    if (!json_is_object(v) || json_object_size(v) != 1)
        return na_jconf_fail(c->doc, ptr, 1,
                             "\"%s\" must be a string, {\"env\": NAME} or {\"file\": PATH}", key);
    json_t *env = json_object_get(v, "env"), *file = json_object_get(v, "file");
    char sub[PTR_MAX];
    if (env && json_is_string(env)) {
        na_jconf_ptr(sub, sizeof sub, ptr, "env");
        const char *val = getenv(json_string_value(env));
        if (!val || !*val)
            return na_jconf_fail(c->doc, sub, 1, "environment variable %s is not set",
                                 json_string_value(env));
        return (*out = strdup(val)) ? NA_OK : NA_ENOMEM;
    }
    if (file && json_is_string(file)) {
        na_jconf_ptr(sub, sizeof sub, ptr, "file");
        return secret_file(c, sub, json_string_value(file), out);
    }
    na_jconf_ptr(sub, sizeof sub, ptr, json_object_iter_key(json_object_iter(v)));
    return na_jconf_fail(c->doc, sub, 1, "expected \"env\" or \"file\" with a string value");
}

/* Header names are tokens and values one line, so a config cannot smuggle extra headers. */
static int parse_headers(ctx *c, json_t *o, const char *ptr, na_destination *d)
{
    const char *k;
    json_t *v;
    char sub[PTR_MAX];
    json_object_foreach(o, k, v)
    {
        na_jconf_ptr(sub, sizeof sub, ptr, k);
        if (!*k || k[strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")])
            return na_jconf_fail(c->doc, sub, 1, "bad header name \"%s\"", k);
        char *val = NULL;
        int rc = secret_value(c, v, sub, k, &val);
        if (rc)
            return rc;
        if (strpbrk(val, "\r\n")) {
            free(val);
            return na_jconf_fail(c->doc, sub, 1, "header \"%s\": value must be one line", k);
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

static int parse_secret(ctx *c, json_t *v, const char *ptr, na_destination *d)
{
    char *s = NULL;
    int rc = secret_value(c, v, ptr, "secret", &s);
    if (rc)
        return rc;
    const char *b64 = strncmp(s, "whsec_", 6) ? NULL : s + 6;
    size_t n = b64 ? strlen(b64) : 0;
    if (!b64 || !n || n % 4) {
        free(s);
        return na_jconf_fail(c->doc, ptr, 1, "\"secret\" must be \"whsec_\" followed by base64");
    }
    size_t pad = (size_t)(b64[n - 1] == '=') + (size_t)(b64[n - 2] == '=');
    d->key = malloc(n / 4 * 3 + 1);
    int got = d->key ? EVP_DecodeBlock(d->key, (const unsigned char *)b64, (int)n) : -1;
    OPENSSL_cleanse(s, strlen(s));
    free(s);
    if (got <= (int)pad)
        return na_jconf_fail(c->doc, ptr, 1, "\"secret\": bad base64 after \"whsec_\"");
    d->key_len = (size_t)got - pad;
    return NA_OK;
}

static int parse_type(ctx *c, json_t *o, const char *ptr, na_destination *d)
{
    json_t *t = json_object_get(o, "type");
    for (int i = NA_DEST_SLACK; i <= NA_DEST_GENERIC; i++)
        if (!strcmp(json_string_value(t), na_dest_type_name(i))) {
            d->type = (na_dest_type)i;
            /* The documented per-type rate defaults (docs/delivery.md). */
            static const double rate[] = {1, 0.5, 1, 0}, burst[] = {3, 5, 3, 100};
            d->rate_per_s = rate[i];
            d->burst = burst[i];
            return NA_OK;
        }
    char sub[PTR_MAX];
    na_jconf_ptr(sub, sizeof sub, ptr, "type");
    return na_jconf_fail(c->doc, sub, 1,
                         "\"type\" must be \"slack\", \"discord\", \"teams\" or \"generic\"");
}

/* The URL as curl will parse it when sending: refused here rather than retried for hours. The
 * messages name the destination and curl's reason, never the URL (a secret). */
static int parse_url(ctx *c, json_t *o, const char *ptr, na_destination *d)
{
    char sub[PTR_MAX];
    na_jconf_ptr(sub, sizeof sub, ptr, "url");
    int rc = secret_value(c, json_object_get(o, "url"), sub, "url", &d->url);
    if (rc)
        return rc;
    if (strncmp(d->url, "http://", 7) && strncmp(d->url, "https://", 8))
        return na_jconf_fail(c->doc, sub, 1,
                             "destination \"%s\": \"url\" must be http:// or https://", d->name);
    if (strpbrk(d->url, " \t\r\n"))
        return na_jconf_fail(c->doc, sub, 1,
                             "destination \"%s\": \"url\" has a space or a line break", d->name);
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
    if (uc)
        return na_jconf_fail(c->doc, sub, 1, "destination \"%s\": \"url\" is not a valid URL (%s)",
                             d->name, curl_url_strerror(uc));
    if (empty)
        return na_jconf_fail(c->doc, sub, 1, "destination \"%s\": \"url\" has no host", d->name);
    return NA_OK;
}

static int parse_template(ctx *c, json_t *v, const char *ptr, na_destination *d)
{
    char bad[64];
    if (na_format_template_check(json_string_value(v), bad, sizeof bad))
        return na_jconf_fail(c->doc, ptr, 1, "unknown placeholder {{%s}}", bad);
    d->template_text = strdup(json_string_value(v));
    return d->template_text ? NA_OK : NA_ENOMEM;
}

static int field_known(const char *f)
{
    for (size_t i = 0; alert_fields[i]; i++)
        if (!strcmp(alert_fields[i], f))
            return 1;
    return 0;
}

/* An array of alert field names at ptr into out. */
static int parse_fields(ctx *c, json_t *a, const char *ptr, na_strlist *out)
{
    size_t i;
    json_t *v;
    char sub[PTR_MAX];
    json_array_foreach(a, i, v)
    {
        snprintf(sub, sizeof sub, "%s/%zu", ptr, i);
        if (!json_is_string(v) || !field_known(json_string_value(v)))
            return na_jconf_fail(c->doc, sub, 0,
                                 "must be an alert field: rule, story, severity, outlet, event "
                                 "or key");
        if (na_strlist_push(out, json_string_value(v)))
            return NA_ENOMEM;
    }
    return NA_OK;
}

/* A severity name of key in o (absent: def) as its rank; none_ok allows "none". */
static int parse_rank(ctx *c, json_t *o, const char *ptr, const char *key, int def, int none_ok,
                      int *out)
{
    json_t *v = json_object_get(o, key);
    *out = v ? na_severity_rank(json_string_value(v)) : def;
    if (*out >= 0 && (none_ok || *out != NA_SEVERITY_NONE))
        return NA_OK;
    char sub[PTR_MAX];
    na_jconf_ptr(sub, sizeof sub, ptr, key);
    return na_jconf_fail(c->doc, sub, 0, "\"%s\" must be %s", key,
                         none_ok ? "info, warning, critical or none" : "info, warning or critical");
}

static int parse_digest(ctx *c, json_t *o, const char *ptr, na_destination *d)
{
    char sub[PTR_MAX];
    na_jconf_ptr(sub, sizeof sub, ptr, "group_by");
    d->digest = 1;
    int rc = parse_fields(c, json_object_get(o, "group_by"), sub, &d->group_by);
    if (!rc)
        rc = parse_rank(c, o, ptr, "bypass_severity", 2, 1, &d->bypass_rank);
    return rc;
}

static int parse_destination(ctx *c, json_t *o, const char *ptr, na_destination *d)
{
    char sub[PTR_MAX];
    int rc = na_jconf_check(c->doc, o, ptr, dest_keys);
    if (!rc)
        rc = parse_type(c, o, ptr, d);
    if (!rc) /* checked above: this only stores values and defaults */
        rc = na_jconf_apply(c->doc, o, ptr, dest_keys, d);
    if (!rc)
        rc = parse_url(c, o, ptr, d);
    json_t *v;
    if (!rc && (v = json_object_get(o, "headers"))) {
        na_jconf_ptr(sub, sizeof sub, ptr, "headers");
        rc = parse_headers(c, v, sub, d);
    }
    if (!rc && (v = json_object_get(o, "secret"))) {
        na_jconf_ptr(sub, sizeof sub, ptr, "secret");
        rc = parse_secret(c, v, sub, d);
    }
    if (!rc && (v = json_object_get(o, "template"))) {
        na_jconf_ptr(sub, sizeof sub, ptr, "template");
        rc = parse_template(c, v, sub, d);
    }
    if (!rc)
        rc = parse_rank(c, o, ptr, "min_severity", 0, 0, &d->min_rank);
    if (!rc && (v = json_object_get(o, "digest"))) {
        na_jconf_ptr(sub, sizeof sub, ptr, "digest");
        rc = parse_digest(c, v, sub, d);
    }
    if (!rc && d->max_backoff_ms < d->initial_backoff_ms) {
        na_jconf_ptr(sub, sizeof sub, ptr, "retry");
        na_jconf_ptr(sub, sizeof sub, sub, "max_backoff_ms");
        rc = na_jconf_fail(c->doc, sub, 1, "\"max_backoff_ms\" is below \"initial_backoff_ms\"");
    }
    return rc;
}

/* {"field": "value", ...} at ptr into "field=value" lines. */
static int parse_match(ctx *c, json_t *o, const char *ptr, na_strlist *out)
{
    const char *k;
    json_t *v;
    char sub[PTR_MAX];
    json_object_foreach(o, k, v)
    {
        if (!strcmp(k, "$comment"))
            continue;
        na_jconf_ptr(sub, sizeof sub, ptr, k);
        if (!field_known(k))
            return na_jconf_fail(c->doc, sub, 1,
                                 "\"%s\" is not an alert field: rule, story, severity, outlet, "
                                 "event or key",
                                 k);
        if (!json_is_string(v))
            return na_jconf_fail(c->doc, sub, 0, "\"%s\" must be a string", k);
        size_t n = strlen(k) + strlen(json_string_value(v)) + 2;
        char *line = malloc(n);
        if (line)
            snprintf(line, n, "%s=%s", k, json_string_value(v));
        if (!line || na_strlist_push_owned(out, line)) {
            free(line);
            return NA_ENOMEM;
        }
    }
    return NA_OK;
}

static int parse_inhibit(ctx *c, json_t *a, na_destinations *cfg)
{
    if (!json_array_size(a))
        return NA_OK;
    cfg->inhibit = calloc(json_array_size(a), sizeof *cfg->inhibit);
    if (!cfg->inhibit)
        return NA_ENOMEM;
    size_t i;
    json_t *o;
    char ptr[PTR_MAX], sub[PTR_MAX];
    json_array_foreach(a, i, o)
    {
        na_inhibit_rule *r = &cfg->inhibit[cfg->n_inhibit++];
        snprintf(ptr, sizeof ptr, "/inhibit_rules/%zu", i);
        int rc = na_jconf_apply(c->doc, o, ptr, inhibit_keys, r);
        na_jconf_ptr(sub, sizeof sub, ptr, "source_match");
        if (!rc)
            rc = parse_match(c, json_object_get(o, "source_match"), sub, &r->source_match);
        na_jconf_ptr(sub, sizeof sub, ptr, "target_match");
        if (!rc)
            rc = parse_match(c, json_object_get(o, "target_match"), sub, &r->target_match);
        na_jconf_ptr(sub, sizeof sub, ptr, "equal");
        if (!rc && json_object_get(o, "equal"))
            rc = parse_fields(c, json_object_get(o, "equal"), sub, &r->equal);
        if (rc)
            return rc;
    }
    return NA_OK;
}

static int parse_root(ctx *c, json_t *root, na_destinations *cfg)
{
    int rc = na_jconf_apply(c->doc, root, "", root_keys, cfg);
    if (rc)
        return rc;
    json_t *dests = json_object_get(root, "destinations"), *v;
    if (!json_object_size(dests))
        return na_jconf_fail(c->doc, "/destinations", 1, "\"destinations\" is empty");
    if ((v = json_object_get(root, "dead_letter_topic")) &&
        na_article_set(&cfg->dlq_topic, json_string_value(v)))
        return NA_ENOMEM;
    if ((v = json_object_get(root, "retry_topic")) &&
        na_article_set(&cfg->retry_topic, json_string_value(v)))
        return NA_ENOMEM;
    cfg->items = calloc(json_object_size(dests), sizeof *cfg->items);
    if (!cfg->items)
        return NA_ENOMEM;
    const char *name;
    char ptr[PTR_MAX];
    json_object_foreach(dests, name, v)
    {
        na_destination *d = &cfg->items[cfg->n++];
        if (!(d->name = strdup(name)))
            return NA_ENOMEM;
        na_jconf_ptr(ptr, sizeof ptr, "/destinations", name);
        rc = parse_destination(c, v, ptr, d);
        if (rc)
            return rc;
    }
    return parse_inhibit(c, json_object_get(root, "inhibit_rules"), cfg);
}

/* The destinations of a parsed document; NULL with the first message in errstr. */
static na_destinations *from_doc(na_jconf *doc, const char *dir, char *errstr, size_t errlen)
{
    ctx c = {.doc = doc, .dir = dir};
    na_destinations *cfg = calloc(1, sizeof *cfg);
    int rc = cfg ? na_article_set(&cfg->dlq_topic, "news.alerts.dlq") : NA_ENOMEM;
    if (!rc)
        rc = na_article_set(&cfg->retry_topic, "news.alerts.retry");
    if (!rc)
        rc = parse_root(&c, na_jconf_root(doc), cfg);
    if (rc) {
        if (na_jconf_nerrors(doc))
            snprintf(errstr, errlen, "%s", na_jconf_error(doc));
        else
            snprintf(errstr, errlen, "%s: out of memory", na_jconf_name(doc));
        na_destinations_destroy(cfg);
        return NULL;
    }
    return cfg;
}

na_destinations *na_destinations_parse(const char *text, size_t len, const char *name,
                                       const char *dir, char *errstr, size_t errlen)
{
    na_jconf *doc = na_jconf_parse(text, len, name, errstr, errlen);
    na_destinations *cfg = doc ? from_doc(doc, dir, errstr, errlen) : NULL;
    na_jconf_destroy(doc);
    return cfg;
}

na_destinations *na_destinations_load(const char *path, char *errstr, size_t errlen)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    na_jconf *doc = na_jconf_load(path, errstr, errlen);
    na_destinations *cfg = doc ? from_doc(doc, dir, errstr, errlen) : NULL;
    na_jconf_destroy(doc);
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
        na_strlist_clear(&d->group_by);
    }
    for (size_t i = 0; i < c->n_inhibit; i++) {
        na_strlist_clear(&c->inhibit[i].source_match);
        na_strlist_clear(&c->inhibit[i].target_match);
        na_strlist_clear(&c->inhibit[i].equal);
    }
    free(c->inhibit);
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
