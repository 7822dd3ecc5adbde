/*
 * Discord webhook message: "content" plus one embed, cut (on UTF-8 boundaries) to Discord's
 * limits; mentions are disabled so an alert can never ping @everyone.
 */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"

#define CONTENT_MAX 2000
#define TITLE_MAX 256
#define DESCRIPTION_MAX 4096
#define FIELD_VALUE_MAX 1024
#define FOOTER_MAX 2048
#define EMBED_TOTAL_MAX 6000
#define DEFAULT_TEMPLATE "**{{severity}}** · {{rule_id}}: {{headline}}"

/* Backslash-escapes Discord markdown so headlines render literally. */
static char *md_escape(const char *s)
{
    char *out = malloc(2 * strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (strchr("\\*_~`|>#[]()", *p))
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* Cuts after escaping without leaving a lone trailing backslash. */
static char *cut(const char *s, size_t max)
{
    char *t = na_format_truncate(s, max);
    size_t n = t ? strlen(t) : 0;
    size_t body = n >= 3 && !strcmp(t + n - 3, "…") ? n - 3 : n, slashes = 0;
    while (body > slashes && t[body - 1 - slashes] == '\\')
        slashes++;
    if (t && slashes % 2 && body < n)
        memcpy(t + body - 1, "…", 4);
    return t;
}

static unsigned severity_color(const char *sev)
{
    if (sev && !strcmp(sev, "critical"))
        return 0xD32F2F;
    if (sev && !strcmp(sev, "warning"))
        return 0xF9A825;
    return 0x1976D2;
}

/* Adds one inline field; returns its size in characters for the 6000 total. */
static size_t add_field(json_t *fields, const char *name, const char *value)
{
    char *v = cut(value && *value ? value : "-", FIELD_VALUE_MAX);
    if (!v)
        return 0;
    json_array_append_new(fields,
                          json_pack("{s:s, s:s, s:b}", "name", name, "value", v, "inline", 1));
    size_t n = na_format_utf8_len(name) + na_format_utf8_len(v);
    free(v);
    return n;
}

/* The evidence as "• snippet" lines, escaped. */
static char *description(const na_alert *al)
{
    char *ev = na_format_template("{{evidence}}", al, md_escape);
    if (!ev || !*ev)
        return ev;
    size_t n = strlen(ev) + 5;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "• %s", ev);
    free(ev);
    return out;
}

json_t *na_format_discord(const na_alert *al, const char *template_text)
{
    char score[32], when[40] = "";
    snprintf(score, sizeof score, "%.2f", al->score);
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *text =
        na_format_template(template_text ? template_text : DEFAULT_TEMPLATE, al, md_escape);
    char *content = text ? cut(text, CONTENT_MAX) : NULL;
    char *title = cut(al->headline ? al->headline : "(no headline)", TITLE_MAX);
    char *footer = cut(al->id ? al->id : "", FOOTER_MAX);
    char *desc = description(al);
    json_t *fields = json_array(), *embed = json_object(), *msg = NULL;
    if (!content || !title || !footer || !desc || !fields || !embed)
        goto out;
    size_t used = na_format_utf8_len(title) + na_format_utf8_len(footer);
    used += add_field(fields, "Rule", al->rule_id);
    used += add_field(fields, "Severity", al->severity);
    used += add_field(fields, "Score", score);
    used += add_field(fields, "Outlet", al->outlet);
    size_t budget = EMBED_TOTAL_MAX > used ? EMBED_TOTAL_MAX - used : 0;
    char *d = cut(desc, budget < DESCRIPTION_MAX ? budget : DESCRIPTION_MAX);
    json_object_set_new(embed, "title", json_string(title));
    if (al->url)
        json_object_set_new(embed, "url", json_string(al->url));
    if (d && *d)
        json_object_set_new(embed, "description", json_string(d));
    free(d);
    json_object_set_new(embed, "color", json_integer(severity_color(al->severity)));
    json_object_set(embed, "fields", fields);
    json_object_set_new(embed, "footer", json_pack("{s:s}", "text", footer));
    if (*when)
        json_object_set_new(embed, "timestamp", json_string(when));
    msg = json_pack("{s:s, s:[O], s:{s:[]}}", "content", content, "embeds", embed,
                    "allowed_mentions", "parse");
out:
    json_decref(fields);
    json_decref(embed);
    free(text);
    free(content);
    free(title);
    free(footer);
    free(desc);
    return msg;
}
