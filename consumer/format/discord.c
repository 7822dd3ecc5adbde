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

/* One alert of a digest as an embed within budget characters (title, description, footer). */
static json_t *digest_embed(const na_alert *al, size_t budget, size_t *used)
{
    char when[40] = "";
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    size_t tmax = budget / 3 < TITLE_MAX ? budget / 3 : TITLE_MAX;
    char *title = na_format_md_field(al->headline && *al->headline ? al->headline : "(no headline)",
                                     tmax ? tmax : 1);
    char *footer = na_format_truncate(al->id && *al->id ? al->id : "-", FOOTER_MAX);
    char *line =
        na_format_template("**{{severity}}** · {{rule_id}} · {{outlet}}", al, na_format_md_escape);
    char *ev = description(al);
    char *link = na_format_link(al->url);
    json_t *embed = NULL;
    if (title && footer && line && ev) {
        size_t n = strlen(line) + strlen(ev) + 2;
        char *full = malloc(n);
        size_t fixed = na_format_utf8_len(title) + na_format_utf8_len(footer);
        size_t left = budget > fixed ? budget - fixed : 0;
        char *d = NULL;
        if (full) {
            snprintf(full, n, "%s%s%s", line, *ev ? "\n" : "", ev);
            d = na_format_md_cut(full, left < DESCRIPTION_MAX ? left : DESCRIPTION_MAX);
        }
        if (d) {
            embed = json_pack("{s:s, s:I, s:{s:s}}", "title", title, "color",
                              (json_int_t)severity_color(al->severity), "footer", "text", footer);
            if (embed && left)
                json_object_set_new(embed, "description", json_string(d));
            if (embed && link)
                json_object_set_new(embed, "url", json_string(link));
            if (embed && *when)
                json_object_set_new(embed, "timestamp", json_string(when));
            *used += fixed + (left ? na_format_utf8_len(d) : 0);
        }
        free(full);
        free(d);
    }
    free(title);
    free(footer);
    free(line);
    free(ev);
    free(link);
    return embed;
}

json_t *na_format_discord_digest(const na_format_digest_in *in)
{
    size_t n = strlen(in->group) + 64;
    char *head = malloc(n);
    if (!head)
        return NULL;
    snprintf(head, n, "%zu alerts%s%s", in->n, *in->group ? " · " : "", in->group);
    char *esc = na_format_md_escape(head);
    free(head);
    char *content = esc ? na_format_md_cut(esc, CONTENT_MAX) : NULL;
    free(esc);
    json_t *embeds = json_array(), *msg = NULL;
    size_t used = 0, budget = EMBED_TOTAL_MAX / (in->n ? in->n : 1);
    for (size_t i = 0; content && embeds && i < in->n; i++)
        if (json_array_append_new(embeds, digest_embed(in->alerts[i], budget, &used)))
            goto out;
    if (content && embeds && used <= EMBED_TOTAL_MAX)
        msg = json_pack("{s:s, s:O, s:{s:[]}}", "content", content, "embeds", embeds,
                        "allowed_mentions", "parse");
out:
    json_decref(embeds);
    free(content);
    return msg;
}
