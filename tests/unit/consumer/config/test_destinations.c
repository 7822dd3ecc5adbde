/* The destinations config: values resolved, defaults applied, every error placed and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/destinations.h"
#include "newsalert/json_pos.h"

static char err[512];

static na_destinations *parse(const char *text)
{
    err[0] = '\0';
    return na_destinations_parse(text, strlen(text), "cfg.json", NULL, err, sizeof err);
}

static void test_full_config(void **state)
{
    (void)state;
    setenv("NA_TEST_HOOK_URL", "https://hooks.example.net/T000/B000/XXXX", 1);
    setenv("NA_TEST_TOKEN", "Bearer abc", 1);
    na_destinations *c = parse(
        "{\"destinations\": {\n"
        " \"ops\": {\"type\": \"generic\", \"url\": {\"env\": \"NA_TEST_HOOK_URL\"},\n"
        "   \"headers\": {\"Authorization\": {\"env\": \"NA_TEST_TOKEN\"}, \"X-Team\": \"news\"},\n"
        "   \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\",\n"
        "   \"rate_limit\": {\"per_second\": 2, \"burst\": 4},\n"
        "   \"retry\": {\"max_attempts\": 3, \"max_age_s\": 60, \"initial_backoff_ms\": 100, "
        "\"max_backoff_ms\": 1000},\n"
        "   \"timeout_ms\": 2500, \"default\": true},\n"
        " \"chat\": {\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/x\", "
        "\"template\": \"{{headline}}\"}},\n"
        " \"delivery\": {\"max_in_flight\": 8, \"shutdown_grace_s\": 3},\n"
        " \"dead_letter_topic\": \"dlq.test\"}");
    assert_non_null(c);
    assert_int_equal(c->n, 2);
    assert_int_equal(c->max_in_flight, 8);
    assert_int_equal(c->shutdown_grace_s, 3);
    assert_string_equal(c->dlq_topic, "dlq.test");
    const na_destination *d = na_destinations_find(c, "ops");
    assert_non_null(d);
    assert_int_equal(d->type, NA_DEST_GENERIC);
    assert_string_equal(d->url, "https://hooks.example.net/T000/B000/XXXX");
    assert_int_equal(d->headers.n, 2);
    assert_string_equal(d->headers.items[0], "Authorization: Bearer abc");
    assert_string_equal(d->headers.items[1], "X-Team: news");
    assert_int_equal(d->key_len, 24);
    assert_true(d->rate_per_s == 2 && d->burst == 4);
    assert_int_equal(d->max_attempts, 3);
    assert_int_equal(d->max_age_ms, 60000);
    assert_int_equal(d->initial_backoff_ms, 100);
    assert_int_equal(d->max_backoff_ms, 1000);
    assert_int_equal(d->timeout_ms, 2500);
    assert_int_equal(d->connect_timeout_ms, 3000);
    assert_true(d->is_default);
    d = na_destinations_find(c, "chat");
    assert_int_equal(d->type, NA_DEST_SLACK);
    assert_null(d->key);
    assert_false(d->is_default);
    assert_string_equal(d->template_text, "{{headline}}");
    assert_int_equal(d->max_attempts, 0);               /* no count limit by default */
    assert_int_equal(d->max_age_ms, 6 * 3600 * 1000LL); /* hours, not seconds */
    assert_int_equal(c->queue_per_destination, 4096);
    assert_string_equal(c->retry_topic, "news.alerts.retry");
    assert_null(na_destinations_find(c, "nope"));
    na_destinations_destroy(c);
}

static void expect_error(const char *text, const char *want)
{
    na_destinations *c = parse(text);
    assert_null(c);
    if (strcmp(err, want))
        fail_msg("got  %s\nwant %s", err, want);
}

