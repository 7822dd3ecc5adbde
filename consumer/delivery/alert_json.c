/* Alerts read back from their JSON form: the delivery driver's input and the golden tests'. */
#include "delivery/delivery.h"

#include <stdio.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/event.h"

static int set_str(char **field, const json_t *o, const char *key, int required, char *errstr,
                   size_t errlen)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            snprintf(errstr, errlen, "%s: missing", key);
        return required ? NA_EINVAL : NA_OK;
    }
    if (!json_is_string(v)) {
        snprintf(errstr, errlen, "%s: must be a string", key);
        return NA_EINVAL;
    }
    return na_article_set(field, json_string_value(v));
}

static int add_evidence(na_alert *al, const json_t *e)
{
    const char *field = json_string_value(json_object_get(e, "field"));
    if (!field)
        return NA_EINVAL;
    json_int_t par = json_integer_value(json_object_get(e, "paragraph"));
    json_int_t start = json_integer_value(json_object_get(e, "start"));
    json_int_t end = json_integer_value(json_object_get(e, "end"));
    return na_alert_add_evidence(al, field, (size_t)par, (size_t)start, (size_t)end,
                                 json_string_value(json_object_get(e, "term")),
                                 json_string_value(json_object_get(e, "snippet")));
}

/* The "story" object of na_alert_story_json back into al (absent: no story). */
static int parse_story(na_alert *al, const json_t *st)
{
    const char *id = json_string_value(json_object_get(st, "id"));
    const char *of = json_string_value(json_object_get(st, "update_of"));
    if (!id)
        return NA_OK;
    if (na_article_set(&al->story, id) || (of && na_article_set(&al->story_update_of, of)))
        return NA_ENOMEM;
    al->story_copies = (size_t)json_integer_value(json_object_get(st, "copies"));
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(st, "outlets"), i, v)
    {
        if (json_is_string(v) && na_strlist_push(&al->story_outlets, json_string_value(v)))
            return NA_ENOMEM;
    }
    return NA_OK;
}

na_alert *na_delivery_alert_parse(const json_t *j, char *errstr, size_t errlen)
{
    na_alert *al = na_alert_new();
    if (!al || !json_is_object(j)) {
        snprintf(errstr, errlen, "an alert must be a JSON object");
        na_alert_destroy(al);
        return NULL;
    }
    const struct {
        char **field;
        const char *key;
        int required;
    } strs[] = {{&al->id, "id", 1},
                {&al->rule_id, "rule_id", 1},
                {&al->description, "description", 0},
                {&al->severity, "severity", 0},
                {&al->event_id, "event_id", 0},
                {&al->url, "url", 0},
                {&al->headline, "headline", 0},
                {&al->outlet, "outlet", 0},
                {&al->group_key, "group_key", 0}};
    int rc = NA_OK;
    for (size_t k = 0; !rc && k < sizeof strs / sizeof strs[0]; k++)
        rc = set_str(strs[k].field, j, strs[k].key, strs[k].required, errstr, errlen);
    al->score = json_number_value(json_object_get(j, "score"));
    const char *when = json_string_value(json_object_get(j, "time"));
    al->time_ms = when ? na_time_parse(when) : -1;
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(j, "evidence"), i, v)
    {
        if (!rc && (rc = add_evidence(al, v)) == NA_EINVAL)
            snprintf(errstr, errlen, "evidence[%zu]: needs a \"field\"", i);
    }
    json_array_foreach(json_object_get(j, "destinations"), i, v)
    {
        if (!rc && json_is_string(v))
            rc = na_strlist_push(&al->destinations, json_string_value(v));
    }
    if (!rc)
        rc = parse_story(al, json_object_get(j, "story"));
    if (rc == NA_ENOMEM)
        snprintf(errstr, errlen, "out of memory");
    if (rc) {
        na_alert_destroy(al);
        return NULL;
    }
    return al;
}
