/* YAML config documents: libfyaml's events into a jansson tree with the place of every node. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "jconf_int.h"
#include "newsalert/error.h"
#include "newsalert/text.h"

#define MAX_DEPTH 64
#define PTR_MAX 1024

struct frame {
    json_t *v;
    int map;
    char *key; /* the member waiting for its value (maps) */
    int kline, kcol;
    size_t plen, idx; /* this container's pointer length; next element index (sequences) */
};

struct yp {
    na_jconf *d;
    na_jpos *pos;
    json_t *root;
    char path[PTR_MAX];
    struct frame st[MAX_DEPTH];
    size_t depth;
    int docs;
    int line, col; /* the last event's place */
};

static int full_match(const char *s, const char *accept, size_t from)
{
    return s[from] && strspn(s + from, accept) == strlen(s + from);
}

/* A plain scalar typed by the YAML 1.2 core schema: null, bool, int, float, else a string. */
static json_t *plain_value(const char *s)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    static const char *const trues[] = {"true", "True", "TRUE"};
    static const char *const falses[] = {"false", "False", "FALSE"};
    for (size_t i = 0; i < 5; i++)
        if (!strcmp(s, nulls[i]))
            return json_null();
    for (size_t i = 0; i < 3; i++) {
        if (!strcmp(s, trues[i]))
            return json_true();
        if (!strcmp(s, falses[i]))
            return json_false();
    }
    size_t sign = s[0] == '-' || s[0] == '+';
    int base = !strncmp(s, "0o", 2) ? 8 : !strncmp(s, "0x", 2) ? 16 : 10;
    int is_int = base == 10  ? full_match(s, "0123456789", sign)
                 : base == 8 ? full_match(s, "01234567", 2)
                             : full_match(s, "0123456789abcdefABCDEF", 2);
    errno = 0;
    if (is_int) {
        long long v = strtoll(base == 10 ? s : s + 2, NULL, base);
        if (!errno)
            return json_integer((json_int_t)v);
    }
    char *end;
    double x = strtod(s, &end);
    int digits = strpbrk(s, "0123456789") != NULL;
    if (digits && !*end && !errno && isfinite(x) && !strpbrk(s, "xXnNiI"))
        return json_real(x);
    return json_string(s);
}

/* The scalar as a JSON value: interpolated, then typed when plain and untagged. */
static int scalar_value(struct yp *y, struct fy_event *ev, const char *ptr, int line, int col,
                        json_t **out)
{
    struct fy_token *tag = ev->scalar.tag;
    const char *tagtext = tag ? fy_token_get_text0(tag) : NULL;
    static const char core[] = "tag:yaml.org,2002:";
    if (tagtext && strcmp(tagtext, "tag:yaml.org,2002:str")) {
        const struct fy_mark *tm = fy_token_start_mark(tag);
        int core_tag = !strncmp(tagtext, core, sizeof core - 1);
        return na_jconf_fail_at(y->d, tm ? tm->line + 1 : line, tm ? tm->column + 1 : col,
                                "unsupported YAML tag %s%s (only !!str)", core_tag ? "!!" : "",
                                tagtext + (core_tag ? sizeof core - 1 : 0));
    }
    size_t len;
    const char *text = fy_token_get_text(ev->scalar.value, &len);
    char *raw = strndup(text ? text : "", text ? len : 0), *s = NULL;
    if (!raw)
        return NA_ENOMEM;
    int rc = na_jconf_interpolate_at(y->d, ptr, raw, &s);
    free(raw);
    if (rc)
        return rc;
    int plain = fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN && !tagtext;
    *out = plain ? plain_value(s) : json_string(s);
    free(s);
    return *out ? NA_OK : NA_ENOMEM;
}

/* The 1-based place of an event; libfyaml has none for some (an alias to no anchor): the last. */
static void place(struct yp *y, struct fy_event *ev, int *line, int *col)
{
    const struct fy_mark *m = fy_event_start_mark(ev);
    if (m) {
        y->line = m->line + 1;
        y->col = m->column + 1;
    }
    *line = y->line;
    *col = y->col;
}