static void test_errors_are_placed(void **state)
{
    (void)state;
    unsetenv("NA_TEST_MISSING");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\",\n"
                 "  \"urll\": \"http://x\"}}}",
                 "cfg.json:2:3: unknown key \"urll\" (valid keys: type, url, headers, secret, "
                 "template, rate_limit, retry, timeout_ms, connect_timeout_ms, default, "
                 "min_severity, digest)");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\",\n"
                 "  \"url\": {\"env\": \"NA_TEST_MISSING\"}}}}",
                 "cfg.json:2:11: environment variable NA_TEST_MISSING is not set");
    expect_error(
        "{\"destinations\": {\"a\": {\"type\": \"fax\", \"url\": \"http://x\"}}}",
        "cfg.json:1:25: \"type\" must be \"slack\", \"discord\", \"teams\" or \"generic\"");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"retry\": {\"max_attempts\": -1}}}}",
                 "cfg.json:2:28: \"max_attempts\" must be a number from 0 to 1000000");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"secret\": \"not-whsec\"}}}",
                 "cfg.json:2:2: \"secret\" must be \"whsec_\" followed by base64");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"slack\", \"url\": \"http://x\",\n"
                 " \"template\": \"{{headlin}}\"}}}",
                 "cfg.json:2:2: unknown placeholder {{headlin}}");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"ftp://x\"}}}",
                 "cfg.json:1:44: destination \"a\": \"url\" must be http:// or https://");
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"http://x\",\n"
                 " \"headers\": {\"X-A\": \"one\\r\\nX-B: two\"}}}}",
                 "cfg.json:2:14: header \"X-A\": value must be one line");
    expect_error("{\"destinations\": {}, \"extra\": 1}",
                 "cfg.json:1:22: unknown key \"extra\" (valid keys: destinations, delivery, "
                 "dead_letter_topic, retry_topic, inhibit_rules)");
    expect_error("{\"destinations\": {\"a\": {\"url\": \"http://x\"}}}",
                 "cfg.json:1:19: missing \"type\"");
    /* Syntax errors do not quote the token: it may be a secret URL. */
    expect_error("{\"destinations\": {\"a\": {\"type\": \"generic\"\n"
                 "  \"https://hooks.example/T0/B0/token\": 1}}}",
                 "cfg.json:2:37: '}' expected");
    /* The URL itself never appears in a message. */
    expect_error(
        "{\"destinations\": {\"a\": {\"type\": \"generic\", \"url\": \"gopher://secret-token\"}}}",
        "cfg.json:1:44: destination \"a\": \"url\" must be http:// or https://");
}

/* URLs are parsed at load as curl will parse them; the message names the destination only. */
static void test_malformed_urls(void **state)
{
    (void)state;
    static const struct {
        const char *url, *why;
    } bad[] = {
        {"http://[::1", "is not a valid URL (Bad IPv6 address)"},
        {"http://host/a b", "has a space or a line break"},
        {"http://host/a\\r\\nX-Evil: 1", "has a space or a line break"},
        {"http://", "is not a valid URL (No host part in the URL)"},
        {"https://:80/x", "is not a valid URL (No host part in the URL)"},
        {"http://exa mple.com/", "has a space or a line break"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512], want[256];
        snprintf(text, sizeof text,
                 "{\"destinations\": {\"ops\": {\"type\": \"generic\", \"url\": \"%s\"}}}",
                 bad[i].url);
        snprintf(want, sizeof want, "cfg.json:1:46: destination \"ops\": \"url\" %s", bad[i].why);
        expect_error(text, want);
        if (strlen(bad[i].url) > 8)
            assert_null(strstr(err, bad[i].url + 8)); /* never the URL itself */
    }
    na_destinations *c = parse("{\"destinations\": {\"ops\": {\"type\": \"generic\", "
                               "\"url\": \"http://[::1]:8080/hook?x=1\"}},"
                               " \"retry_topic\": \"r.test\", "
                               "\"delivery\": {\"queue_per_destination\": 10}}");
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(c->retry_topic, "r.test");
    assert_int_equal(c->queue_per_destination, 10);
    na_destinations_destroy(c);
}

