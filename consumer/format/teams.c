/*
 * Microsoft Teams via Workflows (Power Automate "post to a channel when a webhook request is
 * received"): a message whose one attachment is an Adaptive Card 1.4.
 */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>

#include "newsalert/event.h"

#define DEFAULT_TEMPLATE "{{severity}} · {{rule_id}}: {{evidence}}"

static json_t *fact(const char *title, const char *value)
{
    return json_pack("{s:s, s:s}", "title", title, "value", value && *value ? value : "-");
}

json_t *na_format_teams(const na_alert *al, const char *template_text)
{
    char score[32], when[40] = "";
    snprintf(score, sizeof score, "%.2f", al->score);
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *text = na_format_template(template_text ? template_text : DEFAULT_TEMPLATE, al, NULL);
    if (!text)
        return NULL;
    json_t *card = json_pack(
        "{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:[ooooo]}]}",
        "$schema", "http://adaptivecards.io/schemas/adaptive-card.json", "type", "AdaptiveCard",
        "version", "1.4", "body", "type", "TextBlock", "size", "Medium", "weight", "Bolder", "text",
        al->headline ? al->headline : "(no headline)", "wrap", 1, "type", "TextBlock", "text", text,
        "wrap", 1, "type", "FactSet", "facts", fact("Rule", al->rule_id),
        fact("Severity", al->severity), fact("Score", score), fact("Outlet", al->outlet),
        fact("Time", when));
    free(text);
    if (card && al->url)
        json_object_set_new(card, "actions",
                            json_pack("[{s:s, s:s, s:s}]", "type", "Action.OpenUrl", "title",
                                      "Open article", "url", al->url));
    return card ? json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments",
                            "contentType", "application/vnd.microsoft.card.adaptive", "contentUrl",
                            "content", card)
                : NULL;
}
