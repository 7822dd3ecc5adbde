#include "modes/report.h"
#include "modes/report_story.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsalert/error.h"
#include "format/format.h"
#include "newsalert/grow.h"
#include "newsalert/json_util.h"
#include "newsalert/event.h"
#include "newsalert/clock.h"
#include "modes/report_int.h"

#define TOP_EVIDENCE 5
#define HOUR_MS 3600000LL
#define DAY_MS (24 * HOUR_MS)
#define SILENCED_KEPT 1000 /* silenced alerts listed; more are only counted */

struct example {
    double score;
    int64_t time_ms;
    char *event_id, *headline, *url, *snippet;
};

struct rule_stats {
    char *rule_id, *description, *severity;
    size_t matches, windows; /* alerts; of them, window alerts */
    int64_t first, last;
    int64_t *times;
    size_t n_times, cap_times;
    struct example top[TOP_EVIDENCE];
    size_t n_top;
};

/* An alert a silence muted for one destination (kept, not sent). */
struct silenced {
    char *alert_id, *rule_id, *destination, *silence_id, *headline;
    int64_t time_ms;
};

struct na_report {
    pthread_mutex_t lock; /* the window stage adds its alerts from a thread of its own */
    char *title;
    size_t events;
    int64_t tmin, tmax; /* over events and alerts with known times; -1 when none */
    struct rule_stats *rules;
    size_t n_rules, cap_rules;
    struct silenced *silenced; /* the first SILENCED_KEPT */
    size_t n_silenced, cap_silenced, silenced_total;
    na_report_stories *stories; /* alerts grouped per story (report_story.c) */
    na_report_routing *routing; /* report_routing.c */
};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

na_report *na_report_new(const char *title)
{
    na_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->title = strdup(title ? title : "newsalert");
    r->tmin = r->tmax = -1;
    r->stories = na_report_stories_new();
    r->routing = na_report_routing_new();
    if (!r->title || !r->stories || !r->routing || pthread_mutex_init(&r->lock, NULL)) {
        na_report_stories_destroy(r->stories);
        na_report_routing_destroy(r->routing);
        free(r->title);
        free(r);
        return NULL;
    }
    return r;
}

static void example_free(struct example *e)
{
    free(e->event_id);
    free(e->headline);
    free(e->url);
    free(e->snippet);
}

void na_report_destroy(na_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rules; i++) {
        struct rule_stats *s = &r->rules[i];
        free(s->rule_id);
        free(s->description);
        free(s->severity);
        free(s->times);
        for (size_t k = 0; k < s->n_top; k++)
            example_free(&s->top[k]);
    }
    free(r->rules);
    for (size_t i = 0; i < r->n_silenced; i++) {
        struct silenced *x = &r->silenced[i];
        free(x->alert_id);
        free(x->rule_id);
        free(x->destination);
        free(x->silence_id);
        free(x->headline);
    }
    free(r->silenced);
    na_report_stories_destroy(r->stories);
    na_report_routing_destroy(r->routing);
    free(r->title);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static void see_time(na_report *r, int64_t t)
{
    if (t < 0)
        return;
    if (r->tmin < 0 || t < r->tmin)
        r->tmin = t;
    if (t > r->tmax)
        r->tmax = t;
}

void na_report_add_event(na_report *r, int64_t time_ms)
{
    pthread_mutex_lock(&r->lock);
    r->events++;
    see_time(r, time_ms);
    pthread_mutex_unlock(&r->lock);
}

static struct rule_stats *rule_get(na_report *r, const na_alert *al)
{
    for (size_t i = 0; i < r->n_rules; i++)
        if (strcmp(r->rules[i].rule_id, al->rule_id) == 0)
            return &r->rules[i];
    if (na_grow((void **)&r->rules, &r->cap_rules, r->n_rules, sizeof *r->rules, 8))
        return NULL;
    struct rule_stats *s = &r->rules[r->n_rules];
    memset(s, 0, sizeof *s);
    s->rule_id = strdup(al->rule_id);
    s->description = dup_or_null(al->description);
    s->severity = dup_or_null(al->severity);
    s->first = s->last = -1;
    if (!s->rule_id)
        return NULL;
    r->n_rules++;
    return s;
}

