#include "rules/alert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/sha256.h"

#include "newsalert/error.h"
#include "newsalert/json_util.h"
#include "newsalert/grow.h"
#include "newsalert/event.h"

na_alert *na_alert_new(void)
{
    na_alert *al = calloc(1, sizeof *al);
    if (al)
        al->time_ms = -1;
    return al;
}

void na_alert_destroy(na_alert *al)
{
    if (!al)
        return;
    for (size_t i = 0; i < al->n_evidence; i++) {
        free(al->evidence[i].field);
        free(al->evidence[i].term);
        free(al->evidence[i].snippet);
    }
    free(al->evidence);
    free(al->id);
    free(al->rule_id);
    free(al->description);
    free(al->severity);
    free(al->event_id);
    free(al->url);
    free(al->headline);
    free(al->outlet);
    free(al->story);
    free(al->story_update_of);
    na_strlist_clear(&al->story_outlets);
    free(al->group_key);
    na_strlist_clear(&al->destinations);
    free(al);
}

/* snippet, or its first NA_ALERT_SNIPPET_MAX bytes ending at a code point, then "…". */
static char *snippet_copy(const char *snippet)
{
    size_t n = strnlen(snippet, NA_ALERT_SNIPPET_MAX + 1);
    if (n <= NA_ALERT_SNIPPET_MAX)
        return strdup(snippet);
    n = NA_ALERT_SNIPPET_MAX - 3; /* room for the ellipsis */
    while (n > 0 && ((unsigned char)snippet[n] & 0xC0) == 0x80)
        n--; /* not inside a UTF-8 sequence */
    char *out = malloc(n + 4);
    if (out) {
        memcpy(out, snippet, n);
        memcpy(out + n, "…", 4);
    }
    return out;
}

int na_alert_add_evidence(na_alert *al, const char *field, size_t paragraph, size_t start,
                          size_t end, const char *term, const char *snippet)
{
    if (na_grow((void **)&al->evidence, &al->cap_evidence, al->n_evidence, sizeof *al->evidence, 4))
        return NA_ENOMEM;
    na_evidence *e = &al->evidence[al->n_evidence];
    *e = (na_evidence){strdup(field),
                       paragraph,
                       start,
                       end,
                       term ? strdup(term) : NULL,
                       snippet ? snippet_copy(snippet) : NULL};
    if (!e->field || (term && !e->term) || (snippet && !e->snippet)) {
        free(e->field);
        free(e->term);
        free(e->snippet);
        return NA_ENOMEM;
    }
    al->n_evidence++;
    return NA_OK;
}

static int copy_str(char **to, const char *from)
{
    return from && !(*to = strdup(from)) ? NA_ENOMEM : NA_OK;
}

static int copy_list(na_strlist *to, const na_strlist *from)
{
    for (size_t i = 0; i < from->n; i++)
        if (na_strlist_push(to, from->items[i]))
            return NA_ENOMEM;
    return NA_OK;
}

na_alert *na_alert_copy(const na_alert *al)
{
    na_alert *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *al; /* the numbers; every pointer is replaced below */
    c->id = c->rule_id = c->description = c->severity = c->event_id = c->url = c->headline =
        c->outlet = c->group_key = c->story = c->story_update_of = NULL;
    c->evidence = NULL;
    c->n_evidence = c->cap_evidence = 0;
    c->destinations = c->story_outlets = (na_strlist){0};
    int rc = copy_str(&c->id, al->id) || copy_str(&c->rule_id, al->rule_id) ||
             copy_str(&c->description, al->description) || copy_str(&c->severity, al->severity) ||
             copy_str(&c->event_id, al->event_id) || copy_str(&c->url, al->url) ||
             copy_str(&c->headline, al->headline) || copy_str(&c->outlet, al->outlet) ||
             copy_str(&c->group_key, al->group_key) || copy_str(&c->story, al->story) ||
             copy_str(&c->story_update_of, al->story_update_of) ||
             copy_list(&c->destinations, &al->destinations) ||
             copy_list(&c->story_outlets, &al->story_outlets);
    for (size_t i = 0; !rc && i < al->n_evidence; i++) {
        const na_evidence *e = &al->evidence[i];
        rc =
            na_alert_add_evidence(c, e->field, e->paragraph, e->start, e->end, e->term, e->snippet);
    }
    if (rc) {
        na_alert_destroy(c);
        return NULL;
    }
    return c;
}

