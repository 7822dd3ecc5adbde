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

#endif