/* Keeps the TOP_EVIDENCE highest-scoring alerts, earliest first among equals. */
/* A window alert's example line: the window, its key and the headlines that filled it. */
static char *window_summary(const na_alert *al)
{
    char from[40], to[40], *buf = NULL;
    size_t len = 0;
    na_time_format(al->window_start, from, sizeof from);
    na_time_format(al->window_end, to, sizeof to);
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "%zu events for \"%s\" in (%s, %s], the newest: ", al->window_count,
            al->group_key ? al->group_key : "*", from, to);
    for (size_t i = al->n_evidence; i-- > 0;)
        fprintf(f, "%s%s", al->evidence[i].snippet ? al->evidence[i].snippet : "", i ? " | " : "");
    fclose(f);
    return buf;
}

static int keep_example(struct rule_stats *s, const na_alert *al)
{
    size_t slot = s->n_top;
    if (s->n_top == TOP_EVIDENCE) {
        slot = 0;
        for (size_t k = 1; k < TOP_EVIDENCE; k++)
            if (s->top[k].score < s->top[slot].score)
                slot = k;
        if (al->score <= s->top[slot].score)
            return NA_OK;
        example_free(&s->top[slot]);
    } else {
        s->n_top++;
    }
    struct example *e = &s->top[slot];
    e->score = al->score;
    e->time_ms = al->time_ms;
    e->event_id = dup_or_null(al->event_id);
    e->headline = dup_or_null(al->headline);
    e->url = dup_or_null(al->url);
    e->snippet = al->window_count ? window_summary(al)
                 : al->n_evidence ? dup_or_null(al->evidence[0].snippet)
                                  : NULL;
    return NA_OK;
}

static int add_alert(na_report *r, const na_alert *al)
{
    struct rule_stats *s = rule_get(r, al);
    if (!s)
        return NA_ENOMEM;
    if (na_report_stories_add(r->stories, al))
        return NA_ENOMEM;
    s->matches++;
    s->windows += al->window_count > 0;
    if (al->time_ms >= 0) {
        if (s->first < 0 || al->time_ms < s->first)
            s->first = al->time_ms;
        if (al->time_ms > s->last)
            s->last = al->time_ms;
        if (na_grow((void **)&s->times, &s->cap_times, s->n_times, sizeof *s->times, 64))
            return NA_ENOMEM;
        s->times[s->n_times++] = al->time_ms;
        see_time(r, al->time_ms);
    }
    return keep_example(s, al);
}

int na_report_add_alert(na_report *r, const na_alert *al)
{
    if (!al->rule_id)
        return NA_EINVAL;
    pthread_mutex_lock(&r->lock);
    int rc = add_alert(r, al);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

static int add_silenced(na_report *r, const na_alert *al, const char *destination,
                        const char *silence_id)
{
    r->silenced_total++;
    if (r->n_silenced >= SILENCED_KEPT)
        return NA_OK;
    if (na_grow((void **)&r->silenced, &r->cap_silenced, r->n_silenced, sizeof *r->silenced, 16))
        return NA_ENOMEM;
    struct silenced *x = &r->silenced[r->n_silenced++];
    x->alert_id = dup_or_null(al->id);
    x->rule_id = dup_or_null(al->rule_id);
    x->destination = dup_or_null(destination ? destination : "");
    x->silence_id = dup_or_null(silence_id);
    x->headline = dup_or_null(al->headline);
    x->time_ms = al->time_ms;
    return NA_OK;
}

int na_report_add_silenced(na_report *r, const na_alert *al, const char *destination,
                           const char *silence_id)
{
    pthread_mutex_lock(&r->lock);
    int rc = add_silenced(r, al, destination, silence_id);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

na_report_routing *na_report_routing_of(na_report *r)
{
    return r->routing;
}

int64_t na_report_bucket_ms(const na_report *r)
{
    return r->tmin >= 0 && r->tmax - r->tmin <= 3 * DAY_MS ? HOUR_MS : DAY_MS;
}

static int64_t floor_to(int64_t t, int64_t w)
{
    return t - t % w;
}

/* Matches per bucket over [floor(tmin), tmax]; *n gets the bucket count (0 without times). */
static size_t *timeline(const na_report *r, const struct rule_stats *s, size_t *n)
{
    *n = 0;
    if (r->tmin < 0)
        return NULL;
    int64_t w = na_report_bucket_ms(r), start = floor_to(r->tmin, w);
    size_t nb = (size_t)((r->tmax - start) / w) + 1;
    size_t *counts = calloc(nb, sizeof *counts);
    if (!counts)
        return NULL;
    for (size_t i = 0; i < s->n_times; i++)
        counts[(s->times[i] - start) / w]++;
    *n = nb;
    return counts;
}

void na_report_time(int64_t t, char *buf, size_t n)
{
    if (t < 0)
        snprintf(buf, n, "-");
    else
        na_time_format(t, buf, n);
}

static FILE *open_out(const char *path, char *errstr, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f)
        snprintf(errstr, errlen, "%s: %s", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path, char *errstr, size_t errlen)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        snprintf(errstr, errlen, "%s: write failed: %s", path, strerror(errno));
        return NA_EIO;
    }
    return NA_OK;
}