int na_alert_make_id(na_alert *al)
{
    const char *parts[] = {al->rule_id, al->event_id, al->group_key};
    char id[3 + 32 + 1] = "al_";
    if (na_sha256_hex(parts, 3, '\n', 16, id + 3))
        return NA_ENOMEM;
    return na_article_set(&al->id, id);
}

json_t *na_alert_story_json(const na_alert *al)
{
    json_t *st = json_object();
    json_object_set_new(st, "id", json_string(al->story));
    if (al->story_update_of) {
        json_t *outlets = json_array();
        for (size_t i = 0; i < al->story_outlets.n; i++)
            json_array_append_new(outlets, json_string(al->story_outlets.items[i]));
        json_object_set_new(st, "update_of", json_string(al->story_update_of));
        json_object_set_new(st, "copies", json_integer((json_int_t)al->story_copies));
        json_object_set_new(st, "outlets", outlets);
    }
    return st;
}

json_t *na_alert_to_json(const na_alert *al)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", na_json_str_or_null(al->id));
    json_object_set_new(o, "rule_id", na_json_str_or_null(al->rule_id));
    json_object_set_new(o, "description", na_json_str_or_null(al->description));
    json_object_set_new(o, "severity", na_json_str_or_null(al->severity));
    json_object_set_new(o, "score", json_real(al->score));
    json_object_set_new(o, "event_id", na_json_str_or_null(al->event_id));
    json_object_set_new(o, "url", na_json_str_or_null(al->url));
    json_object_set_new(o, "headline", na_json_str_or_null(al->headline));
    json_object_set_new(o, "outlet", na_json_str_or_null(al->outlet));
    json_object_set_new(o, "time", na_json_time_or_null(al->time_ms));
    if (al->group_key)
        json_object_set_new(o, "group_key", json_string(al->group_key));
    if (al->window_count) {
        char from[40], to[40];
        na_time_format(al->window_start, from, sizeof from);
        na_time_format(al->window_end, to, sizeof to);
        json_object_set_new(o, "window",
                            json_pack("{s:s, s:s, s:I}", "start", from, "end", to, "count",
                                      (json_int_t)al->window_count));
    }
    if (al->story)
        json_object_set_new(o, "story", na_alert_story_json(al));
    json_t *ev = json_array();
    for (size_t i = 0; i < al->n_evidence; i++) {
        const na_evidence *e = &al->evidence[i];
        json_t *j = json_object();
        json_object_set_new(j, "field", json_string(e->field));
        if (!strcmp(e->field, "body") || !strcmp(e->field, "quotes"))
            json_object_set_new(j, "paragraph", json_integer((json_int_t)e->paragraph));
        json_object_set_new(j, "start", json_integer((json_int_t)e->start));
        json_object_set_new(j, "end", json_integer((json_int_t)e->end));
        if (e->term)
            json_object_set_new(j, "term", json_string(e->term));
        if (e->snippet)
            json_object_set_new(j, "snippet", json_string(e->snippet));
        json_array_append_new(ev, j);
    }
    json_object_set_new(o, "evidence", ev);
    json_t *dest = json_array();
    for (size_t i = 0; i < al->destinations.n; i++)
        json_array_append_new(dest, json_string(al->destinations.items[i]));
    json_object_set_new(o, "destinations", dest);
    return o;
}

/* The one text form of alert JSON: compact, keys in their order. Consumes j. */
static char *dumps(json_t *j)
{
    char *text = j ? na_json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return text;
}

char *na_alert_dumps(const na_alert *al)
{
    return dumps(na_alert_to_json(al));
}

int na_json_write_line(json_t *json, FILE *f)
{
    char *line = dumps(json);
    if (!line)
        return NA_ENOMEM;
    int rc = fputs(line, f) < 0 || fputc('\n', f) == EOF ? NA_EIO : NA_OK;
    free(line);
    return rc;
}

int na_alert_write_line(const na_alert *al, FILE *f)
{
    return na_json_write_line(na_alert_to_json(al), f);
}