static void test_examples_load(void **state)
{
    (void)state;
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src)
        skip();
    setenv("NEWSALERT_WEBHOOK_URL", "http://127.0.0.1:9/hook", 1);
    setenv("NEWSALERT_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1);
    setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x", 1);
    setenv("TEAMS_WORKFLOW_URL", "https://prod.example.logic.azure.com/workflows/x", 1);
    const char *ok[] = {"generic-signed.json", "slack.json", "teams.json"};
    char path[4096];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/config/examples/%s", src, ok[i]);
        na_destinations *c = na_destinations_load(path, err, sizeof err);
        if (!c)
            fail_msg("%s", err);
        assert_true(c->items[0].is_default);
        na_destinations_destroy(c);
    }
    /* discord.json reads its URL from a file next to it, which the repo does not ship. */
    snprintf(path, sizeof path, "%s/config/examples/discord.json", src);
    assert_null(na_destinations_load(path, err, sizeof err));
    assert_non_null(strstr(err, "discord-webhook-url.txt: No such file"));
}

/* Two configs that must mean the same: every field of every destination compared. */
static void assert_same(const na_destinations *a, const na_destinations *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->max_in_flight, b->max_in_flight);
    assert_int_equal(a->shutdown_grace_s, b->shutdown_grace_s);
    assert_string_equal(a->dlq_topic, b->dlq_topic);
    for (size_t i = 0; i < a->n; i++) {
        const na_destination *x = &a->items[i], *y = &b->items[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->type, y->type);
        assert_string_equal(x->url, y->url);
        assert_int_equal(x->headers.n, y->headers.n);
        for (size_t h = 0; h < x->headers.n; h++)
            assert_string_equal(x->headers.items[h], y->headers.items[h]);
        assert_int_equal(x->key_len, y->key_len);
        assert_memory_equal(x->key, y->key, x->key_len);
        assert_true((!x->template_text && !y->template_text) ||
                    !strcmp(x->template_text, y->template_text));
        assert_true(x->rate_per_s == y->rate_per_s && x->burst == y->burst);
        assert_int_equal(x->max_attempts, y->max_attempts);
        assert_int_equal(x->max_age_ms, y->max_age_ms);
        assert_int_equal(x->initial_backoff_ms, y->initial_backoff_ms);
        assert_int_equal(x->max_backoff_ms, y->max_backoff_ms);
        assert_int_equal(x->timeout_ms, y->timeout_ms);
        assert_int_equal(x->connect_timeout_ms, y->connect_timeout_ms);
        assert_int_equal(x->is_default, y->is_default);
    }
}

