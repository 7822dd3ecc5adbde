/* Strict config documents: JSON or YAML in, one positioned jansson tree out, ${VAR} resolved. */
#include "newsalert/jconf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/config.h"
#include "newsalert/error.h"
#include "newsalert/json_pos.h"
#include "jconf_int.h"

#define PTR_MAX 1024

struct na_jconf {
    char *name;
    json_t *root;
    na_jpos *pos;
    char first[1024];
    size_t nerr;
    na_jconf_error_fn fn;
    void *ud;
};

void na_jconf_ptr(char *out, size_t n, const char *parent, const char *seg)
{
    char tmp[PTR_MAX];
    size_t o = (size_t)snprintf(tmp, sizeof tmp, "%s/", parent);
    for (; o < sizeof tmp && *seg && o + 2 < sizeof tmp; seg++) {
        if (*seg == '~' || *seg == '/') {
            tmp[o++] = '~';
            tmp[o++] = *seg == '~' ? '0' : '1';
        } else {
            tmp[o++] = *seg;
        }
    }
    tmp[o < sizeof tmp ? o : sizeof tmp - 1] = '\0';
    snprintf(out, n, "%s", tmp);
}

json_t *na_jconf_root(const na_jconf *d)
{
    return d->root;
}

const char *na_jconf_name(const na_jconf *d)
{
    return d->name;
}

int na_jconf_pos(const na_jconf *d, const char *ptr, int key, int *line, int *col)
{
    return na_jpos_find(d->pos, ptr, key, line, col);
}

void na_jconf_on_error(na_jconf *d, na_jconf_error_fn fn, void *ud)
{
    d->fn = fn;
    d->ud = ud;
}

