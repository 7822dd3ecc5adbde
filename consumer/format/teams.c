/*
 * Microsoft Teams via Workflows (Power Automate "post to a channel when a webhook request is
 * received"): a message whose one attachment is an Adaptive Card 1.4. TextBlocks and facts render
 * markdown, so every value is escaped; the serialised message stays under Teams' ~28 KB.
 */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"
#include "newsalert/json_util.h"

#define DEFAULT_TEMPLATE "{{severity}} · {{rule_id}}: {{evidence}}"
#define HEADLINE_MAX 500
#define FACT_MAX 500
#define TEXT_MAX NA_FORMAT_TEAMS_MAX_BYTES /* in code points: the byte limit cuts first */

static json_t *fact(const char *title, const char *value)
{
    char *v = na_format_md_field(value, FACT_MAX);
    json_t *j = v ? json_pack("{s:s, s:s}", "title", title, "value", v) : NULL;
    free(v);
    return j;
}

/* The message with the text block cut to max code points. */
static json_t *message(const na_alert *al, const char *headline, const char *text, size_t max,
                       const char *when, const char *link)
{
    char score[32];
    snprintf(score, sizeof score, "%.2f", al->score);
    char *cut = na_format_md_cut(text, max);
    if (!cut)
        return NULL;
    json_t *card = json_pack(
        "{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:[ooooo]}]}",
        "$schema", "http://adaptivecards.io/schemas/adaptive-card.json", "type", "AdaptiveCard",
        "version", "1.4", "body", "type", "TextBlock", "size", "Medium", "weight", "Bolder", "text",
        headline, "wrap", 1, "type", "TextBlock", "text", cut, "wrap", 1, "type", "FactSet",
        "facts", fact("Rule", al->rule_id), fact("Severity", al->severity), fact("Score", score),
        fact("Outlet", al->outlet), fact("Time", when));
    free(cut);
    char *story = na_format_story_text(al);
    if (card && story) /* the FactSet is the third block */
        json_array_append_new(
            json_object_get(json_array_get(json_object_get(card, "body"), 2), "facts"),
            fact("Story", story));
    free(story);
    if (card && link)
        json_object_set_new(card, "actions",
                            json_pack("[{s:s, s:s, s:s}]", "type", "Action.OpenUrl", "title",
                                      "Open article", "url", link));
    return card ? json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments",
                            "contentType", "application/vnd.microsoft.card.adaptive", "contentUrl",
                            "content", card)
                : NULL;
}

/* Serialised size of j in bytes, as na_format_payload writes it. */
static size_t dumped_size(const json_t *j)
{
    char *s = na_json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
    size_t n = s ? strlen(s) : (size_t)-1;
    free(s);
    return n;
}

json_t *na_format_teams(const na_alert *al, const char *template_text)
{
    char when[40] = "";
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *text = na_format_template(template_text ? template_text : DEFAULT_TEMPLATE, al,
                                    na_format_md_escape);
    char *headline = na_format_md_field(
        al->headline && *al->headline ? al->headline : "(no headline)", HEADLINE_MAX);
    char *link = na_format_link(al->url);
    json_t *msg = NULL;
    if (text && headline) {
        /* Each pass drops at least the excess bytes (a code point is at least one byte). */
        size_t max = TEXT_MAX;
        for (;;) {
            msg = message(al, headline, text, max, when, link);
            size_t size = msg ? dumped_size(msg) : 0;
            if (!msg || size <= NA_FORMAT_TEAMS_MAX_BYTES || max == 1)
                break;
            json_decref(msg);
            size_t have = na_format_utf8_len(text) < max ? na_format_utf8_len(text) : max,
                   excess = size - NA_FORMAT_TEAMS_MAX_BYTES + 8;
            max = have > excess + 1 ? have - excess : 1;
        }
    }
    free(text);
    free(headline);
    free(link);
    return msg;
}

/* One alert of a digest: a container (the article its select action) with a line of severity,
 * rule and headline, and a subtle line of outlet, time, id and evidence; texts cut to max. */
static json_t *digest_item(const na_alert *al, size_t max)
{
    char when[40] = "";
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *line =
        na_format_template("**{{severity}}** · {{rule_id}}: {{headline}}", al, na_format_md_escape);
    char *meta = na_format_template("{{id}} · {{time}} · {{outlet}}", al, na_format_md_escape);
    char *ev =
        al->n_evidence ? na_format_template("{{evidence}}", al, na_format_md_escape) : strdup("");
    char *l = line ? na_format_md_cut(line, max) : NULL;
    char *e = ev ? na_format_md_cut(ev, max) : NULL;
    char *m = meta ? na_format_md_cut(meta, max + 100) : NULL; /* id and time first: kept whole */
    char *link = na_format_link(al->url);
    json_t *c = NULL;
    if (l && m && e) {
        json_t *items = json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b, s:s, s:s}]", "type",
                                  "TextBlock", "text", l, "wrap", 1, "type", "TextBlock", "text", m,
                                  "isSubtle", 1, "size", "Small", "spacing", "None");
        if (items && *e)
            json_array_append_new(items, json_pack("{s:s, s:s, s:b, s:s}", "type", "TextBlock",
                                                   "text", e, "wrap", 1, "size", "Small"));
        c = items
                ? json_pack("{s:s, s:b, s:o}", "type", "Container", "separator", 1, "items", items)
                : NULL;
        if (c && link)
            json_object_set_new(c, "selectAction",
                                json_pack("{s:s, s:s, s:s}", "type", "Action.OpenUrl", "title",
                                          "Open article", "url", link));
    }
    free(line);
    free(meta);
    free(m);
    free(ev);
    free(l);
    free(e);
    free(link);
    return c;
}

static json_t *digest_message(const na_format_digest_in *in, const char *head, size_t max)
{
    json_t *body = json_pack("[{s:s, s:s, s:s, s:s, s:b}]", "type", "TextBlock", "size", "Medium",
                             "weight", "Bolder", "text", head, "wrap", 1);
    for (size_t i = 0; body && i < in->n; i++)
        if (json_array_append_new(body, digest_item(in->alerts[i], max))) {
            json_decref(body);
            return NULL;
        }
    json_t *card = body ? json_pack("{s:s, s:s, s:s, s:o}", "$schema",
                                    "http://adaptivecards.io/schemas/adaptive-card.json", "type",
                                    "AdaptiveCard", "version", "1.4", "body", body)
                        : NULL;
    return card ? json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments",
                            "contentType", "application/vnd.microsoft.card.adaptive", "contentUrl",
                            "content", card)
                : NULL;
}

json_t *na_format_teams_digest(const na_format_digest_in *in)
{
    size_t n = strlen(in->group) + 96;
    char *title = malloc(n);
    if (!title)
        return NULL;
    snprintf(title, n, "%zu alerts%s%s (digest %s)", in->n, *in->group ? ": " : "", in->group,
             in->id);
    char *head = na_format_md_field(title, HEADLINE_MAX);
    free(title);
    json_t *msg = NULL;
    /* Halves the texts' length until the message fits (ids and structure alone always do). */
    for (size_t max = FACT_MAX; head; max /= 2) {
        msg = digest_message(in, head, max);
        if (!msg || dumped_size(msg) <= NA_FORMAT_TEAMS_MAX_BYTES || max <= 8)
            break;
        json_decref(msg);
        msg = NULL;
    }
    free(head);
    return msg;
}