static void test_yaml_same_as_json(void **state)
{
    (void)state;
    setenv("NA_TEST_HOOK_URL", "https://hooks.example.net/T000/B000/XXXX", 1);
    const char *json =
        "{\"destinations\": {\"ops\": {\"type\": \"generic\", \"url\": {\"env\": "
        "\"NA_TEST_HOOK_URL\"}, \"headers\": {\"X-Team\": \"news\"}, \"secret\": "
        "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\", \"retry\": {\"max_attempts\": 3, "
        "\"max_age_s\": 1.5}, \"default\": true},\n"
        " \"chat\": {\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/x\", "
        "\"template\": \"{{headline}}\", \"rate_limit\": {\"per_second\": 0}}},\n"
        " \"delivery\": {\"max_in_flight\": 8}, \"dead_letter_topic\": \"dlq.test\"}";
    const char *yaml = "destinations:\n"
                       "  ops:\n"
                       "    type: generic\n"
                       "    url: ${NA_TEST_HOOK_URL}\n"
                       "    headers: {X-Team: news}\n"
                       "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n"
                       "    retry: {max_attempts: 3, max_age_s: 1.5}\n"
                       "    default: true\n"
                       "  chat:\n"
                       "    type: slack\n"
                       "    url: https://hooks.slack.com/services/x\n"
                       "    template: '{{headline}}'\n"
                       "    rate_limit:\n"
                       "      per_second: 0\n"
                       "delivery: {max_in_flight: 8}\n"
                       "dead_letter_topic: dlq.test\n";
    na_destinations *a = parse(json);
    if (!a)
        fail_msg("%s", err);
    na_destinations *b =
        na_destinations_parse(yaml, strlen(yaml), "cfg.yaml", NULL, err, sizeof err);
    if (!b)
        fail_msg("%s", err);
    assert_same(a, b);
    assert_int_equal(b->items[0].max_age_ms, 1500);
    assert_true(b->items[1].rate_per_s == 0 && b->items[1].burst == 3); /* slack's burst */
    na_destinations_destroy(a);
    na_destinations_destroy(b);
    /* The shipped YAML example is the JSON one. */
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src)
        skip();
    setenv("NEWSALERT_WEBHOOK_URL", "http://127.0.0.1:9/hook", 1);
    setenv("NEWSALERT_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 1);
    char pj[4096], py[4096];
    snprintf(pj, sizeof pj, "%s/config/examples/generic-signed.json", src);
    snprintf(py, sizeof py, "%s/config/examples/generic-signed.yaml", src);
    a = na_destinations_load(pj, err, sizeof err);
    assert_non_null(a);
    b = na_destinations_load(py, err, sizeof err);
    if (!b)
        fail_msg("%s", err);
    assert_same(a, b);
    na_destinations_destroy(a);
    na_destinations_destroy(b);
}

static void test_yaml_errors_are_placed(void **state)
{
    (void)state;
    unsetenv("NA_TEST_MISSING");
    const char *cases[][2] = {
        {"destinations:\n  a:\n    type: generic\n    urll: http://x\n",
         "cfg.yaml:4:5: unknown key \"urll\" (valid keys: type, url, headers, secret, template, "
         "rate_limit, retry, timeout_ms, connect_timeout_ms, default, min_severity, digest)"},
        {"destinations:\n  a:\n    type: generic\n    url: \"${NA_TEST_MISSING}/x\"\n",
         "cfg.yaml:4:10: ${NA_TEST_MISSING}: environment variable NA_TEST_MISSING is not set"},
        {"destinations:\n  a:\n    type: generic\n    url: {env: NA_TEST_MISSING}\n",
         "cfg.yaml:4:11: environment variable NA_TEST_MISSING is not set"},
        {"destinations:\n  a: {type: slak, url: 'http://x'}\n",
         "cfg.yaml:2:7: \"type\" must be \"slack\", \"discord\", \"teams\" or \"generic\""},
        {"destinations:\n  a:\n    type: generic\n    url: http://x\n    retry:\n"
         "      max_attempts: -1\n",
         "cfg.yaml:6:21: \"max_attempts\" must be a number from 0 to 1000000"},
        {"destinations:\n  a:\n    type: generic\n    url: http://x\n    default: yes\n",
         "cfg.yaml:5:14: \"default\" must be true or false"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        na_destinations *c = na_destinations_parse(cases[i][0], strlen(cases[i][0]), "cfg.yaml",
                                                   NULL, err, sizeof err);
        assert_null(c);
        if (strcmp(err, cases[i][1]))
            fail_msg("got  %s\nwant %s", err, cases[i][1]);
    }
}

/* Drift: the key table, docs/destinations.schema.json and the key tables of docs/delivery.md. */
static json_t *schema_root;
static char *delivery_md;

static json_t *resolve(json_t *p)
{
    json_t *ref = json_object_get(p, "$ref");
    const char *r = json_string_value(ref);
    if (r && !strncmp(r, "#/$defs/", 8))
        return json_object_get(json_object_get(schema_root, "$defs"), r + 8);
    return p;
}

static int in_required(json_t *obj, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(obj, "required"), i,
                       v) if (!strcmp(json_string_value(v), name)) return 1;
    return 0;
}