int na_report_write_json(const na_report *r, const char *path, char *errstr, size_t errlen)
{
    json_t *root = json_object();
    json_object_set_new(root, "title", json_string(r->title));
    json_object_set_new(root, "events", json_integer((json_int_t)r->events));
    json_object_set_new(root, "first_time", na_json_time_or_null(r->tmin));
    json_object_set_new(root, "last_time", na_json_time_or_null(r->tmax));
    json_object_set_new(root, "bucket",
                        json_string(na_report_bucket_ms(r) == HOUR_MS ? "hour" : "day"));
    json_t *rules = json_array();
    int rc = NA_OK;
    for (size_t i = 0; i < r->n_rules && rc == NA_OK; i++) {
        const struct rule_stats *s = &r->rules[i];
        json_t *o = json_object();
        json_object_set_new(o, "rule_id", json_string(s->rule_id));
        json_object_set_new(o, "description", na_json_str_or_null(s->description));
        json_object_set_new(o, "severity", na_json_str_or_null(s->severity));
        json_object_set_new(o, "matches", json_integer((json_int_t)s->matches));
        json_object_set_new(o, "window_alerts", json_integer((json_int_t)s->windows));
        json_object_set_new(o, "first_match", na_json_time_or_null(s->first));
        json_object_set_new(o, "last_match", na_json_time_or_null(s->last));
        json_t *top = json_array();
        for (size_t k = 0; k < s->n_top; k++) {
            const struct example *e = &s->top[k];
            json_t *x = json_object();
            json_object_set_new(x, "event_id", na_json_str_or_null(e->event_id));
            json_object_set_new(x, "headline", na_json_str_or_null(e->headline));
            json_object_set_new(x, "url", na_json_str_or_null(e->url));
            json_object_set_new(x, "time", na_json_time_or_null(e->time_ms));
            json_object_set_new(x, "score", json_real(e->score));
            json_object_set_new(x, "snippet", na_json_str_or_null(e->snippet));
            json_array_append_new(top, x);
        }
        json_object_set_new(o, "top_evidence", top);
        size_t nb;
        size_t *counts = timeline(r, s, &nb);
        if (nb && !counts)
            rc = NA_ENOMEM;
        json_t *tl = json_array();
        int64_t w = na_report_bucket_ms(r), start = r->tmin >= 0 ? floor_to(r->tmin, w) : 0;
        for (size_t b = 0; b < nb; b++) {
            json_t *x = json_object();
            json_object_set_new(x, "start", na_json_time_or_null(start + (int64_t)b * w));
            json_object_set_new(x, "count", json_integer((json_int_t)counts[b]));
            json_array_append_new(tl, x);
        }
        free(counts);
        json_object_set_new(o, "timeline", tl);
        json_array_append_new(rules, o);
    }
    json_object_set_new(root, "rules", rules);
    json_t *sil = json_array();
    for (size_t i = 0; i < r->n_silenced; i++) {
        const struct silenced *x = &r->silenced[i];
        json_array_append_new(sil, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "alert_id",
                                             na_json_str_or_null(x->alert_id), "rule_id",
                                             na_json_str_or_null(x->rule_id), "destination",
                                             na_json_str_or_null(x->destination), "silence_id",
                                             na_json_str_or_null(x->silence_id), "headline",
                                             na_json_str_or_null(x->headline), "time",
                                             na_json_time_or_null(x->time_ms)));
    }
    json_object_set_new(root, "stories", na_report_stories_json(r->stories));
    json_object_set_new(
        root, "silenced",
        json_pack("{s:I, s:o}", "total", (json_int_t)r->silenced_total, "alerts", sil));
    json_object_set_new(root, "routing", na_report_routing_json(r->routing));
    if (rc == NA_OK) {
        FILE *f = open_out(path, errstr, errlen);
        if (!f) {
            rc = NA_EIO;
        } else {
            json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fputc('\n', f);
            rc = close_out(f, path, errstr, errlen);
        }
    } else {
        snprintf(errstr, errlen, "%s: out of memory", path);
    }
    json_decref(root);
    return rc;
}

