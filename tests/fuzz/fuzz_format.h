/*
 * The body of the payload formatter fuzz targets: the input is an alert's JSON (as delivered
 * and dead-lettered, plus an optional "_template"); every payload must be valid JSON within its
 * platform's limits, with links only http(s). A violation traps.
 */
#ifndef NEWSALERT_FUZZ_FORMAT_H
#define NEWSALERT_FUZZ_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "delivery/delivery.h"
#include "format/format.h"

#define FUZZ_CHECK(c)                                                                              \
    do {                                                                                           \
        if (!(c))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

static size_t fuzz_len(json_t *j)
{
    const char *s = json_string_value(j);
    return s ? na_format_utf8_len(s) : 0;
}

static int fuzz_is_link(json_t *j)
{
    const char *s = json_string_value(j);
    return s && (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7)) &&
           !strpbrk(s, "<>|\"' \r\n\t");
}

static void fuzz_check_slack(json_t *p)
{
    FUZZ_CHECK(fuzz_len(json_object_get(p, "text")) <= 40000);
    FUZZ_CHECK(fuzz_len(json_object_get(p, "text")) > 0);
    size_t i, k;
    json_t *b, *e;
    json_array_foreach(json_object_get(p, "blocks"), i, b)
    {
        json_t *t = json_object_get(b, "text");
        const char *type = json_string_value(json_object_get(b, "type"));
        if (!strcmp(type, "header"))
            FUZZ_CHECK(fuzz_len(json_object_get(t, "text")) <= 150);
        if (t && !strcmp(type, "section"))
            FUZZ_CHECK(fuzz_len(json_object_get(t, "text")) <= 3000);
        if (t)
            FUZZ_CHECK(fuzz_len(json_object_get(t, "text")) > 0);
        json_array_foreach(json_object_get(b, "fields"), k, e)
        {
            FUZZ_CHECK(fuzz_len(json_object_get(e, "text")) <= 2000);
            FUZZ_CHECK(!strchr(json_string_value(json_object_get(e, "text")), '<'));
        }
        json_array_foreach(json_object_get(b, "elements"), k, e)
        {
            const char *s = json_string_value(json_object_get(e, "text"));
            FUZZ_CHECK(fuzz_len(json_object_get(e, "text")) <= 2000);
            const char *lt = strchr(s, '<');
            FUZZ_CHECK(!lt || (lt == s && !strncmp(s, "<http", 5) && !strchr(s + 1, '<')));
        }
    }
}

static void fuzz_check_discord(json_t *p)
{
    FUZZ_CHECK(fuzz_len(json_object_get(p, "content")) <= 2000);
    json_t *e = json_array_get(json_object_get(p, "embeds"), 0);
    FUZZ_CHECK(e);
    size_t total = fuzz_len(json_object_get(e, "title")) +
                   fuzz_len(json_object_get(e, "description")) +
                   fuzz_len(json_object_get(json_object_get(e, "footer"), "text"));
    FUZZ_CHECK(fuzz_len(json_object_get(e, "title")) <= 256);
    FUZZ_CHECK(fuzz_len(json_object_get(e, "description")) <= 4096);
    FUZZ_CHECK(fuzz_len(json_object_get(json_object_get(e, "footer"), "text")) <= 2048);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "fields"), i, f)
    {
        FUZZ_CHECK(fuzz_len(json_object_get(f, "name")) <= 256);
        FUZZ_CHECK(fuzz_len(json_object_get(f, "value")) <= 1024);
        FUZZ_CHECK(fuzz_len(json_object_get(f, "value")) > 0);
        total += fuzz_len(json_object_get(f, "name")) + fuzz_len(json_object_get(f, "value"));
    }
    FUZZ_CHECK(total <= 6000);
    FUZZ_CHECK(!json_object_get(e, "url") || fuzz_is_link(json_object_get(e, "url")));
    FUZZ_CHECK(json_array_size(json_object_get(json_object_get(p, "allowed_mentions"), "parse")) ==
               0);
}

static void fuzz_check_teams(json_t *p, size_t bytes)
{
    FUZZ_CHECK(bytes <= NA_FORMAT_TEAMS_MAX_BYTES);
    json_t *card = json_object_get(json_array_get(json_object_get(p, "attachments"), 0), "content");
    json_t *act = json_array_get(json_object_get(card, "actions"), 0);
    FUZZ_CHECK(!act || fuzz_is_link(json_object_get(act, "url")));
}

static void fuzz_check_generic(json_t *p)
{
    json_t *url = json_object_get(p, "url");
    FUZZ_CHECK(json_is_null(url) || fuzz_is_link(url));
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(p, "evidence"), i, ev)
        FUZZ_CHECK(fuzz_len(json_object_get(ev, "snippet")) <= NA_FORMAT_SNIPPET_MAX);
}

static int fuzz_format(na_dest_type type, const uint8_t *data, size_t size)
{
    json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    char err[512], bad[64];
    na_alert *al = in ? na_delivery_alert_parse(in, err, sizeof err) : NULL;
    const char *tpl = json_string_value(json_object_get(in, "_template"));
    if (tpl && na_format_template_check(tpl, bad, sizeof bad))
        tpl = NULL; /* the destinations loader refuses it */
    if (al) {
        na_destination d = {.type = type, .template_text = (char *)tpl};
        char *body = NULL;
        size_t len = 0;
        FUZZ_CHECK(na_format_payload(&d, al, &body, &len) == 0);
        json_t *p = json_loadb(body, len, 0, NULL);
        FUZZ_CHECK(p && len == strlen(body));
        if (type == NA_DEST_SLACK)
            fuzz_check_slack(p);
        else if (type == NA_DEST_DISCORD)
            fuzz_check_discord(p);
        else if (type == NA_DEST_TEAMS)
            fuzz_check_teams(p, len);
        else
            fuzz_check_generic(p);
        json_decref(p);
        free(body);
        na_alert_destroy(al);
    }
    json_decref(in);
    return 0;
}

#endif
