/* Reading rule files: JSON or YAML in (jconf), validated rules out, every problem named as
 * file:line:column. */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "newsalert/config.h"
#include "newsalert/embedded.h"
#include "newsalert/error.h"
#include "rules/rules_int.h"
#include "newsalert/jconf.h"

struct ld {
    na_rules *r;
    const char *file;
    na_jconf *doc; /* the file being read */
    const na_strlist *dests;
    na_rules_error_cb cb;
    void *ud;
    char *errstr;
    size_t errlen;
    int nerr;
    na_strlist ids, origins; /* every rule id seen, valid or not, for duplicate checks */
};

/* Records one problem: the first goes to errstr, all to the callback. */
static void report(struct ld *l, const char *msg)
{
    if (l->nerr++ == 0)
        snprintf(l->errstr, l->errlen, "%s", msg);
    if (l->cb)
        l->cb(msg, l->ud);
}

__attribute__((format(printf, 4, 5))) static void lerr(struct ld *l, const char *ptr, int key,
                                                       const char *fmt, ...)
{
    char msg[768], full[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (l->doc) { /* reported back through forward() */
        na_jconf_fail(l->doc, ptr, key, "%s", msg);
        return;
    }
    snprintf(full, sizeof full, "%s:1:1: %s", l->file, msg);
    report(l, full);
}

/* The messages of the document's own checks (keys, windows) join the loader's. */
static void forward(const char *msg, void *ud)
{
    report(ud, msg);
}

static void sub(char *out, size_t n, const char *ptr, const char *seg)
{
    snprintf(out, n, "%s/%s", ptr, seg);
}

static int check_keys(struct ld *l, json_t *o, const char *ptr, const char *const *allowed)
{
    return na_jconf_check_names(l->doc, o, ptr, allowed) ? 1 : 0;
}

static int get_real(struct ld *l, json_t *o, const char *key, const char *ptr, double lo,
                    double *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    char p[512];
    sub(p, sizeof p, ptr, key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < lo) {
        lerr(l, p, 0, "bad number for \"%s\": expected a number >= %g", key, lo);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

static int get_uint(struct ld *l, json_t *o, const char *key, const char *ptr, size_t lo, size_t hi,
                    size_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    char p[512];
    sub(p, sizeof p, ptr, key);
    if (!json_is_integer(v) || json_integer_value(v) < (json_int_t)lo ||
        json_integer_value(v) > (json_int_t)hi) {
        lerr(l, p, 0, "bad number for \"%s\": expected an integer from %zu to %zu", key, lo, hi);
        return -1;
    }
    *out = (size_t)json_integer_value(v);
    return 0;
}

/* A string key that must be one of names (an empty name cannot be written); its index. */
static int pick(struct ld *l, json_t *o, const char *key, const char *ptr, const char *const *names,
                int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    for (int i = 0; json_is_string(v) && names[i]; i++) {
        if (names[i][0] && !strcmp(json_string_value(v), names[i])) {
            *out = i;
            return 0;
        }
    }
    char p[512], list[256] = "";
    sub(p, sizeof p, ptr, key);
    for (int i = 0; names[i]; i++)
        if (names[i][0])
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
                     list[0] ? " or " : "", names[i]);
    lerr(l, p, 0, "\"%s\" must be %s", key, list);
    return -1;
}

static int get_bool(struct ld *l, json_t *o, const char *key, const char *ptr, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    char p[512];
    sub(p, sizeof p, ptr, key);
    if (!json_is_boolean(v)) {
        lerr(l, p, 0, "\"%s\" must be true or false", key);
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

/* A term string or an array of them; appends term ids to *ids. */
static int parse_terms(struct ld *l, json_t *v, const char *ptr, uint32_t **ids, size_t *n)
{
    size_t cnt = json_is_array(v) ? json_array_size(v) : 1;
    if (!(json_is_string(v) || (json_is_array(v) && cnt > 0))) {
        lerr(l, ptr, 0, "expected a term or a non-empty array of terms");
        return -1;
    }
    uint32_t *nid = realloc(*ids, (*n + cnt) * sizeof *nid);
    if (!nid)
        return NA_ENOMEM;
    *ids = nid;
    int bad = 0;
    for (size_t i = 0; i < cnt; i++) {
        json_t *t = json_is_array(v) ? json_array_get(v, i) : v;
        char p[512];
        if (json_is_array(v))
            snprintf(p, sizeof p, "%s/%zu", ptr, i);
        else
            snprintf(p, sizeof p, "%s", ptr);
        if (!json_is_string(t)) {
            lerr(l, p, 0, "a term must be a string");
            bad = -1;
            continue;
        }
        const char *why;
        int64_t id = na_rules_add_term(l->r, json_string_value(t), &why);
        if (id == NA_ENOMEM)
            return NA_ENOMEM;
        if (id < 0) {
            lerr(l, p, 0, "%s: \"%s\"", why, json_string_value(t));
            bad = -1;
            continue;
        }
        (*ids)[(*n)++] = (uint32_t)id;
    }
    return bad;
}

static const struct {
    const char *name;
    unsigned bits;
} field_names[] = {{"headline", NA_F_HEADLINE},       {"standfirst", NA_F_STANDFIRST},
                   {"body", NA_F_BODY | NA_F_QUOTES}, {"quotes", NA_F_QUOTES},
                   {"entities", NA_F_ENTITIES},       {"people", NA_F_PEOPLE},
                   {"places", NA_F_PLACES},           {"organizations", NA_F_ORGS}};

static int parse_fields(struct ld *l, json_t *o, const char *ptr, unsigned *mask)
{
    json_t *v = json_object_get(o, "fields");
    if (!v)
        return 0;
    char p[512];
    sub(p, sizeof p, ptr, "fields");
    if (!json_is_array(v) || json_array_size(v) == 0) {
        lerr(l, p, 0, "\"fields\" must be a non-empty array of field names");
        return -1;
    }
    unsigned m = 0;
    size_t i;
    json_t *f;
    json_array_foreach(v, i, f)
    {
        size_t k = 0, nf = sizeof field_names / sizeof field_names[0];
        while (k < nf && !(json_is_string(f) && !strcmp(json_string_value(f), field_names[k].name)))
            k++;
        if (k == nf) {
            char q[560];
            snprintf(q, sizeof q, "%s/%zu", p, i);
            lerr(l, q, 0,
                 "unknown field (expected headline, standfirst, body, quotes, entities, people, "
                 "places or organizations)");
            return -1;
        }
        m |= field_names[k].bits;
    }
    *mask = m;
    return 0;
}

void na_rules_node_free(rnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_kids; i++)
        na_rules_node_free(n->kids[i]);
    free(n->kids);
    free(n->terms);
    free(n->unless);
    free(n->actor);
    free(n->pointer);
    free(n);
}

static const char *const node_keys[] = {
    "terms",  "all",   "any",    "none",         "near",    "quantity", "fields",
    "weight", "min",   "within", "sentence",     "ordered", "unless",   "unless_within",
    "order",  "scope", "actor",  "actor_before", NULL};
static const char *const op_names[] = {"terms", "all", "any", "none", "near", "quantity"};

static rnode *parse_node(struct ld *l, json_t *v, const char *ptr, unsigned fields);

static int parse_kids(struct ld *l, rnode *n, json_t *arr, const char *ptr, const char *op)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        lerr(l, ptr, 0, "\"%s\" must be a non-empty array of conditions", op);
        return -1;
    }
    if (!(n->kids = calloc(json_array_size(arr), sizeof *n->kids)))
        return NA_ENOMEM;
    int bad = 0;
    size_t i;
    json_t *k;
    json_array_foreach(arr, i, k)
    {
        char p[512];
        snprintf(p, sizeof p, "%s/%zu", ptr, i);
        if (!(n->kids[n->n_kids] = parse_node(l, k, p, n->fields)))
            bad = -1;
        else
            n->n_kids++;
    }
    return bad;
}

/* "unless": terms whose presence (in the sentence, or within "unless_within" words) drops a
 * match of a terms condition or a pair of a near. */
static int parse_unless(struct ld *l, rnode *n, json_t *o, const char *ptr)
{
    char p[512];
    json_t *u = json_object_get(o, "unless");
    sub(p, sizeof p, ptr, "unless");
    if (u && parse_terms(l, u, p, &n->unless, &n->n_unless))
        return -1;
    if (get_uint(l, o, "unless_within", ptr, 0, 1000, &n->unless_within))
        return -1;
    if (json_object_get(o, "unless_within") && !u) {
        sub(p, sizeof p, ptr, "unless_within");
        lerr(l, p, 1, "\"unless_within\" needs \"unless\"");
        return -1;
    }
    return 0;
}

/* "actor" (who must stand in the clause, or speak the quotation) and "actor_before". */
static int parse_actor(struct ld *l, rnode *n, json_t *o, const char *ptr)
{
    char p[512];
    if (get_bool(l, o, "actor_before", ptr, &n->actor_before))
        return -1;
    json_t *ac = json_object_get(o, "actor");
    sub(p, sizeof p, ptr, "actor");
    return ac ? parse_terms(l, ac, p, &n->actor, &n->n_actor) : 0;
}

static int parse_near(struct ld *l, rnode *n, json_t *o, const char *ptr)
{
    char p[512];
    sub(p, sizeof p, ptr, "near");
    json_t *arr = json_object_get(o, "near");
    if (!json_is_array(arr) || json_array_size(arr) != 2) {
        lerr(l, p, 0, "\"near\" must be an array of exactly two conditions");
        return -1;
    }
    if (parse_kids(l, n, arr, p, "near"))
        return -1;
    for (size_t i = 0; i < 2; i++) {
        if (n->kids[i]->kind != RN_TERMS && n->kids[i]->kind != RN_QUANTITY) {
            lerr(l, n->kids[i]->pointer, 0, "\"near\" compares terms or quantities only");
            return -1;
        }
    }
    n->within = SIZE_MAX; /* no word limit unless one is given */
    if (get_uint(l, o, "within", ptr, 0, 1000, &n->within) ||
        get_bool(l, o, "sentence", ptr, &n->sentence) ||
        get_bool(l, o, "ordered", ptr, &n->ordered) ||
        pick(l, o, "order", ptr, (const char *const[]){"any", "before", "after", NULL},
             &n->ordered) ||
        pick(l, o, "scope", ptr, (const char *const[]){"", "sentence", "clause", NULL},
             &n->sentence))
        return -1;
    if (n->within == SIZE_MAX && !n->sentence) {
        lerr(l, p, 1,
             "\"near\" needs \"within\": N words, \"scope\": \"sentence\" or \"clause\", "
             "or both");
        return -1;
    }
    return parse_unless(l, n, o, ptr) || parse_actor(l, n, o, ptr);
}

static int parse_quantity(struct ld *l, rnode *n, json_t *o, const char *ptr)
{
    static const char *const qkeys[] = {"unit", "min", "max", NULL};
    char p[512];
    sub(p, sizeof p, ptr, "quantity");
    json_t *q = json_object_get(o, "quantity");
    if (!json_is_object(q)) {
        lerr(l, p, 0, "\"quantity\" must be an object with \"unit\" and \"min\" or \"max\"");
        return -1;
    }
    if (check_keys(l, q, p, qkeys))
        return -1;
    json_t *u = json_object_get(q, "unit");
    if (!u) {
        lerr(l, p, 0, "\"quantity\" needs a \"unit\"");
        return -1;
    }
    n->qmin = -INFINITY;
    n->qmax = INFINITY;
    char up[560];
    sub(up, sizeof up, p, "unit");
    if (parse_terms(l, u, up, &n->terms, &n->n_terms) ||
        get_real(l, q, "min", p, -INFINITY, &n->qmin) ||
        get_real(l, q, "max", p, -INFINITY, &n->qmax))
        return -1;
    if (!json_object_get(q, "min") && !json_object_get(q, "max")) {
        lerr(l, p, 0, "\"quantity\" needs \"min\" or \"max\"");
        return -1;
    }
    if (n->qmin > n->qmax) {
        sub(up, sizeof up, p, "max");
        lerr(l, up, 0, "bad number for \"max\": below \"min\"");
        return -1;
    }
    return 0;
}

static int node_body(struct ld *l, rnode *n, json_t *o, const char *ptr)
{
    if (check_keys(l, o, ptr, node_keys))
        return -1;
    int op = -1;
    for (int k = 0; k < 6; k++) {
        if (!json_object_get(o, op_names[k]))
            continue;
        if (op >= 0) {
            char p[512];
            sub(p, sizeof p, ptr, op_names[k]);
            lerr(l, p, 1, "a condition has one operator: both \"%s\" and \"%s\" given",
                 op_names[op], op_names[k]);
            return -1;
        }
        op = k;
    }
    if (op < 0) {
        lerr(l, ptr, 0, "a condition needs one of terms, all, any, none, near, quantity");
        return -1;
    }
    n->kind = op;
    if (parse_fields(l, o, ptr, &n->fields) || get_real(l, o, "weight", ptr, 0, &n->weight) ||
        get_uint(l, o, "min", ptr, 1, 1000000, &n->min))
        return -1;
    static const struct {
        const char *key;
        int terms_too; /* "terms" takes it as well */
    } near_only[] = {{"within", 0}, {"sentence", 0}, {"ordered", 0},     {"order", 0},
                     {"scope", 0},  {"actor", 1},    {"actor_before", 1}};
    for (size_t k = 0; k < sizeof near_only / sizeof *near_only && op != RN_NEAR; k++) {
        if (json_object_get(o, near_only[k].key) && !(op == RN_TERMS && near_only[k].terms_too)) {
            char p[512];
            sub(p, sizeof p, ptr, near_only[k].key);
            lerr(l, p, 1, "\"%s\" applies only to \"near\"%s", near_only[k].key,
                 near_only[k].terms_too ? " and \"terms\"" : "");
            return -1;
        }
    }
    if ((op == RN_ALL || op == RN_NONE) && json_object_get(o, "min")) {
        char p[512];
        sub(p, sizeof p, ptr, "min");
        lerr(l, p, 1, "\"min\" does not apply to \"%s\"", op_names[op]);
        return -1;
    }
    char p[512];
    sub(p, sizeof p, ptr, op_names[op]);
    if (op != RN_NEAR && op != RN_TERMS &&
        (json_object_get(o, "unless") || json_object_get(o, "unless_within"))) {
        char q[512];
        sub(q, sizeof q, ptr, json_object_get(o, "unless") ? "unless" : "unless_within");
        lerr(l, q, 1, "\"unless\" applies only to \"near\" and \"terms\"");
        return -1;
    }
    switch (op) {
    case RN_TERMS:
        return parse_terms(l, json_object_get(o, "terms"), p, &n->terms, &n->n_terms) ||
               parse_unless(l, n, o, ptr) || parse_actor(l, n, o, ptr);
    case RN_NEAR:
        return parse_near(l, n, o, ptr);
    case RN_QUANTITY:
        return parse_quantity(l, n, o, ptr);
    default:
        return parse_kids(l, n, json_object_get(o, op_names[op]), p, op_names[op]);
    }
}

static rnode *parse_node(struct ld *l, json_t *v, const char *ptr, unsigned fields)
{
    rnode *n = calloc(1, sizeof *n);
    if (!n || !(n->pointer = strdup(ptr))) {
        free(n);
        return NULL;
    }
    n->fields = fields;
    n->weight = 1;
    n->min = 1;
    n->unless_within = SIZE_MAX;
    int rc;
    if (json_is_string(v)) {
        n->kind = RN_TERMS;
        rc = parse_terms(l, v, ptr, &n->terms, &n->n_terms);
    } else if (json_is_object(v)) {
        rc = node_body(l, n, v, ptr);
    } else {
        lerr(l, ptr, 0, "a condition must be a term or an object");
        rc = -1;
    }
    if (rc) {
        na_rules_node_free(n);
        return NULL;
    }
    return n;
}

static int needs_hit(const rnode *n)
{
    switch (n->kind) {
    case RN_TERMS:
        return 1;
    case RN_NEAR:
        return needs_hit(n->kids[0]) || needs_hit(n->kids[1]);
    case RN_ALL:
        for (size_t i = 0; i < n->n_kids; i++)
            if (needs_hit(n->kids[i]))
                return 1;
        return 0;
    case RN_ANY:
        for (size_t i = 0; i < n->n_kids; i++)
            if (!needs_hit(n->kids[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

static void rule_free(rule *ru)
{
    free(ru->id);
    free(ru->description);
    free(ru->severity);
    free(ru->origin);
    na_strlist_clear(&ru->destinations);
    na_rules_node_free(ru->match);
    free(ru->exclude);
    na_rstream_destroy(ru->stream);
    json_decref(ru->examples);
    free(ru->file);
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s))
            return 0;
    return 1;
}

static int rule_meta(struct ld *l, rule *ru, json_t *o, const char *ptr, const char *origin)
{
    char p[512];
    json_t *v = json_object_get(o, "id");
    sub(p, sizeof p, ptr, "id");
    if (!json_is_string(v) || !valid_id(json_string_value(v))) {
        lerr(l, v ? p : ptr, 0,
             "\"id\" must be a non-empty string of letters, digits, '.', '_', '-'");
        return -1;
    }
    for (size_t i = 0; i < l->ids.n; i++) {
        if (!strcmp(l->ids.items[i], json_string_value(v))) {
            lerr(l, p, 0, "duplicate rule id \"%s\" (first defined at %s)", json_string_value(v),
                 l->origins.items[i]);
            break; /* keep checking the rest of the rule */
        }
    }
    ru->id = strdup(json_string_value(v));
    if (na_strlist_push(&l->ids, json_string_value(v)) || na_strlist_push(&l->origins, origin))
        return NA_ENOMEM;
    v = json_object_get(o, "description");
    sub(p, sizeof p, ptr, "description");
    if (v && !json_is_string(v)) {
        lerr(l, p, 0, "\"description\" must be a string");
        return -1;
    }
    ru->description = strdup(v ? json_string_value(v) : "");
    v = json_object_get(o, "severity");
    sub(p, sizeof p, ptr, "severity");
    const char *sev = json_is_string(v) ? json_string_value(v) : "warning";
    if ((v && !json_is_string(v)) ||
        (strcmp(sev, "info") && strcmp(sev, "warning") && strcmp(sev, "critical"))) {
        lerr(l, p, 0, "\"severity\" must be \"info\", \"warning\" or \"critical\"");
        return -1;
    }
    ru->severity = strdup(sev);
    return ru->id && ru->description && ru->severity ? 0 : NA_ENOMEM;
}

static int rule_destinations(struct ld *l, rule *ru, json_t *o, const char *ptr)
{
    json_t *v = json_object_get(o, "destinations");
    if (!v)
        return 0;
    char p[512];
    sub(p, sizeof p, ptr, "destinations");
    if (!json_is_array(v)) {
        lerr(l, p, 0, "\"destinations\" must be an array of destination names");
        return -1;
    }
    int bad = 0;
    size_t i;
    json_t *d;
    json_array_foreach(v, i, d)
    {
        char q[560];
        snprintf(q, sizeof q, "%s/%zu", p, i);
        if (!json_is_string(d) || !*json_string_value(d)) {
            lerr(l, q, 0, "a destination must be a non-empty name");
            bad = -1;
        } else if (l->dests && !na_strlist_contains(l->dests, json_string_value(d))) {
            lerr(l, q, 0, "unknown destination \"%s\" (not in the consumer config)",
                 json_string_value(d));
            bad = -1;
        } else if (na_strlist_push(&ru->destinations, json_string_value(d))) {
            return NA_ENOMEM;
        }
    }
    return bad;
}

static const char *const rule_keys[] = {
    "id",      "description", "severity", "enabled",  "destinations", "fields",   "match",
    "exclude", "min_score",   "window",   "cooldown", "realert",      "examples", NULL};

/* The stream part of a rule (stream/parse.c), its errors placed like the loader's own. */
static int rule_window(struct ld *l, rule *ru, json_t *o, const char *ptr)
{
    if (na_rules_window_parse(l->doc, o, ptr, &ru->win))
        return -1;
    if ((ru->win.type || ru->win.cooldown) && !(ru->stream = na_rstream_new(&ru->win)))
        return NA_ENOMEM;
    return 0;
}

/* "examples": {"fire": [E, ...], "quiet": [E, ...]}, E a text or {"headline", "text"}. */
static int rule_examples(struct ld *l, rule *ru, json_t *o, const char *ptr)
{
    static const char *const keys[] = {"fire", "quiet", NULL};
    static const char *const ekeys[] = {"headline", "text", NULL};
    json_t *v = json_object_get(o, "examples");
    char p[512], q[600];
    if (!(ru->file = strdup(l->file)))
        return NA_ENOMEM;
    if (!v)
        return 0;
    sub(p, sizeof p, ptr, "examples");
    if (!json_is_object(v)) {
        lerr(l, p, 0, "\"examples\" must be an object with \"fire\" and \"quiet\" arrays");
        return -1;
    }
    if (check_keys(l, v, p, keys))
        return -1;
    for (size_t k = 0; k < 2; k++) {
        json_t *arr = json_object_get(v, keys[k]);
        sub(q, sizeof q, p, keys[k]);
        if (arr && !json_is_array(arr)) {
            lerr(l, q, 0, "\"%s\" must be an array of examples", keys[k]);
            return -1;
        }
        size_t i;
        json_t *x;
        json_array_foreach(arr, i, x)
        {
            char xp[640];
            snprintf(xp, sizeof xp, "%s/%zu", q, i);
            json_t *t = json_is_object(x) ? json_object_get(x, "text") : x;
            json_t *h = json_is_object(x) ? json_object_get(x, "headline") : NULL;
            if ((json_is_object(x) && check_keys(l, x, xp, ekeys)) ||
                !(json_is_string(t) || (!t && json_is_string(h))) || (h && !json_is_string(h))) {
                lerr(l, xp, 0,
                     "an example is a text or an object with \"headline\" and/or \"text\"");
                return -1;
            }
        }
    }
    ru->examples = json_incref(v);
    return 0;
}

static int parse_rule(struct ld *l, json_t *o, const char *ptr)
{
    if (!json_is_object(o)) {
        lerr(l, ptr, 0, "a rule must be an object");
        return -1;
    }
    rule ru = {.enabled = 1};
    unsigned fields = NA_F_DEFAULT;
    int line, col, rc = -1;
    na_jconf_pos(l->doc, ptr, 0, &line, &col);
    char origin[600], p[512];
    snprintf(origin, sizeof origin, "%s:%d:%d", l->file, line, col);
    int nerr0 = l->nerr, bad = check_keys(l, o, ptr, rule_keys);
    if ((rc = rule_meta(l, &ru, o, ptr, origin)) ||
        (rc = get_bool(l, o, "enabled", ptr, &ru.enabled)) ||
        (rc = get_real(l, o, "min_score", ptr, 0, &ru.min_score)) ||
        (rc = parse_fields(l, o, ptr, &fields)) || (rc = rule_destinations(l, &ru, o, ptr)) ||
        (rc = rule_window(l, &ru, o, ptr)))
        goto done;
    if ((rc = rule_examples(l, &ru, o, ptr)))
        goto done;
    json_t *ex = json_object_get(o, "exclude");
    sub(p, sizeof p, ptr, "exclude");
    if (ex && (rc = parse_terms(l, ex, p, &ru.exclude, &ru.n_exclude)))
        goto done;
    json_t *m = json_object_get(o, "match");
    sub(p, sizeof p, ptr, "match");
    if (!m) {
        lerr(l, ptr, 0, "rule \"%s\" needs a \"match\" condition", ru.id);
        rc = -1;
        goto done;
    }
    if (!(ru.match = parse_node(l, m, p, fields))) {
        rc = -1;
        goto done;
    }
    ru.needs_hit = needs_hit(ru.match);
    if (!(ru.origin = strdup(origin))) {
        rc = NA_ENOMEM;
        goto done;
    }
    if (bad || l->nerr != nerr0) {
        rc = -1;
        goto done;
    }
    na_rules *r = l->r;
    if (r->n_rules == r->cap_rules) {
        size_t ncap = r->cap_rules ? r->cap_rules * 2 : 16;
        rule *nr = realloc(r->rules, ncap * sizeof *nr);
        if (!nr) {
            rc = NA_ENOMEM;
            goto done;
        }
        r->rules = nr;
        r->cap_rules = ncap;
    }
    r->rules[r->n_rules++] = ru;
    return 0;
done:
    rule_free(&ru);
    return rc;
}

static int load_text(struct ld *l, const char *file, const char *text, size_t len)
{
    static const char *const top_keys[] = {"$schema", "rules", NULL};
    l->file = file;
    char msg[1024];
    if (!(l->doc = na_jconf_parse(text, len, file, msg, sizeof msg))) {
        report(l, msg);
        return -1;
    }
    na_jconf_on_error(l->doc, forward, l);
    json_t *root = na_jconf_root(l->doc);
    int rc;
    json_t *rules = json_object_get(root, "rules");
    if (!json_is_object(root) || !json_is_array(rules)) {
        lerr(l, rules ? "/rules" : "", 0, "expected an object with a \"rules\" array");
        rc = -1;
        goto done;
    }
    rc = check_keys(l, root, "", top_keys) ? -1 : 0;
    size_t i;
    json_t *v;
    json_array_foreach(rules, i, v)
    {
        char p[64];
        snprintf(p, sizeof p, "/rules/%zu", i);
        int r = parse_rule(l, v, p);
        if (r == NA_ENOMEM) {
            rc = r;
            goto done;
        }
        if (r)
            rc = -1;
    }
done:
    na_jconf_destroy(l->doc);
    l->doc = NULL;
    return rc;
}

/* Loads text read from origin (freeing it), or reports err when the read failed. */
static int load_read(struct ld *l, char *text, size_t len, const char *origin, const char *err)
{
    if (!text) {
        report(l, err);
        return -1;
    }
    int rc = load_text(l, origin, text, len);
    free(text);
    return rc;
}

static int load_file(struct ld *l, const char *path)
{
    size_t len = 0;
    char err[512];
    char *text = na_file_read(path, 0, &len, err, sizeof err);
    return load_read(l, text, len, path, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A rule file by its name: *.json, *.yaml or *.yml. */
static int ends_with_json(const char *s)
{
    size_t n = strlen(s);
    return (n > 5 && !strcmp(s + n - 5, ".json")) || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
           (n > 4 && !strcmp(s + n - 4, ".yml"));
}

/* Every rule file (*.json, *.yaml, *.yml) in the folder (or, dir NULL, in the built-in rules/), in
 * name order. */
static int list_files(const char *dir, na_strlist *out)
{
    if (!dir) {
        const char *name;
        for (size_t k = 0; (name = na_embedded_name(k)); k++)
            if (!strncmp(name, "rules/", 6) && ends_with_json(name) && na_strlist_push(out, name))
                return NA_ENOMEM;
    } else {
        DIR *d = opendir(dir);
        if (!d)
            return NA_EIO;
        struct dirent *e;
        while ((e = readdir(d))) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (e->d_name[0] != '.' && ends_with_json(e->d_name) && na_strlist_push(out, path)) {
                closedir(d);
                return NA_ENOMEM;
            }
        }
        closedir(d);
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_str);
    return NA_OK;
}

static int load_builtin(struct ld *l, const char *name)
{
    size_t len = 0;
    char origin[512], err[512];
    char *text = na_config_read(name, &len, origin, sizeof origin, err, sizeof err);
    return load_read(l, text, len, origin, err);
}

static int load_path(struct ld *l, const char *path)
{
    struct stat sb;
    if (path && (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return load_file(l, path);
    na_strlist files = {0};
    int rc = list_files(path, &files);
    if (rc == NA_OK && files.n == 0)
        rc = NA_ENOTFOUND;
    if (rc) {
        lerr(l, "", 0, "%s", rc == NA_ENOTFOUND ? "no *.json rule files" : na_strerror(rc));
        na_strlist_clear(&files);
        return rc;
    }
    for (size_t i = 0; i < files.n; i++) {
        int r = path ? load_file(l, files.items[i]) : load_builtin(l, files.items[i]);
        if (r == NA_ENOMEM) {
            rc = r;
            break;
        }
        if (r)
            rc = -1;
    }
    na_strlist_clear(&files);
    return rc;
}

static na_rules *finish(struct ld *l, int rc)
{
    na_rules *r = l->r;
    na_strlist_clear(&l->ids);
    na_strlist_clear(&l->origins);
    if (rc == NA_ENOMEM && !l->nerr)
        snprintf(l->errstr, l->errlen, "out of memory");
    if (rc || l->nerr) {
        na_rules_destroy(r);
        return NULL;
    }
    char cerr[512];
    if (na_rules_compile(r, cerr, sizeof cerr)) {
        snprintf(l->errstr, l->errlen, "%s: %s", l->file, cerr);
        if (l->cb)
            l->cb(l->errstr, l->ud);
        na_rules_destroy(r);
        return NULL;
    }
    return r;
}

static na_rules *load_path_as(const char *path, const na_strlist *destinations,
                              na_rules_error_cb on_error, void *ud, char *errstr, size_t errlen,
                              int windows_only)
{
    errstr[0] = '\0';
    na_rules *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(errstr, errlen, "out of memory");
        return NULL;
    }
    r->windows_only = windows_only;
    struct ld l = {r,        path ? path : "<built-in>/rules",
                   NULL,     destinations,
                   on_error, ud,
                   errstr,   errlen,
                   0,        {0},
                   {0}};
    return finish(&l, load_path(&l, path));
}

na_rules *na_rules_load_ex(const char *path, const na_strlist *destinations,
                           na_rules_error_cb on_error, void *ud, char *errstr, size_t errlen)
{
    return load_path_as(path, destinations, on_error, ud, errstr, errlen, 0);
}

na_rules *na_rules_load_windows_ex(const char *path, const na_strlist *destinations,
                                   na_rules_error_cb on_error, void *ud, char *errstr,
                                   size_t errlen)
{
    return load_path_as(path, destinations, on_error, ud, errstr, errlen, 1);
}

na_rules *na_rules_load_windows(const char *path, char *errstr, size_t errlen)
{
    return na_rules_load_windows_ex(path, NULL, NULL, NULL, errstr, errlen);
}

na_rules *na_rules_load_text(const char *name, const char *text, size_t len,
                             const na_strlist *destinations, na_rules_error_cb on_error, void *ud,
                             char *errstr, size_t errlen)
{
    errstr[0] = '\0';
    na_rules *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(errstr, errlen, "out of memory");
        return NULL;
    }
    struct ld l = {r, name, NULL, destinations, on_error, ud, errstr, errlen, 0, {0}, {0}};
    return finish(&l, load_text(&l, name, text, len));
}

na_rules *na_rules_load(const char *path, char *errstr, size_t errlen)
{
    return na_rules_load_ex(path, NULL, NULL, NULL, errstr, errlen);
}

void na_rules_destroy(na_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rules; i++)
        rule_free(&r->rules[i]);
    free(r->rules);
    na_rules_free_compiled(r);
    free(r);
}

size_t na_rules_count(const na_rules *r)
{
    return r->n_rules;
}
