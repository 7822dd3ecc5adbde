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
/* Discord allows 2048 and 1024: kept short so title, fields and footer alone fit in 6000. */
#define FOOTER_MAX 256
#define SHORT_FIELD_MAX 256 /* rule, severity, score */
#define EMBED_TOTAL_MAX 6000
#define DEFAULT_TEMPLATE "**{{severity}}** · {{rule_id}}: {{headline}}"

static unsigned severity_color(const char *sev)
{
    if (sev && !strcmp(sev, "critical"))
        return 0xD32F2F;
    if (sev && !strcmp(sev, "warning"))
        return 0xF9A825;
    return 0x1976D2;
}

/* Adds one inline field, its value escaped; returns its size in characters for the 6000 total. */
static size_t add_field(json_t *fields, const char *name, const char *value, size_t max)
{
    char *v = na_format_md_field(value, max);
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
    char *ev = al->n_evidence ? na_format_template("{{evidence}}", al, na_format_md_escape) : NULL;
    if (!ev)
        return al->n_evidence ? NULL : strdup("");
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
    char *text = na_format_template(template_text ? template_text : DEFAULT_TEMPLATE, al,
                                    na_format_md_escape);
    char *content = text ? na_format_md_cut(text, CONTENT_MAX) : NULL;
    char *title = na_format_md_field(al->headline && *al->headline ? al->headline : "(no headline)",
                                     TITLE_MAX);
    char *footer = na_format_truncate(al->id && *al->id ? al->id : "-", FOOTER_MAX);
    char *link = na_format_link(al->url);
    char *desc = description(al);
    json_t *fields = json_array(), *embed = json_object(), *msg = NULL;
    if (!content || !title || !footer || !desc || !fields || !embed)
        goto out;
    size_t used = na_format_utf8_len(title) + na_format_utf8_len(footer);
    used += add_field(fields, "Rule", al->rule_id, SHORT_FIELD_MAX);
    used += add_field(fields, "Severity", al->severity, SHORT_FIELD_MAX);
    used += add_field(fields, "Score", score, SHORT_FIELD_MAX);
    used += add_field(fields, "Outlet", al->outlet, FIELD_VALUE_MAX);
    char *story = na_format_story_text(al);
    if (story)
        used += add_field(fields, "Story", story, FIELD_VALUE_MAX);
    free(story);
    size_t budget = EMBED_TOTAL_MAX > used ? EMBED_TOTAL_MAX - used : 0;
    char *d = na_format_md_cut(desc, budget < DESCRIPTION_MAX ? budget : DESCRIPTION_MAX);
    json_object_set_new(embed, "title", json_string(title));
    if (link) /* Discord refuses the whole message for an embed URL it cannot parse */
        json_object_set_new(embed, "url", json_string(link));
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
    free(link);
    return msg;
}
