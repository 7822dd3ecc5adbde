/* Stream rules: a rule's "window", "cooldown" and "realert" keys (docs/rules.md, "Stream
 * rules"), read from the rule's config document with every error placed (jconf). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/clock.h"
#include "newsalert/error.h"
#include "newsalert/jconf.h"
#include "rules/rules_int.h"

#define DEFAULT_LATENESS_MS 3600000LL
#define PTR_MAX 1024

/* Reports msg at the value of key below ptr (key NULL: at ptr itself); returns -1. */
static int fail(na_jconf *doc, const char *ptr, const char *key, const char *msg)
{
    char p[PTR_MAX];
    if (key)
        na_jconf_ptr(p, sizeof p, ptr, key);
    na_jconf_fail(doc, key ? p : ptr, 0, "%s", msg);
    return -1;
}

static int get_duration(na_jconf *doc, json_t *o, const char *ptr, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    int64_t d = json_is_string(v) ? na_duration_parse(json_string_value(v)) : -1;
    if (d < 0) {
        char p[PTR_MAX];
        na_jconf_ptr(p, sizeof p, ptr, key);
        na_jconf_fail(doc, p, 0, "\"%s\" must be a duration such as \"30m\", \"6h\" or \"1d\"",
                      key);
        return -1;
    }
    *out = d;
    return 0;
}

/* An article field by name ("places", ...) into *out; 0, or -1 when it names none. */
static int field_of(json_t *g, int *out)
{
    static const char *const names[] = {"places", "people", "organizations", "outlet"};
    static const int groups[] = {RW_G_PLACES, RW_G_PEOPLE, RW_G_ORGS, RW_G_OUTLET};
    for (size_t i = 0; json_is_string(g) && i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(json_string_value(g), names[i])) {
            *out = groups[i];
            return 0;
        }
    }
    return -1;
}

static int parse_group(na_jconf *doc, json_t *win, const char *wptr, rwindow *out)
{
    json_t *g = json_object_get(win, "group_by");
    out->group_by = RW_G_ALL;
    if (!g || json_is_null(g) || !field_of(g, &out->group_by))
        return 0;
    return fail(doc, wptr, "group_by",
                "\"group_by\" must be \"places\", \"people\", \"organizations\", \"outlet\" or "
                "null");
}

/* A cardinality window's "field" and "min_distinct"; both belong to it alone. */
static int parse_distinct(na_jconf *doc, json_t *win, const char *wptr, rwindow *out)
{
    json_t *f = json_object_get(win, "field"), *m = json_object_get(win, "min_distinct");
    if (out->type != RW_CARDINALITY) {
        if (f || m)
            return fail(doc, wptr, f ? "field" : "min_distinct",
                        f ? "\"field\" belongs to cardinality windows"
                          : "\"min_distinct\" belongs to cardinality windows");
        return 0;
    }
    if (!f)
        return fail(doc, wptr, NULL,
                    "a cardinality window needs \"field\": \"outlet\", \"places\", \"people\" or "
                    "\"organizations\"");
    if (field_of(f, &out->field))
        return fail(doc, wptr, "field",
                    "\"field\" must be \"outlet\", \"places\", \"people\" or \"organizations\"");
    if (!m)
        return fail(doc, wptr, NULL, "a cardinality window needs \"min_distinct\": N");
    if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 1000000)
        return fail(doc, wptr, "min_distinct",
                    "bad number for \"min_distinct\": expected an integer from 1 to 1000000");
    out->min_distinct = (size_t)json_integer_value(m);
    return 0;
}

static int parse_window(na_jconf *doc, json_t *win, const char *wptr, rwindow *out)
{
    static const char *const keys[] = {"type",     "min_events",   "within",
                                       "group_by", "lateness",     "factor",
                                       "field",    "min_distinct", NULL};
    if (!json_is_object(win))
        return fail(doc, wptr, NULL, "\"window\" must be an object");
    if (na_jconf_check_names(doc, win, wptr, keys))
        return -1;
    json_t *t = json_object_get(win, "type");
    const char *type = json_is_string(t) ? json_string_value(t) : "";
    out->type = !strcmp(type, "frequency")     ? RW_FREQUENCY
                : !strcmp(type, "spike")       ? RW_SPIKE
                : !strcmp(type, "cardinality") ? RW_CARDINALITY
                : !strcmp(type, "flatline")    ? RW_FLATLINE
                                               : 0;
    if (!out->type)
        return fail(doc, wptr, t ? "type" : NULL,
                    "\"window\" needs \"type\": \"frequency\", \"spike\", \"cardinality\" or "
                    "\"flatline\"");
    json_t *m = json_object_get(win, "min_events");
    if (!m && out->type == RW_FREQUENCY)
        return fail(doc, wptr, NULL, "a frequency window needs \"min_events\": N");
    if (!m && out->type == RW_FLATLINE)
        return fail(doc, wptr, NULL,
                    "a flatline window needs \"min_events\": N (a window with fewer alerts)");
    if (m && out->type == RW_CARDINALITY)
        return fail(doc, wptr, "min_events",
                    "a cardinality window counts \"min_distinct\" values, not \"min_events\"");
    if (m && (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 1000000))
        return fail(doc, wptr, "min_events",
                    "bad number for \"min_events\": expected an integer from 1 to 1000000");
    out->min_events = m ? (size_t)json_integer_value(m) : 1;
    json_t *f = json_object_get(win, "factor");
    if (f && out->type != RW_SPIKE)
        return fail(doc, wptr, "factor", "\"factor\" belongs to spike windows");
    if (f && (!json_is_number(f) || json_number_value(f) < 1 || json_number_value(f) > 1e6))
        return fail(doc, wptr, "factor",
                    "bad number for \"factor\": expected a number from 1 to 1000000");
    out->factor = f ? json_number_value(f) : 2;
    if (!json_object_get(win, "within"))
        return fail(doc, wptr, NULL, "\"window\" needs \"within\": a duration such as \"6h\"");
    out->lateness = DEFAULT_LATENESS_MS;
    if (get_duration(doc, win, wptr, "within", &out->within) ||
        get_duration(doc, win, wptr, "lateness", &out->lateness))
        return -1;
    if (out->within <= 0)
        return fail(doc, wptr, "within", "\"within\" must not be zero");
    return parse_group(doc, win, wptr, out) || parse_distinct(doc, win, wptr, out) ? -1 : 0;
}

int na_rules_window_parse(na_jconf *doc, json_t *o, const char *ptr, rwindow *out)
{
    memset(out, 0, sizeof *out);
    json_t *win = json_object_get(o, "window");
    char wptr[PTR_MAX];
    na_jconf_ptr(wptr, sizeof wptr, ptr, "window");
    if (win && parse_window(doc, win, wptr, out))
        return -1;
    if (json_object_get(o, "cooldown") && json_object_get(o, "realert"))
        return fail(doc, ptr, "realert",
                    "give \"cooldown\" or \"realert\" (the same thing), not both");
    out->cooldown = -1;
    if (get_duration(doc, o, ptr, "cooldown", &out->cooldown) ||
        get_duration(doc, o, ptr, "realert", &out->cooldown))
        return -1;
    if (out->cooldown < 0) /* a window rule alerts at most once per window length by default */
        out->cooldown = out->type ? out->within : 0;
    return 0;
}