/* The row as docs/delivery.md shows it: | `path` | type | range | default | doc |. */
static void md_row(const na_jconf_key *k, const char *path, char *out, size_t n)
{
    char range[64] = "—";
    if (k->type == NA_JC_NUMBER || k->type == NA_JC_INTEGER)
        snprintf(range, sizeof range, "%.0f to %.0f", k->min, k->max);
    else if (k->type == NA_JC_STRING && k->max > 0)
        snprintf(range, sizeof range, "%.0f to %.0f characters", k->min, k->max);
    const char *def = k->def ? k->def : (k->flags & NA_JC_REQUIRED) ? "required" : "—";
    snprintf(out, n, "| `%s` | %s | %s | %s | %s |", path, na_jconf_type_name(k->type), range, def,
             k->doc);
}

static size_t drift(const na_jconf_key *keys, json_t *obj, const char *prefix, const char *section)
{
    size_t rows = 0;
    assert_true(json_is_false(json_object_get(obj, "additionalProperties")));
    json_t *props = json_object_get(obj, "properties");
    for (const na_jconf_key *k = keys; k->name; k++) {
        char path[256], line[1024];
        snprintf(path, sizeof path, "%s%s", prefix, k->name);
        json_t *p = json_object_get(props, k->name), *r = resolve(p);
        if (!p)
            fail_msg("%s: in the key table, not in docs/destinations.schema.json", path);
        if (!json_is_string(json_object_get(p, "description")) ||
            strcmp(json_string_value(json_object_get(p, "description")), k->doc))
            fail_msg("%s: schema description differs from the row's doc line", path);
        if (k->type == NA_JC_STRING_OR_OBJECT)
            assert_string_equal(json_string_value(json_object_get(p, "$ref")), "#/$defs/secret");
        else if (strcmp(json_string_value(json_object_get(r, "type")), na_jconf_type_name(k->type)))
            fail_msg("%s: schema type is not %s", path, na_jconf_type_name(k->type));
        if (k->type == NA_JC_NUMBER || k->type == NA_JC_INTEGER) {
            if (json_number_value(json_object_get(p, "minimum")) != k->min ||
                json_number_value(json_object_get(p, "maximum")) != k->max)
                fail_msg("%s: schema range is not %g to %g", path, k->min, k->max);
        }
        json_t *def = json_object_get(p, "default");
        double x = k->def ? strtod(k->def, NULL) : 0;
        int literal = k->def && !(k->flags & NA_JC_DOC_DEFAULT);
        if (literal != (def != NULL))
            fail_msg("%s: schema default present %d, row literal default %d", path, def != NULL,
                     literal);
        if (def && json_is_number(def) && json_number_value(def) != x)
            fail_msg("%s: schema default differs from %s", path, k->def);
        if (def && json_is_string(def))
            assert_string_equal(json_string_value(def), k->def);
        if (def && json_is_boolean(def))
            assert_int_equal(json_is_true(def), !strcmp(k->def, "true"));
        if (in_required(obj, k->name) != !!(k->flags & NA_JC_REQUIRED))
            fail_msg("%s: required in the schema and in the table disagree", path);
        if (k->sub && !(k->flags & NA_JC_MAP)) {
            char sub[300];
            snprintf(sub, sizeof sub, "%s.", path);
            rows += drift(k->sub, r, sub, section);
            continue;
        }
        md_row(k, path, line, sizeof line);
        char *at = strstr(section, line);
        if (!at || (at > section && at[-1] != '\n'))
            fail_msg("docs/delivery.md lacks the row\n%s", line);
        rows++;
    }
    const char *name;
    json_t *v;
    json_object_foreach(props, name, v)
    {
        const na_jconf_key *k = keys;
        while (k->name && strcmp(k->name, name))
            k++;
        if (!k->name && strcmp(name, "$comment"))
            fail_msg("%s%s: in the schema, not in the key table", prefix, name);
    }
    return rows;
}