static int vfail_at(na_jconf *d, int line, int col, const char *fmt, va_list ap)
{
    char msg[768], full[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    snprintf(full, sizeof full, "%s:%d:%d: %s", d->name, line, col, msg);
    if (d->nerr++ == 0)
        snprintf(d->first, sizeof d->first, "%s", full);
    if (d->fn)
        d->fn(full, d->ud);
    return NA_EINVAL;
}

int na_jconf_fail_at(na_jconf *d, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(d, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

int na_jconf_fail(na_jconf *d, const char *ptr, int key, const char *fmt, ...)
{
    int line, col;
    na_jconf_pos(d, ptr, key, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(d, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

const char *na_jconf_error(const na_jconf *d)
{
    return d->first;
}

size_t na_jconf_nerrors(const na_jconf *d)
{
    return d->nerr;
}

static int interpolate(const char *s, char **out, char *var, size_t varlen)
{
    size_t cap = strlen(s) + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NA_ENOMEM;
    while (*s) {
        const char *add = s;
        size_t alen = 1;
        if (s[0] == '$' && s[1] == '$' && s[2] == '{') {
            add = "${";
            alen = 2;
            s += 3;
        } else if (s[0] == '$' && s[1] == '{') {
            const char *end = strchr(s + 2, '}');
            size_t nl = end ? (size_t)(end - s - 2) : 0;
            snprintf(var, varlen, "%.*s", (int)(nl ? nl : strcspn(s + 2, "}")), s + 2);
            int ok = end && nl && !(s[2] >= '0' && s[2] <= '9') &&
                     strspn(s + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789_") == nl;
            add = ok && nl < varlen ? getenv(var) : NULL;
            if (!add) {
                free(buf);
                return ok ? NA_ENOTFOUND : NA_EINVAL;
            }
            alen = strlen(add);
            s = end + 1;
        } else {
            s++;
        }
        if (n + alen + 1 > cap) {
            cap = (n + alen + 1) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return NA_ENOMEM;
            }
            buf = nb;
        }
        memcpy(buf + n, add, alen);
        n += alen;
    }
    buf[n] = '\0';
    *out = buf;
    return NA_OK;
}

int na_jconf_interpolate_at(na_jconf *d, const char *ptr, const char *s, char **out)
{
    char var[256];
    int rc = interpolate(s, out, var, sizeof var);
    if (rc == NA_ENOTFOUND)
        return na_jconf_fail(d, ptr, 0, "${%s}: environment variable %s is not set", var, var);
    if (rc == NA_EINVAL)
        return na_jconf_fail(d, ptr, 0,
                             "bad ${...} reference \"${%s\": a variable name and a closing } "
                             "(write $${ for a literal ${)",
                             var);
    return rc;
}

/* Whether v holds a string with a '$' somewhere below it: the rest need no walking. */
static int has_dollar(json_t *v)
{
    return !json_is_string(v) || strchr(json_string_value(v), '$');
}

/* Replaces ${VAR} in every string below v (JSON input: strings stay strings). ptr (PTR_MAX
 * bytes) holds v's pointer; children extend it in place. */
static int interpolate_tree(na_jconf *d, json_t *v, char *ptr)
{
    size_t plen = strlen(ptr);
    int rc = NA_OK;
    if (json_is_string(v)) {
        char *s;
        rc = na_jconf_interpolate_at(d, ptr, json_string_value(v), &s);
        if (!rc) {
            rc = json_string_set(v, s) ? NA_ENOMEM : NA_OK;
            free(s);
        }
    } else if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m)
        {
            if (!has_dollar(m))
                continue;
            na_jconf_ptr(ptr, PTR_MAX, ptr, k);
            int r = interpolate_tree(d, m, ptr);
            rc = rc ? rc : r;
            ptr[plen] = '\0';
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m)
        {
            if (!has_dollar(m))
                continue;
            snprintf(ptr + plen, PTR_MAX - plen, "/%zu", i);
            int r = interpolate_tree(d, m, ptr);
            rc = rc ? rc : r;
            ptr[plen] = '\0';
        }
    }
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int is_yaml(const char *text, size_t len, const char *name)
{
    if (ends_with(name, ".yaml") || ends_with(name, ".yml"))
        return 1;
    if (ends_with(name, ".json"))
        return 0;
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    return i < len && text[i] != '{' && text[i] != '[';
}

static int parse_json(na_jconf *d, const char *text, size_t len)
{
    json_error_t jerr;
    d->root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!d->root) {
        char *near = strstr(jerr.text, " near '"); /* the token quoted may be a secret */
        if (near)
            *near = '\0';
        return na_jconf_fail_at(d, jerr.line, jerr.column, "%s", jerr.text);
    }
    d->pos = na_jpos_scan(text, len);
    return d->pos ? NA_OK : NA_ENOMEM;
}

na_jconf *na_jconf_parse(const char *text, size_t len, const char *name, char *errstr,
                         size_t errlen)
{
    na_jconf *d = calloc(1, sizeof *d);
    if (!d || !(d->name = strdup(name))) {
        free(d);
        snprintf(errstr, errlen, "%s: out of memory", name);
        return NULL;
    }
    int rc =
        is_yaml(text, len, name) ? na_jconf_parse_yaml(d, text, len) : parse_json(d, text, len);
    char ptr[PTR_MAX] = "";
    if (!rc && !is_yaml(text, len, name) && has_dollar(d->root))
        rc = interpolate_tree(d, d->root, ptr);
    if (rc) {
        if (rc == NA_ENOMEM && !d->nerr)
            snprintf(d->first, sizeof d->first, "%s: out of memory", name);
        snprintf(errstr, errlen, "%s", d->first);
        na_jconf_destroy(d);
        return NULL;
    }
    return d;
}

na_jconf *na_jconf_load(const char *path, char *errstr, size_t errlen)
{
    size_t len;
    char *text = na_file_read(path, 0, &len, errstr, errlen);
    if (!text)
        return NULL;
    na_jconf *d = na_jconf_parse(text, len, path, errstr, errlen);
    free(text);
    return d;
}

void na_jconf_destroy(na_jconf *d)
{
    if (!d)
        return;
    json_decref(d->root);
    na_jpos_destroy(d->pos);
    free(d->name);
    free(d);
}

/* The YAML side fills the tree and positions through these. */
void na_jconf_set_tree(na_jconf *d, json_t *root, na_jpos *pos)
{
    d->root = root;
    d->pos = pos;
}

const char *na_jconf_type_name(na_jconf_type t)
{
    static const char *const names[] = {"string", "integer", "number",          "boolean",
                                        "object", "array",   "string or object"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static const char *last_segment(const char *ptr)
{
    const char *s = strrchr(ptr, '/');
    return s ? s + 1 : ptr;
}

/* x as docs write it: 3600000, not 3.6e+06. */
static const char *num(char *buf, size_t n, double x)
{
    snprintf(buf, n, x == floor(x) && fabs(x) < 1e15 ? "%.0f" : "%g", x);
    return buf;
}

/* Whether v has the row's type and range; otherwise reports why. */
static int check_value(na_jconf *d, const na_jconf_key *k, json_t *v, const char *ptr)
{
    double x = json_is_number(v) ? json_number_value(v) : 0;
    char lo[32], hi[32];
    num(lo, sizeof lo, k->min);
    num(hi, sizeof hi, k->max);
    switch (k->type) {
    case NA_JC_STRING: {
        size_t n = json_is_string(v) ? strlen(json_string_value(v)) : 0;
        if (!json_is_string(v) || (k->max > 0 && (n < k->min || n > k->max)))
            return k->min > 0
                       ? na_jconf_fail(d, ptr, 0, "\"%s\" must be a non-empty string", k->name)
                       : na_jconf_fail(d, ptr, 0, "\"%s\" must be a string", k->name);
        return NA_OK;
    }
    case NA_JC_INTEGER:
        if (!json_is_integer(v) || x < k->min || x > k->max)
            return na_jconf_fail(d, ptr, 0, "\"%s\" must be an integer from %s to %s", k->name, lo,
                                 hi);
        return NA_OK;
    case NA_JC_NUMBER:
        if (!json_is_number(v) || !isfinite(x) || x < k->min || x > k->max)
            return na_jconf_fail(d, ptr, 0, "\"%s\" must be a number from %s to %s", k->name, lo,
                                 hi);
        return NA_OK;
    case NA_JC_BOOLEAN:
        return json_is_boolean(v)
                   ? NA_OK
                   : na_jconf_fail(d, ptr, 0, "\"%s\" must be true or false", k->name);
    case NA_JC_OBJECT:
        return json_is_object(v) ? NA_OK
                                 : na_jconf_fail(d, ptr, 0, "\"%s\" must be an object", k->name);
    case NA_JC_ARRAY:
        return json_is_array(v) ? NA_OK
                                : na_jconf_fail(d, ptr, 0, "\"%s\" must be an array", k->name);
    case NA_JC_STRING_OR_OBJECT:
        return json_is_string(v) || json_is_object(v)
                   ? NA_OK
                   : na_jconf_fail(d, ptr, 0, "\"%s\" must be a string or an object", k->name);
    }
    return NA_OK;
}

/* Reports name as unknown at ptr, listing the valid keys (a table's, or a NULL-ended list's). */
static int unknown_key(na_jconf *d, const char *ptr, const char *name, const na_jconf_key *keys,
                       const char *const *names)
{
    char valid[512] = "";
    size_t o = 0;
    for (size_t i = 0; o < sizeof valid; i++) {
        const char *k = keys ? keys[i].name : names[i];
        if (!k)
            break;
        o += (size_t)snprintf(valid + o, sizeof valid - o, "%s%s", o ? ", " : "", k);
    }
    return na_jconf_fail(d, ptr, 1, "unknown key \"%s\" (valid keys: %s)", name, valid);
}

int na_jconf_check_names(na_jconf *d, json_t *v, const char *ptr, const char *const *names)
{
    char sub[PTR_MAX];
    int rc = NA_OK;
    const char *name;
    json_t *m;
    json_object_foreach(v, name, m)
    {
        size_t i = 0;
        while (names[i] && strcmp(names[i], name))
            i++;
        if (!names[i] && strcmp(name, "$comment")) {
            na_jconf_ptr(sub, sizeof sub, ptr, name);
            rc = unknown_key(d, sub, name, NULL, names);
        }
    }
    return rc;
}

int na_jconf_check(na_jconf *d, json_t *v, const char *ptr, const na_jconf_key *keys)
{
    if (!json_is_object(v))
        return *ptr ? na_jconf_fail(d, ptr, 0, "\"%s\" must be an object", last_segment(ptr))
                    : na_jconf_fail(d, ptr, 0, "the document must be an object");
    char sub[PTR_MAX];
    int rc = NA_OK;
    const char *name;
    json_t *m;
    json_object_foreach(v, name, m)
    {
        if (!strcmp(name, "$comment"))
            continue;
        const na_jconf_key *k = keys;
        while (k->name && strcmp(k->name, name))
            k++;
        na_jconf_ptr(sub, sizeof sub, ptr, name);
        int r = !k->name ? unknown_key(d, sub, name, keys, NULL) : check_value(d, k, m, sub);
        if (!r && k->sub && !(k->flags & NA_JC_MAP))
            r = na_jconf_check(d, m, sub, k->sub);
        rc = rc ? rc : r;
    }
    for (const na_jconf_key *k = keys; k->name; k++)
        if ((k->flags & NA_JC_REQUIRED) && !json_object_get(v, k->name) && !rc)
            rc = na_jconf_fail(d, ptr, 1, "missing \"%s\"", k->name);
    return rc;
}

/* The value of v (or of the row's literal default when v is NULL) as a double; 0 when none. */
static int value_of(const na_jconf_key *k, json_t *v, double *out)
{
    if (v) {
        *out = json_is_boolean(v) ? json_is_true(v) : json_number_value(v);
        return 1;
    }
    if (!k->def || (k->flags & NA_JC_DOC_DEFAULT))
        return 0;
    if (k->type == NA_JC_BOOLEAN && (!strcmp(k->def, "true") || !strcmp(k->def, "false"))) {
        *out = !strcmp(k->def, "true");
        return 1;
    }
    char *end;
    errno = 0;
    *out = strtod(k->def, &end);
    return *k->def && !*end && !errno;
}

static void store(const na_jconf_key *k, double x, void *base)
{
    char *at = (char *)base + k->offset;
    x *= k->scale ? k->scale : 1;
    switch (k->store) {
    case NA_JS_INT:
    case NA_JS_BOOL: {
        int i = (int)x;
        memcpy(at, &i, sizeof i);
        break;
    }
    case NA_JS_LONG: {
        long l = (long)x;
        memcpy(at, &l, sizeof l);
        break;
    }
    case NA_JS_INT64: {
        int64_t l = (int64_t)llround(x);
        memcpy(at, &l, sizeof l);
        break;
    }
    case NA_JS_DOUBLE:
        memcpy(at, &x, sizeof x);
        break;
    case NA_JS_NONE:
        break;
    }
}

static void store_all(json_t *v, const na_jconf_key *keys, void *base)
{
    for (const na_jconf_key *k = keys; k->name; k++) {
        json_t *m = json_object_get(v, k->name);
        double x;
        if (k->store != NA_JS_NONE && value_of(k, m, &x))
            store(k, x, base);
        if (k->sub && !(k->flags & NA_JC_MAP))
            store_all(json_is_object(m) ? m : NULL, k->sub, base);
    }
}

int na_jconf_apply(na_jconf *d, json_t *v, const char *ptr, const na_jconf_key *keys, void *base)
{
    int rc = na_jconf_check(d, v, ptr, keys);
    if (!rc)
        store_all(v, keys, base);
    return rc;
}
