/*
 * Slack incoming-webhook message: "text" (the notification fallback) plus Block Kit blocks
 * (header, section, fields, context). Values are mrkdwn-escaped: & < > are markup in Slack.
 */
#include "format/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"

#define HEADER_MAX 150   /* plain_text in a header block */
#define SECTION_MAX 3000 /* mrkdwn text in a section block */
#define FIELD_MAX 2000   /* each section field */
#define TEXT_MAX 40000   /* the top-level "text" (Slack cuts longer messages) */
#define DEFAULT_TEMPLATE "*{{severity}}* · {{rule_id}}: {{headline}}\n{{evidence}}"

static char *mrkdwn_escape(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '&' ? 5 : (*p == '<' || *p == '>') ? 4 : 1;
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
        if (rep) {
            memcpy(o, rep, strlen(rep));
            o += strlen(rep);
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* Cuts escaped text to max code points without leaving half an entity ("&am…"). */
static char *mrkdwn_cut(const char *escaped, size_t max)
{
    char *t = na_format_truncate(escaped, max);
    size_t n = t ? strlen(t) : 0;
    if (n >= 3 && !strcmp(t + n - 3, "…")) {
        char *amp = strrchr(t, '&');
        if (amp && !strchr(amp, ';'))
            memcpy(amp, "…", 4);
    }
    return t;
}

static json_t *mrkdwn_text(const char *escaped, size_t max)
{
    char *t = mrkdwn_cut(escaped, max);
    if (!t)
        return NULL;
    json_t *j = json_pack("{s:s, s:s}", "type", "mrkdwn", "text", t);
    free(t);
    return j;
}

static json_t *field(const char *title, const char *value)
{
    char *esc = mrkdwn_escape(value ? value : "-");
    size_t n = strlen(title) + (esc ? strlen(esc) : 0) + 4;
    char *s = malloc(n);
    json_t *j = NULL;
    if (esc && s) {
        snprintf(s, n, "*%s*\n%s", title, esc);
        j = mrkdwn_text(s, FIELD_MAX);
    }
    free(esc);
    free(s);
    return j;
}

/* "<url|Open article> · time · id", the link only when the URL passes the link policy. */
static json_t *context(const na_alert *al)
{
    char when[40] = "";
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *link = na_format_link(al->url), *url = link ? mrkdwn_escape(link) : NULL;
    free(link);
    char *id = mrkdwn_escape(al->id ? al->id : "");
    size_t n = (url ? strlen(url) : 0) + strlen(when) + (id ? strlen(id) : 0) + 64;
    char *s = malloc(n);
    json_t *j = NULL;
    if (s && id) {
        int k = url ? snprintf(s, n, "<%s|Open article> · ", url) : 0;
        if (*when)
            k += snprintf(s + k, n - (size_t)k, "%s · ", when);
        snprintf(s + k, n - (size_t)k, "%s", id);
        j = json_pack("{s:s, s:[o]}", "type", "context", "elements", mrkdwn_text(s, FIELD_MAX));
    }
    free(url);
    free(id);
    free(s);
    return j;
}

json_t *na_format_slack(const na_alert *al, const char *template_text)
{
    char *full =
        na_format_template(template_text ? template_text : DEFAULT_TEMPLATE, al, mrkdwn_escape);
    char *text = full ? mrkdwn_cut(full, TEXT_MAX) : NULL;
    free(full);
    char *header = na_format_truncate(
        al->headline && *al->headline ? al->headline : "(no headline)", HEADER_MAX);
    char score[32];
    snprintf(score, sizeof score, "%.2f", al->score);
    json_t *j = NULL;
    if (text && header)
        j = json_pack("{s:s, s:[{s:s, s:{s:s, s:s, s:b}}, {s:s, s:o}, {s:s, s:[oooo]}, o]}", "text",
                      text, "blocks", "type", "header", "text", "type", "plain_text", "text",
                      header, "emoji", 0, "type", "section", "text", mrkdwn_text(text, SECTION_MAX),
                      "type", "section", "fields", field("Rule", al->rule_id),
                      field("Severity", al->severity), field("Score", score),
                      field("Outlet", al->outlet), context(al));
    char *story = na_format_story_text(al);
    if (j && story) /* the fields block is the third */
        json_array_append_new(
            json_object_get(json_array_get(json_object_get(j, "blocks"), 2), "fields"),
            field("Story", story));
    free(story);
    free(text);
    free(header);
    return j;
}

#define DIGEST_LINE_MAX 300 /* each alert's line in the fallback text */

/* One alert of a digest as a section: severity, rule, linked headline, outlet and time, and
 * its evidence, all escaped and cut to a section's 3000 characters. */
static json_t *digest_section(const na_alert *al)
{
    char when[40] = "";
    if (al->time_ms >= 0)
        na_time_format(al->time_ms, when, sizeof when);
    char *head = mrkdwn_escape(al->headline && *al->headline ? al->headline : "(no headline)");
    char *cut = head ? mrkdwn_cut(head, HEADER_MAX) : NULL;
    char *link = na_format_link(al->url), *url = link ? mrkdwn_escape(link) : NULL;
    char *outlet = mrkdwn_escape(al->outlet ? al->outlet : "-");
    char *meta = outlet ? mrkdwn_cut(outlet, HEADER_MAX) : NULL;
    char *aid = mrkdwn_escape(al->id ? al->id : "-");
    char *ev = al->n_evidence ? na_format_template("{{evidence}}", al, mrkdwn_escape) : NULL;
    char *sev = mrkdwn_escape(al->severity ? al->severity : "-");
    char *rule = mrkdwn_escape(al->rule_id ? al->rule_id : "-");
    json_t *j = NULL;
    if (cut && meta && aid && sev && rule && (ev || !al->n_evidence)) {
        size_t n = strlen(cut) + (url ? strlen(url) : 0) + strlen(meta) + (ev ? strlen(ev) : 0) +
                   strlen(sev) + strlen(rule) + strlen(when) + strlen(aid) + 64;
        char *s = malloc(n);
        if (s) {
            int k = snprintf(s, n, "*%s* · %s: ", sev, rule);
            if (url)
                k += snprintf(s + k, n - (size_t)k, "<%s|%s>", url, cut);
            else
                k += snprintf(s + k, n - (size_t)k, "%s", cut);
            k += snprintf(s + k, n - (size_t)k, "\n%s · %s%s%s", aid, meta, *when ? " · " : "",
                          when);
            if (ev && *ev)
                snprintf(s + k, n - (size_t)k, "\n%s", ev);
            j = json_pack("{s:s, s:o}", "type", "section", "text", mrkdwn_text(s, SECTION_MAX));
            free(s);
        }
    }
    free(head);
    free(cut);
    free(link);
    free(url);
    free(meta);
    free(outlet);
    free(aid);
    free(ev);
    free(sev);
    free(rule);
    return j;
}

/* The notification text: a count, then one short line per alert, cut to TEXT_MAX. */
static char *digest_text(const na_format_digest_in *in)
{
    size_t n = 128 + strlen(in->group) * 2;
    for (size_t i = 0; i < in->n; i++)
        n += 4 * DIGEST_LINE_MAX + 16;
    char *s = malloc(n), *g = mrkdwn_escape(in->group);
    if (!s || !g) {
        free(s);
        free(g);
        return NULL;
    }
    size_t k = (size_t)snprintf(s, n, "%zu alerts%s%s", in->n, *g ? " · " : "", g);
    for (size_t i = 0; i < in->n; i++) {
        const na_alert *al = in->alerts[i];
        char *line =
            na_format_template("{{severity}} · {{rule_id}}: {{headline}}", al, mrkdwn_escape);
        char *cut = line ? mrkdwn_cut(line, DIGEST_LINE_MAX) : NULL;
        if (cut)
            k += (size_t)snprintf(s + k, n - k, "\n• %s", cut);
        free(line);
        free(cut);
    }
    free(g);
    char *out = mrkdwn_cut(s, TEXT_MAX);
    free(s);
    return out;
}

json_t *na_format_slack_digest(const na_format_digest_in *in)
{
    size_t tn = strlen(in->group) + 64;
    char *title = malloc(tn);
    if (title)
        snprintf(title, tn, "%zu alerts%s%s", in->n, *in->group ? ": " : "", in->group);
    char *header = title ? na_format_truncate(title, HEADER_MAX) : NULL;
    free(title);
    char *text = digest_text(in);
    char *id = mrkdwn_escape(in->id);
    json_t *blocks = json_array(), *msg = NULL;
    if (!header || !text || !id || !blocks)
        goto out;
    json_array_append_new(blocks, json_pack("{s:s, s:{s:s, s:s, s:b}}", "type", "header", "text",
                                            "type", "plain_text", "text", header, "emoji", 0));
    for (size_t i = 0; i < in->n; i++)
        if (json_array_append_new(blocks, digest_section(in->alerts[i])))
            goto out;
    char ctx[160];
    snprintf(ctx, sizeof ctx, "digest %s", id);
    json_array_append_new(blocks, json_pack("{s:s, s:[o]}", "type", "context", "elements",
                                            mrkdwn_text(ctx, FIELD_MAX)));
    msg = json_pack("{s:s, s:O}", "text", text, "blocks", blocks);
out:
    json_decref(blocks);
    free(header);
    free(text);
    free(id);
    return msg;
}