/* Takes a node event under the current container: a key, or a value placed at its pointer. */
static int node(struct yp *y, struct fy_event *ev)
{
    int line, col;
    place(y, ev, &line, &col);
    if (ev->type == FYET_SCALAR) { /* name the quote, as JSON positions do */
        enum fy_scalar_style st = fy_token_scalar_style(ev->scalar.value);
        col -= st == FYSS_SINGLE_QUOTED || st == FYSS_DOUBLE_QUOTED;
    }
    struct frame *top = y->depth ? &y->st[y->depth - 1] : NULL;
    if (ev->type == FYET_ALIAS) /* its mark is after the '*' */
        return na_jconf_fail_at(y->d, line, col - 1,
                                "YAML aliases are not supported: write the value out");
    if (top && top->map && !top->key) {
        if (ev->type != FYET_SCALAR)
            return na_jconf_fail_at(y->d, line, col, "a key must be a string");
        size_t len;
        const char *t = fy_token_get_text(ev->scalar.value, &len);
        if (!(top->key = strndup(t ? t : "", t ? len : 0)))
            return NA_ENOMEM;
        top->kline = line;
        top->kcol = col;
        if (json_object_get(top->v, top->key))
            return na_jconf_fail_at(y->d, top->kline, top->kcol, "duplicate key \"%s\"", top->key);
        return NA_OK;
    }
    char ptr[PTR_MAX + 32];
    if (!top)
        ptr[0] = '\0';
    else if (top->map)
        na_jconf_ptr(ptr, sizeof ptr, y->path, top->key);
    else
        snprintf(ptr, sizeof ptr, "%s/%zu", y->path, top->idx);
    int kl = top && top->map ? top->kline : line, kc = top && top->map ? top->kcol : col;
    if (na_jpos_add(y->pos, ptr, kl, kc, line, col))
        return NA_ENOMEM;
    json_t *v = NULL;
    int rc = NA_OK;
    if (ev->type == FYET_SCALAR)
        rc = scalar_value(y, ev, ptr, line, col, &v);
    else if (!(v = ev->type == FYET_MAPPING_START ? json_object() : json_array()))
        rc = NA_ENOMEM;
    if (rc)
        return rc;
    if (!top)
        y->root = v;
    else if (top->map ? json_object_set_new(top->v, top->key, v) : json_array_append_new(top->v, v))
        return NA_ENOMEM;
    if (top && top->map) {
        free(top->key);
        top->key = NULL;
    } else if (top) {
        top->idx++;
    }
    if (ev->type == FYET_SCALAR)
        return NA_OK;
    if (y->depth == MAX_DEPTH || strlen(ptr) >= sizeof y->path)
        return na_jconf_fail_at(y->d, line, col, "nested too deep");
    y->st[y->depth++] =
        (struct frame){v, ev->type == FYET_MAPPING_START, NULL, 0, 0, strlen(ptr), 0};
    memcpy(y->path, ptr, strlen(ptr) + 1);
    return NA_OK;
}

static int event(struct yp *y, struct fy_event *ev)
{
    switch (ev->type) {
    case FYET_DOCUMENT_START:
        if (y->docs++) {
            int line, col;
            place(y, ev, &line, &col);
            return na_jconf_fail_at(y->d, line, col, "one YAML document expected, found a second");
        }
        return NA_OK;
    case FYET_SCALAR:
    case FYET_ALIAS:
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START:
        return node(y, ev);
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
        free(y->st[--y->depth].key);
        y->path[y->depth ? y->st[y->depth - 1].plen : 0] = '\0';
        return NA_OK;
    default:
        return NA_OK;
    }
}

/* libfyaml's first error, caught from its diagnostic output ("input:line:col: error: text"). */
struct diag_first {
    int line, col;
    char msg[512];
};

static void diag_out(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    struct diag_first *f = user;
    char text[1024];
    snprintf(text, sizeof text, "%.*s", (int)len, buf);
    char *e = strstr(text, ": error: ");
    if (f->msg[0] || !e)
        return;
    snprintf(f->msg, sizeof f->msg, "%s", e + 9);
    f->msg[strcspn(f->msg, "\n")] = '\0';
    *e = '\0';
    char *c = strrchr(text, ':');
    if (c) {
        f->col = atoi(c + 1);
        *c = '\0';
        char *l = strrchr(text, ':');
        f->line = l ? atoi(l + 1) : 0;
    }
}

static int syntax_error(struct yp *y, const struct diag_first *f)
{
    if (f->msg[0] && f->line > 0 && f->col > 0)
        return na_jconf_fail_at(y->d, f->line, f->col, "%s", f->msg);
    return na_jconf_fail_at(y->d, 1, 1, "%s", f->msg[0] ? f->msg : "malformed YAML");
}

/* A YAML stream is valid UTF-8 without NUL; libfyaml 0.7 can loop on either: refused here. */
static int bad_text(na_jconf *d, const char *text, size_t len)
{
    size_t bad = 0;
    if (na_utf8_valid(text, len, &bad)) /* NUL counts as invalid */
        return NA_OK;
    int line = 1, col = 1;
    for (size_t i = 0; i < bad && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            col++;
        }
    }
    return na_jconf_fail_at(d, line, col,
                            bad < len && !text[bad] ? "a NUL byte is not allowed in YAML"
                                                    : "invalid UTF-8");
}

int na_jconf_parse_yaml(na_jconf *d, const char *text, size_t len)
{
    if (bad_text(d, text, len))
        return NA_EINVAL;
    struct diag_first first = {0};
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL; /* errors come to diag_out, never to stderr */
    dcfg.output_fn = diag_out;
    dcfg.user = &first;
    dcfg.colorize = false;
    dcfg.show_source = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_JSON_NONE | FYPCF_ALLOW_DUPLICATE_KEYS,
                               .diag = diag};
    struct yp y = {.d = d, .pos = na_jpos_new(), .line = 1, .col = 1};
    struct fy_parser *fyp = y.pos && diag ? fy_parser_create(&cfg) : NULL;
    int rc = fyp && !fy_parser_set_string(fyp, text, len) ? NA_OK : NA_ENOMEM;
    na_jconf_set_tree(d, NULL, y.pos); /* interpolation errors look positions up as they go */
    struct fy_event *ev;
    while (!rc && (ev = fy_parser_parse(fyp))) {
        rc = event(&y, ev);
        fy_parser_event_free(fyp, ev);
    }
    if (!rc && fyp && fy_parser_get_stream_error(fyp))
        rc = syntax_error(&y, &first);
    while (y.depth)
        free(y.st[--y.depth].key);
    fy_parser_destroy(fyp);
    fy_diag_unref(diag);
    if (!rc && !y.root) { /* an empty document: null, placed at its start */
        y.root = json_null();
        rc = na_jpos_add(y.pos, "", 1, 1, 1, 1);
    }
    na_jconf_set_tree(d, y.root, y.pos);
    return rc;
}
