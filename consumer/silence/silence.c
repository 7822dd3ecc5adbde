/* A silence: its matchers, its time range and its one JSON record form. */
#include "silence/silence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <jansson.h>

#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/grow.h"
#include "newsalert/json_util.h"

static const char *const label_names[NA_SL__COUNT] = {"rule",   "severity", "destination",
                                                      "outlet", "place",    "story"};

const char *const *na_silence_label_names(void)
{
    return label_names;
}

void na_silence_labels_of(const na_alert *al, const char *destination, na_silence_labels *out)
{
    out->v[NA_SL_RULE] = al->rule_id ? al->rule_id : "";
    out->v[NA_SL_SEVERITY] = al->severity ? al->severity : "";
    out->v[NA_SL_DESTINATION] = destination ? destination : "";
    out->v[NA_SL_OUTLET] = al->outlet ? al->outlet : "";
    out->v[NA_SL_PLACE] = "";
    out->v[NA_SL_STORY] = al->story ? al->story : "";
}

static int label_of(const char *name, size_t len)
{
    for (int i = 0; i < NA_SL__COUNT; i++)
        if (strlen(label_names[i]) == len && !strncmp(name, label_names[i], len))
            return i;
    return -1;
}

/* Fills m from its parts; the regex is anchored at both ends, as Alertmanager's. */
static int matcher_set(na_silence_matcher *m, int label, int equal, int is_regex, const char *value,
                       char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->label = (enum na_silence_label)label;
    m->equal = equal;
    m->is_regex = is_regex;
    if (!(m->value = strdup(value)))
        return NA_ENOMEM;
    if (!is_regex)
        return NA_OK;
    size_t n = strlen(value) + 5;
    char *anchored = malloc(n);
    if (!anchored) {
        free(m->value);
        return NA_ENOMEM;
    }
    snprintf(anchored, n, "^(%s)$", value);
    int rc = regcomp(&m->re, anchored, REG_EXTENDED | REG_NOSUB);
    free(anchored);
    if (rc) {
        char why[128];
        regerror(rc, &m->re, why, sizeof why);
        snprintf(err, errlen, "\"%s\": not a regular expression: %s", value, why);
        free(m->value);
        m->value = NULL;
        return NA_EINVAL;
    }
    return NA_OK;
}

int na_silence_matcher_parse(const char *text, na_silence_matcher *m, char *err, size_t errlen)
{
    size_t k = strcspn(text, "=!");
    const char *op = text + k;
    int equal = *op == '=', is_regex = 0;
    size_t oplen = 0;
    if (!strncmp(op, "=~", 2) || !strncmp(op, "!~", 2))
        is_regex = 1, oplen = 2;
    else if (!strncmp(op, "!=", 2))
        oplen = 2;
    else if (*op == '=')
        oplen = 1;
    int label = label_of(text, k);
    if (!oplen || label < 0) {
        snprintf(err, errlen,
                 "\"%s\": expected LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX, "
                 "LABEL one of rule, severity, destination, outlet, place, story",
                 text);
        return NA_EINVAL;
    }
    return matcher_set(m, label, equal, is_regex, op + oplen, err, errlen);
}

void na_silence_matcher_free(na_silence_matcher *m)
{
    if (m->is_regex && m->value)
        regfree(&m->re);
    free(m->value);
    m->value = NULL;
}

int na_silence_matcher_test(const na_silence_matcher *m, const na_silence_labels *labels)
{
    const char *v = labels->v[m->label];
    int hit = m->is_regex ? regexec(&m->re, v, 0, NULL, 0) == 0 : strcmp(v, m->value) == 0;
    return m->equal ? hit : !hit;
}

na_silence *na_silence_new(const char *id)
{
    na_silence *s = calloc(1, sizeof *s);
    if (!s || !(s->id = strdup(id))) {
        free(s);
        return NULL;
    }
    return s;
}

void na_silence_destroy(na_silence *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_matchers; i++)
        na_silence_matcher_free(&s->matchers[i]);
    free(s->matchers);
    free(s->id);
    free(s->created_by);
    free(s->comment);
    free(s);
}

int na_silence_add_matcher(na_silence *s, na_silence_matcher *m)
{
    size_t cap = s->n_matchers;
    if (na_grow((void **)&s->matchers, &cap, s->n_matchers, sizeof *m, 4))
        return NA_ENOMEM;
    s->matchers[s->n_matchers++] = *m;
    return NA_OK;
}

int na_silence_active(const na_silence *s, int64_t now_ms)
{
    return s->starts_ms <= now_ms && now_ms < s->ends_ms;
}

int na_silence_matches(const na_silence *s, const na_silence_labels *labels)
{
    if (!s->n_matchers)
        return 0;
    for (size_t i = 0; i < s->n_matchers; i++)
        if (!na_silence_matcher_test(&s->matchers[i], labels))
            return 0;
    return 1;
}