/* The rows of the markdown table under the heading that starts with title, as text. */
static char *md_section(const char *title, size_t *rows)
{
    const char *at = strstr(delivery_md, title);
    if (!at)
        fail_msg("docs/delivery.md has no \"%s\"", title);
    const char *end = strstr(at + 1, "\n#");
    size_t n = end ? (size_t)(end - at) : strlen(at);
    char *s = strndup(at, n);
    *rows = 0;
    for (const char *p = s; (p = strstr(p, "\n| `")); p++)
        (*rows)++;
    return s;
}

static void test_keys_match_schema_and_docs(void **state)
{
    (void)state;
    const char *src = getenv("NA_SOURCE_DIR");
    if (!src)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/destinations.schema.json", src);
    json_error_t jerr;
    schema_root = json_load_file(path, 0, &jerr);
    if (!schema_root)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    snprintf(path, sizeof path, "%s/docs/delivery.md", src);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    delivery_md = calloc(1, 1 << 20);
    fread(delivery_md, 1, (1 << 20) - 1, f);
    fclose(f);
    const na_jconf_key *root = na_destinations_keys(), *dest = NULL;
    for (const na_jconf_key *k = root; k->name; k++)
        if (!strcmp(k->name, "destinations"))
            dest = k->sub;
    assert_non_null(dest);
    size_t top_rows, dest_rows;
    char *top = md_section("#### Top-level keys", &top_rows);
    char *per = md_section("#### Destination keys", &dest_rows);
    assert_int_equal(drift(root, schema_root, "", top), top_rows);
    json_t *d = resolve(
        json_object_get(json_object_get(json_object_get(schema_root, "properties"), "destinations"),
                        "additionalProperties"));
    assert_int_equal(drift(dest, d, "", per), dest_rows);
    size_t inhibit_rows;
    char *inh = md_section("#### Inhibit rule keys", &inhibit_rows);
    json_t *ir = json_object_get(json_object_get(schema_root, "$defs"), "inhibit_rule");
    assert_int_equal(drift(na_destinations_inhibit_keys(), ir, "", inh), inhibit_rows);
    free(inh);
    free(top);
    free(per);
    free(delivery_md);
    json_decref(schema_root);
}

static void test_redact(void **state)
{
    (void)state;
    char buf[128];
    na_destinations_redact_url("https://user:pw@hooks.slack.com/services/T/B/secret?x=1", buf,
                               sizeof buf);
    assert_string_equal(buf, "https://hooks.slack.com/…");
    na_destinations_redact_url("http://127.0.0.1:8080", buf, sizeof buf);
    assert_string_equal(buf, "http://127.0.0.1:8080/…");
}

static void test_json_pos(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, {\"b\": \"é\", \"c\": 2}],\n \"d\": {\"e\": {}}}";
    na_jpos *pos = na_jpos_scan(t, strlen(t));
    assert_non_null(pos);
    int line, col;
    assert_int_equal(na_jpos_find(pos, "/a/1/c", 1, &line, &col), 0);
    assert_int_equal(line, 1);
    assert_int_equal(col, 22); /* columns count code points, as jansson's do */
    assert_int_equal(na_jpos_find(pos, "/a/1", 0, &line, &col), 0);
    assert_int_equal(col, 11);
    assert_int_not_equal(na_jpos_find(pos, "/d/e/zz", 1, &line, &col), 0);
    assert_int_equal(line, 2); /* the deepest member that exists: "e" */
    assert_int_equal(col, 8);
    na_jpos_destroy(pos);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_config),
        cmocka_unit_test(test_errors_are_placed),
        cmocka_unit_test(test_examples_load),
        cmocka_unit_test(test_yaml_same_as_json),
        cmocka_unit_test(test_yaml_errors_are_placed),
        cmocka_unit_test(test_keys_match_schema_and_docs),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_json_pos),
        cmocka_unit_test(test_malformed_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
