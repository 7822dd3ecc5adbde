/* Alerts built from attacker text for the formatter tests: markup, mentions, bad links, sizes. */
#ifndef NEWSALERT_TEST_FORMAT_HOSTILE_H
#define NEWSALERT_TEST_FORMAT_HOSTILE_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format/format.h"

/* Slack, Discord and Teams markup, mentions and a link in one string. */
#define HOSTILE_TEXT                                                                               \
    "[click me](http://evil.example/x) <http://evil.example|Open> <!channel> <@U123> "             \
    "@everyone @here **bold** _i_ `code` ~s~ > quote # h <script>alert(1)</script> &amp;"

static inline na_alert *hostile_alert(const char *url)
{
    na_alert *al = na_alert_new();
    al->id = strdup("al_" HOSTILE_TEXT);
    al->rule_id = strdup("rule " HOSTILE_TEXT);
    al->severity = strdup("critical " HOSTILE_TEXT);
    al->description = strdup(HOSTILE_TEXT);
    al->event_id = strdup("e1");
    al->headline = strdup(HOSTILE_TEXT);
    al->outlet = strdup(HOSTILE_TEXT);
    al->url = url ? strdup(url) : NULL;
    al->time_ms = 1643706330250;
    al->score = 0.5;
    na_alert_add_evidence(al, "body", 0, 0, 1, "t", HOSTILE_TEXT);
    return al;
}

/* An alert whose one evidence snippet is n code points ('x', a few '<' and '*' among them). */
static inline na_alert *long_snippet_alert(size_t n)
{
    na_alert *al = hostile_alert("https://example.com/a");
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 97 == 0 ? '<' : i % 89 == 0 ? '*' : 'x';
    s[n] = '\0';
    na_alert_add_evidence(al, "body", 1, 0, 1, "t", s);
    free(s);
    return al;
}

/* 1 when every occurrence of a character of set in s is backslash-escaped. */
static inline int md_all_escaped(const char *s, const char *set)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (strchr(set, *p))
            return 0;
    }
    return 1;
}

/* The payload as serialised for delivery, parsed back (NULL when not valid JSON). */
static inline json_t *payload_roundtrip(na_dest_type type, const na_alert *al, const char *tpl,
                                        size_t *bytes)
{
    na_destination d = {.type = type, .template_text = (char *)tpl};
    char *body = NULL;
    size_t len = 0;
    if (na_format_payload(&d, al, &body, &len))
        return NULL;
    json_t *j = json_loadb(body, len, 0, NULL);
    free(body);
    if (bytes)
        *bytes = len;
    return j;
}

/* Alert i of a digest test: every text field long and hostile, a distinct id "al_<i>_…". */
static inline na_alert *huge_alert(size_t i, size_t len)
{
    na_alert *al = long_snippet_alert(len);
    char *s = malloc(len + 64);
    size_t k = 0;
    while (k < len) /* markup, entities' '&' and two-byte code points to cut between */
        if (k % 11 == 0 && k + 2 <= len) {
            memcpy(s + k, "é", 2);
            k += 2;
        } else {
            s[k] = "ab<&*_[]>|~`"[k % 12];
            k++;
        }
    s[len] = '\0';
    free(al->headline);
    al->headline = strdup(s);
    free(al->outlet);
    al->outlet = strdup(s);
    snprintf(s, len + 64, "al_%zu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab", i);
    free(al->id);
    al->id = strdup(s);
    free(s);
    return al;
}

/* The digest of n such alerts for a destination of type, parsed; *bytes its size. */
static inline json_t *digest_roundtrip(na_dest_type type, na_alert **als, size_t n,
                                       const char *group, size_t *bytes)
{
    na_destination d = {.type = type, .name = (char *)"d"};
    na_format_digest_in in = {
        (const na_alert *const *)als, n, group,
        "dg_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"};
    char *body = NULL;
    size_t len = 0;
    if (na_format_digest(&d, &in, &body, &len))
        return NULL;
    json_t *j = json_loadb(body, len, 0, NULL);
    free(body);
    if (bytes)
        *bytes = len;
    return j;
}

/* 1 when every alert id of als occurs in the serialised j, as it is or markdown-escaped. */
static inline int digest_lists_all(json_t *j, na_alert **als, size_t n)
{
    char *s = json_dumps(j, 0);
    int ok = s != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char *md = na_format_md_escape(als[i]->id), *q = malloc(2 * strlen(md) + 1), *o = q;
        for (const char *p = md; *p; p++) { /* JSON doubles each backslash */
            if (*p == '\\')
                *o++ = '\\';
            *o++ = *p;
        }
        *o = '\0';
        ok = strstr(s, als[i]->id) || strstr(s, q);
        free(q);
        free(md);
    }
    free(s);
    return ok;
}

#endif