void na_report_html_cells(FILE *f, const char *const *v, size_t n)
{
    fputs("<tr>", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<td>", f);
        na_report_html_escape(f, v[i]);
        fputs("</td>", f);
    }
    fputs("</tr>\n", f);
}

void na_report_html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

/* "2022-06-01" for day buckets, "06-01 14:00" for hours. */
static void bucket_label(int64_t t, int64_t w, char *buf, size_t n)
{
    char full[40];
    na_time_format(t, full, sizeof full);
    if (w == DAY_MS)
        snprintf(buf, n, "%.10s", full);
    else
        snprintf(buf, n, "%.5s %.5s", full + 5, full + 11);
}

static void write_chart(FILE *f, const na_report *r, const struct rule_stats *s)
{
    size_t nb;
    size_t *counts = timeline(r, s, &nb);
    if (!counts || nb == 0) {
        fputs("<p class=\"empty\">No timed matches to chart.</p>\n", f);
        free(counts);
        return;
    }
    const double W = 900, H = 180, left = 44, right = 10, top = 10, bottom = 28;
    const double pw = W - left - right, ph = H - top - bottom;
    size_t max = 1;
    for (size_t b = 0; b < nb; b++)
        if (counts[b] > max)
            max = counts[b];
    int64_t w = na_report_bucket_ms(r), start = floor_to(r->tmin, w);
    const char *unit = w == DAY_MS ? "day" : "hour";
    fprintf(
        f,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
        "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"Matches per %s for ",
        W, H, W, H, unit);
    na_report_html_escape(f, s->rule_id);
    fputs("\">\n", f);
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
            top + ph, left + pw, top + ph);
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", left,
            top, left, top + ph);
    fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%zu</text>\n",
            left - 6, top + 10, max);
    fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>\n",
            left - 6, top + ph);
    double bw = pw / (double)nb;
    for (size_t b = 0; b < nb; b++) {
        if (!counts[b])
            continue;
        double h = ph * (double)counts[b] / (double)max;
        char label[32];
        bucket_label(start + (int64_t)b * w, w, label, sizeof label);
        fprintf(f,
                "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                "height=\"%.2f\"><title>%s: %zu</title></rect>\n",
                left + bw * (double)b + (bw > 3 ? 0.5 : 0), top + ph - h, bw > 3 ? bw - 1 : bw, h,
                label, counts[b]);
    }
    size_t ticks[3] = {0, nb / 2, nb - 1};
    for (size_t k = 0; k < (nb > 2 ? 3u : nb); k++) {
        char label[32];
        bucket_label(start + (int64_t)ticks[k] * w, w, label, sizeof label);
        const char *anchor = k == 0 ? "start" : k == 2 ? "end" : "middle";
        double x = left + bw * ((double)ticks[k] + (k == 2 ? 1.0 : k == 1 ? 0.5 : 0.0));
        fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x,
                H - 8, anchor, label);
    }
    fputs("</svg>\n", f);
    free(counts);
}

