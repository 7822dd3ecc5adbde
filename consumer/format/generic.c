/*
 * The generic payload: the alert JSON itself, plus "text" when a template is configured. The
 * link policy and the snippet cap hold here too: "url" is an http(s) link or null.
 */
#include "format/format.h"

#include <stdlib.h>

#define TEXT_MAX 40000

/* Cuts every evidence snippet and replaces the URL by its link form. */
static int apply_policy(json_t *o, const na_alert *al)
{
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(o, "evidence"), i, ev)
    {
        const char *s = json_string_value(json_object_get(ev, "snippet"));
        if (!s)
            continue;
        char *cut = na_format_truncate(s, NA_FORMAT_SNIPPET_MAX);
        if (!cut || json_object_set_new(ev, "snippet", json_string(cut))) {
            free(cut);
            return -1;
        }
        free(cut);
    }
    char *link = na_format_link(al->url);
    int rc = json_object_set_new(o, "url", link ? json_string(link) : json_null());
    free(link);
    return rc;
}

json_t *na_format_generic(const na_alert *al, const char *template_text)
{
    json_t *o = na_alert_to_json(al);
    if (o && apply_policy(o, al)) {
        json_decref(o);
        return NULL;
    }
    if (o && template_text) {
        char *text = na_format_template(template_text, al, NULL);
        char *cut = text ? na_format_truncate(text, TEXT_MAX) : NULL;
        if (!cut || json_object_set_new(o, "text", json_string(cut))) {
            json_decref(o);
            o = NULL;
        }
        free(text);
        free(cut);
    }
    return o;
}

json_t *na_format_generic_digest(const na_format_digest_in *in, const char *template_text)
{
    json_t *alerts = json_array();
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:o}", "type", "digest", "id", in->id, "group",
                          in->group, "count", (json_int_t)in->n, "alerts", alerts);
    for (size_t i = 0; o && i < in->n; i++)
        if (json_array_append_new(alerts, na_format_generic(in->alerts[i], template_text))) {
            json_decref(o);
            return NULL;
        }
    return o;
}