static json_t *time_json(int64_t ms)
{
    char buf[40];
    na_time_format(ms, buf, sizeof buf);
    return json_string(buf);
}

char *na_silence_dumps(const na_silence *s)
{
    json_t *ms = json_array();
    for (size_t i = 0; ms && i < s->n_matchers; i++) {
        const na_silence_matcher *m = &s->matchers[i];
        json_array_append_new(ms, json_pack("{s:s, s:s, s:b, s:b}", "name", label_names[m->label],
                                            "value", m->value, "isRegex", m->is_regex, "isEqual",
                                            m->equal));
    }
    json_t *o =
        json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:s}", "id", s->id, "matchers", ms, "startsAt",
                  time_json(s->starts_ms), "endsAt", time_json(s->ends_ms), "updatedAt",
                  time_json(s->updated_ms), "createdBy", s->created_by ? s->created_by : "",
                  "comment", s->comment ? s->comment : "");
    char *text = o ? na_json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

/* Reads one {"name", "value", "isRegex", "isEqual"} into m; 0 or NA_EINVAL with err. */
static int matcher_of_json(json_t *j, na_silence_matcher *m, char *err, size_t errlen)
{
    const char *name = NULL, *value = NULL;
    int is_regex = 0, equal = 1;
    json_error_t je;
    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:s, s:s, s?b, s?b}", "name", &name, "value", &value,
                       "isRegex", &is_regex, "isEqual", &equal)) {
        snprintf(err, errlen, "matcher: %s", je.text);
        return NA_EINVAL;
    }
    int label = label_of(name, strlen(name));
    if (label < 0) {
        snprintf(err, errlen, "matcher: unknown label \"%s\"", name);
        return NA_EINVAL;
    }
    return matcher_set(m, label, equal, is_regex, value, err, errlen);
}

/* The fields of a parsed record into s; 0 or NA_EINVAL with err (without the where). */
static int fill(na_silence *s, json_t *matchers, const char *const times[3], const char *by,
                const char *comment, char *err, size_t errlen)
{
    int64_t *dst[3] = {&s->starts_ms, &s->ends_ms, &s->updated_ms};
    static const char *const names[3] = {"startsAt", "endsAt", "updatedAt"};
    for (int i = 0; i < 3; i++) {
        *dst[i] = times[i] ? na_time_parse(times[i]) : 0;
        if (*dst[i] < 0) {
            snprintf(err, errlen, "%s \"%s\": not an ISO 8601 time", names[i], times[i]);
            return NA_EINVAL;
        }
    }
    if (s->ends_ms < s->starts_ms) {
        snprintf(err, errlen, "endsAt is before startsAt");
        return NA_EINVAL;
    }
    if (!json_array_size(matchers)) {
        snprintf(err, errlen, "\"matchers\" must hold at least one matcher");
        return NA_EINVAL;
    }
    size_t i;
    json_t *j;
    json_array_foreach(matchers, i, j)
    {
        na_silence_matcher m;
        int rc = matcher_of_json(j, &m, err, errlen);
        if (!rc && (rc = na_silence_add_matcher(s, &m)))
            na_silence_matcher_free(&m);
        if (rc)
            return rc;
    }
    if ((by && !(s->created_by = strdup(by))) || (comment && !(s->comment = strdup(comment))))
        return NA_ENOMEM;
    return NA_OK;
}

na_silence *na_silence_parse(const char *buf, size_t len, const char *where, char *err,
                             size_t errlen)
{
    json_error_t je;
    json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    const char *id = NULL, *times[3] = {NULL, NULL, NULL}, *by = NULL, *comment = NULL;
    json_t *matchers = NULL;
    char why[256];
    na_silence *s = NULL;
    if (!o)
        snprintf(why, sizeof why, "%d:%d: %s", je.line, je.column, je.text);
    else if (json_unpack_ex(o, &je, JSON_STRICT, "{s:s, s:o, s:s, s:s, s?s, s?s, s?s}", "id", &id,
                            "matchers", &matchers, "startsAt", &times[0], "endsAt", &times[1],
                            "updatedAt", &times[2], "createdBy", &by, "comment", &comment))
        snprintf(why, sizeof why, "%s", je.text);
    else if (!*id)
        snprintf(why, sizeof why, "\"id\" is empty");
    else if (!(s = na_silence_new(id)))
        snprintf(why, sizeof why, "out of memory");
    else if (fill(s, matchers, times, by, comment, why, sizeof why)) {
        na_silence_destroy(s);
        s = NULL;
    }
    if (!s)
        snprintf(err, errlen, "%s: %s", where, why);
    json_decref(o);
    return s;
}

int na_silence_new_id(char *buf, size_t n)
{
    unsigned char b[16];
    if (n < 37 || getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
        return NA_EIO;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 1 */
    snprintf(buf, n, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return NA_OK;
}