static const char page_style[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem "
    "auto;max-width:960px;"
    "color:#1b1f24;padding:0 1rem}h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#57606a}"
    "table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;padding:.35rem "
    ".6rem;"
    "border-bottom:1px solid #d0d7de}td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "section.rule{border-top:2px solid #d0d7de;margin-top:1.6rem;padding-top:.6rem}"
    ".sev{font-size:.75rem;padding:.1rem "
    ".45rem;border-radius:.6rem;vertical-align:middle;background:#ddf4ff}"
    ".sev-critical{background:#ffd8d3}.sev-warning{background:#fff1c5}"
    "svg.timeline{max-width:100%;height:auto}.bar{fill:#0969da}.axis{stroke:#57606a}"
    ".tick{font-size:11px;fill:#57606a}blockquote{margin:.2rem 0 .6rem 1rem;color:#424a53}"
    "ol.evidence li{margin-bottom:.4rem}.empty{color:#57606a;font-style:italic}";

/* The alerts silences muted: kept in the report, not sent (docs/silences.md). */
static void write_silenced(FILE *f, const na_report *r)
{
    fprintf(f,
            "<section class=\"rule\" id=\"silenced\">\n<h2>Silenced alerts</h2>\n<p>%zu alert "
            "deliveries muted by a silence%s</p>\n",
            r->silenced_total, r->silenced_total > r->n_silenced ? " (the first ones listed)" : "");
    if (!r->n_silenced) {
        fputs("</section>\n", f);
        return;
    }
    fputs("<table class=\"summary\">\n<thead><tr><th>Rule</th><th>Destination</th><th>Silence</th>"
          "<th>Alert</th><th>Time</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < r->n_silenced; i++) {
        const struct silenced *x = &r->silenced[i];
        char t[40];
        na_report_time(x->time_ms, t, sizeof t);
        const char *row[5] = {x->rule_id, x->destination, x->silence_id,
                              x->headline ? x->headline : x->alert_id, t};
        na_report_html_cells(f, row, 5);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
}

int na_report_write_html(const na_report *r, const char *path, char *errstr, size_t errlen)
{
    FILE *f = open_out(path, errstr, errlen);
    if (!f)
        return NA_EIO;
    char a[40], b[40], now[40];
    na_report_time(r->tmin, a, sizeof a);
    na_report_time(r->tmax, b, sizeof b);
    na_report_time(na_clock_wall_ms() / 1000 * 1000, now, sizeof now);
    fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          /* No script, frame or remote load: even escaped text cannot run anything. */
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<title>newsalert report: ",
          f);
    na_report_html_escape(f, r->title);
    fprintf(f,
            "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>newsalert backtest report</h1>\n<p "
            "class=\"meta\">",
            page_style);
    na_report_html_escape(f, r->title);
    fprintf(f, " &middot; %zu events &middot; %s to %s &middot; generated %s</p>\n", r->events, a,
            b, now);

    fputs("<table class=\"summary\">\n<thead><tr><th>Rule</th><th>Severity</th><th>Matches</th>"
          "<th>First match</th><th>Last match</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < r->n_rules; i++) {
        const struct rule_stats *s = &r->rules[i];
        na_report_time(s->first, a, sizeof a);
        na_report_time(s->last, b, sizeof b);
        fputs("<tr><td><a href=\"#rule-", f);
        na_report_html_escape(f, s->rule_id);
        fputs("\">", f);
        na_report_html_escape(f, s->rule_id);
        fputs("</a></td><td>", f);
        na_report_html_escape(f, s->severity);
        fprintf(f, "</td><td class=\"num\">%zu</td><td>%s</td><td>%s</td></tr>\n", s->matches, a,
                b);
    }
    if (!r->n_rules)
        fputs("<tr><td colspan=\"5\" class=\"empty\">No rule matched.</td></tr>\n", f);
    fputs("</tbody>\n</table>\n", f);

    for (size_t i = 0; i < r->n_rules; i++) {
        const struct rule_stats *s = &r->rules[i];
        fputs("<section class=\"rule\" id=\"rule-", f);
        na_report_html_escape(f, s->rule_id);
        fputs("\">\n<h2>", f);
        na_report_html_escape(f, s->rule_id);
        fputs(" <span class=\"sev sev-", f);
        na_report_html_escape(f, s->severity);
        fputs("\">", f);
        na_report_html_escape(f, s->severity);
        fputs("</span></h2>\n", f);
        if (s->description) {
            fputs("<p>", f);
            na_report_html_escape(f, s->description);
            fputs("</p>\n", f);
        }
        if (s->windows)
            fprintf(f, "<p class=\"meta\">%zu of the %zu alerts are window alerts.</p>\n",
                    s->windows, s->matches);
        write_chart(f, r, s);
        fputs("<h3>Top evidence</h3>\n<ol class=\"evidence\">\n", f);
        for (size_t k = 0; k < s->n_top; k++) {
            const struct example *e = &s->top[k];
            na_report_time(e->time_ms, a, sizeof a);
            fputs("<li>", f);
            char *link = na_format_link(e->url); /* never javascript:, data:, … */
            if (link) {
                fputs("<a rel=\"noopener noreferrer\" href=\"", f);
                na_report_html_escape(f, link);
                fputs("\">", f);
            }
            na_report_html_escape(f, e->headline ? e->headline : e->event_id);
            fputs(link ? "</a>" : "", f);
            free(link);
            fprintf(f, " <time>%s</time> <span class=\"meta\">score %.2f</span>", a, e->score);
            if (e->snippet) {
                fputs("<blockquote>", f);
                na_report_html_escape(f, e->snippet);
                fputs("</blockquote>", f);
            }
            fputs("</li>\n", f);
        }
        fputs("</ol>\n</section>\n", f);
    }
    na_report_stories_html(r->stories, f, na_report_html_escape);
    write_silenced(f, r);
    na_report_routing_html(f, r->routing);
    fputs("</body>\n</html>\n", f);
    return close_out(f, path, errstr, errlen);
}
