/*
 * Strict config documents: a JSON or YAML file read into one jansson tree with the line:column
 * of every member and element, ${VAR} interpolated in strings, and key tables (name, type, range,
 * default, doc line) that check an object and fill a struct, every message "file:line:col: ...".
 */
#ifndef NEWSALERT_JCONF_H
#define NEWSALERT_JCONF_H

#include <stddef.h>

#include <jansson.h>

typedef struct na_jconf na_jconf;

/*
 * Reads text as YAML when name ends in .yaml or .yml, as JSON when it ends in .json, else by
 * its first non-blank character ('{' or '[': JSON). Strings get ${VAR} replaced by the
 * environment variable VAR (unset: an error naming VAR and the place; "$${" is a literal "${");
 * a plain YAML scalar is typed after interpolation (YAML 1.2 core schema), so "${N}" may be a
 * number. Duplicate keys, YAML aliases and tags other than !!str are errors. Returns NULL with
 * "name:line:col: message" in errstr.
 */
na_jconf *na_jconf_parse(const char *text, size_t len, const char *name, char *errstr,
                         size_t errlen);
/* na_jconf_parse of a whole file, the path naming it in messages. */
na_jconf *na_jconf_load(const char *path, char *errstr, size_t errlen);
void na_jconf_destroy(na_jconf *d);

/* The document's root value (borrowed, owned by d). */
json_t *na_jconf_root(const na_jconf *d);
/* The name given at parse time. */
const char *na_jconf_name(const na_jconf *d);
/*
 * Position of the member or element at JSON Pointer ptr: of its key when key is non-zero and it
 * is an object member, else of its value. 0 when found, else NA_ENOTFOUND with the position of
 * the deepest enclosing member that exists.
 */
int na_jconf_pos(const na_jconf *d, const char *ptr, int key, int *line, int *col);

/* Called with every message na_jconf_fail formats, in order. */
typedef void (*na_jconf_error_fn)(const char *msg, void *ud);
void na_jconf_on_error(na_jconf *d, na_jconf_error_fn fn, void *ud);
/* Formats "name:line:col: message" for ptr (see na_jconf_pos), keeps the first one for
 * na_jconf_error, passes each to the callback; returns NA_EINVAL. */
__attribute__((format(printf, 4, 5))) int na_jconf_fail(na_jconf *d, const char *ptr, int key,
                                                        const char *fmt, ...);
/* The first message na_jconf_fail formatted ("" when none) and how many there were. */
const char *na_jconf_error(const na_jconf *d);
size_t na_jconf_nerrors(const na_jconf *d);

/* Writes parent + "/" + seg into out, seg escaped as a JSON Pointer token (~0, ~1). */
void na_jconf_ptr(char *out, size_t n, const char *parent, const char *seg);

typedef enum na_jconf_type {
    NA_JC_STRING,
    NA_JC_INTEGER,
    NA_JC_NUMBER,
    NA_JC_BOOLEAN,
    NA_JC_OBJECT,
    NA_JC_ARRAY,
    NA_JC_STRING_OR_OBJECT /* a secret: "text", {"env": NAME} or {"file": PATH} */
} na_jconf_type;

/* Where na_jconf_apply stores a value: the C type at base + offset. */
typedef enum na_jconf_store {
    NA_JS_NONE,   /* checked only; the caller reads it */
    NA_JS_INT,    /* int */
    NA_JS_LONG,   /* long */
    NA_JS_INT64,  /* int64_t */
    NA_JS_DOUBLE, /* double */
    NA_JS_BOOL    /* int, 0 or 1 */
} na_jconf_store;

#define NA_JC_REQUIRED 1u    /* the key must be present */
#define NA_JC_MAP 2u         /* an object of named members, each checked against sub */
#define NA_JC_DOC_DEFAULT 4u /* def is documentation only ("per type"): the caller sets it */

/*
 * One row per key, the table ended by a row with a NULL name. min/max bound numbers (and the
 * length of strings when max > 0). def is the default as the docs show it; na_jconf_apply stores
 * it when it is a literal of the type ("8", "true"), so "per type" is documentation only. The
 * stored value is multiplied by scale (0: 1), e.g. 1000 for seconds kept as milliseconds. An
 * object row with sub is checked (and applied to the same base) against that table.
 */
typedef struct na_jconf_key {
    const char *name;
    na_jconf_type type;
    double min, max;
    const char *def;
    unsigned flags;
    na_jconf_store store;
    size_t offset;
    double scale;
    const struct na_jconf_key *sub;
    const char *doc;
} na_jconf_key;

/* "string", "integer", "number", "boolean", "object", "array", "string or object". */
const char *na_jconf_type_name(na_jconf_type t);

/*
 * Checks the object v found at ptr against keys: "$comment" allowed, unknown keys (the message
 * lists the valid ones), wrong types, out-of-range values and missing required keys are errors,
 * each reported; rows with sub (and no NA_JC_MAP) are checked in turn. 0 or NA_EINVAL.
 */
int na_jconf_check(na_jconf *d, json_t *v, const char *ptr, const na_jconf_key *keys);
/* Only the unknown-key part of na_jconf_check, for objects whose values the caller checks:
 * names is NULL-terminated; "$comment" is always allowed. 0 or NA_EINVAL. */
int na_jconf_check_names(na_jconf *d, json_t *v, const char *ptr, const char *const *names);
/* na_jconf_check, then stores every row with a store at base (the value, or its literal
 * default when absent), recursing into sub tables with the same base. 0 or NA_EINVAL. */
int na_jconf_apply(na_jconf *d, json_t *v, const char *ptr, const na_jconf_key *keys, void *base);

#endif
