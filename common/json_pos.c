#include "newsalert/json_pos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

struct entry {
    char *path;
    size_t len;
    int kline, kcol, vline, vcol;
};

/* The entries in text order, and a hash index of them by path (a rule set has tens of
 * thousands: loading looks one up per rule and per condition). */
struct na_jpos {
    struct entry *e;
    size_t n, cap;
    uint32_t *slot; /* entry index + 1 of the first entry with that path; 0: empty */
    size_t nslot;   /* a power of two, at least twice n */
};

static size_t hash(const char *s, size_t len)
{
    size_t h = 14695981039346656037u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static const struct entry *lookup(const na_jpos *p, const char *pointer, size_t len)
{
    if (!p || !p->nslot)
        return NULL;
    for (size_t k = hash(pointer, len) & (p->nslot - 1); p->slot[k]; k = (k + 1) & (p->nslot - 1)) {
        const struct entry *e = &p->e[p->slot[k] - 1];
        if (e->len == len && !memcmp(e->path, pointer, len))
            return e;
    }
    return NULL;
}

/* Indexes entry i unless an earlier entry has its path (the first one is found). */
static void index_put(na_jpos *p, size_t i)
{
    const struct entry *e = &p->e[i];
    size_t k = hash(e->path, e->len) & (p->nslot - 1);
    for (; p->slot[k]; k = (k + 1) & (p->nslot - 1))
        if (p->e[p->slot[k] - 1].len == e->len &&
            !memcmp(p->e[p->slot[k] - 1].path, e->path, e->len))
            return;
    p->slot[k] = (uint32_t)i + 1;
}

static int index_add(na_jpos *p)
{
    if (2 * p->n > p->nslot) {
        size_t nslot = p->nslot ? 2 * p->nslot : 256;
        uint32_t *slot = calloc(nslot, sizeof *slot);
        if (!slot)
            return NA_ENOMEM;
        free(p->slot);
        p->slot = slot;
        p->nslot = nslot;
        for (size_t i = 0; i + 1 < p->n; i++)
            index_put(p, i);
    }
    index_put(p, p->n - 1);
    return NA_OK;
}

struct scan {
    const char *s;
    size_t len, i;
    int line, col;
    na_jpos *p;
    int oom;
};

static void adv(struct scan *sc)
{
    if (sc->i >= sc->len)
        return;
    unsigned char c = (unsigned char)sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->col = 1;
    } else if ((c & 0xc0) != 0x80) {
        sc->col++;
    }
}

static void ws(struct scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]))
        adv(sc);
}

static void add(struct scan *sc, const char *path, int kl, int kc, int vl, int vc)
{
    if (na_grow((void **)&sc->p->e, &sc->p->cap, sc->p->n, sizeof *sc->p->e, 64)) {
        sc->oom = 1;
        return;
    }
    char *dup = strdup(path);
    if (!dup) {
        sc->oom = 1;
        return;
    }
    sc->p->e[sc->p->n++] = (struct entry){dup, strlen(dup), kl, kc, vl, vc};
    if (index_add(sc->p))
        sc->oom = 1;
}

/* Appends byte c to out as part of a JSON Pointer segment ("~" and "/" escaped). */
static void seg_put(char *out, size_t outlen, size_t *o, unsigned char c)
{
    if (c == '~' || c == '/') {
        if (*o + 2 < outlen) {
            out[(*o)++] = '~';
            out[(*o)++] = c == '~' ? '0' : '1';
        }
    } else if (*o + 1 < outlen) {
        out[(*o)++] = (char)c;
    }
}

/* Four hex digits after "\\u" (the scanner on the 'u'); -1 when malformed. */
static long hex4(struct scan *sc)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        adv(sc);
        char c = sc->i < sc->len ? sc->s[sc->i] : 0;
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \\uXXXX escape (a surrogate pair taking two) as UTF-8 into out. */
static void unicode_escape(struct scan *sc, char *out, size_t outlen, size_t *o)
{
    long cp = hex4(sc);
    if (cp >= 0xd800 && cp < 0xdc00 && sc->i + 2 < sc->len && sc->s[sc->i + 1] == '\\' &&
        sc->s[sc->i + 2] == 'u') {
        adv(sc);
        adv(sc);
        long lo = hex4(sc);
        cp = lo >= 0xdc00 && lo < 0xe000 ? 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00) : -1;
    }
    if (cp < 0 || !out)
        return;
    unsigned char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    for (size_t k = n; k-- > 1; cp >>= 6)
        b[k] = (unsigned char)(0x80 | (cp & 0x3f));
    b[0] = (unsigned char)(n == 1 ? cp : lead[n] | cp);
    for (size_t k = 0; k < n; k++)
        seg_put(out, outlen, o, b[k]);
}

/* Reads a string token into out as a JSON Pointer segment, its escapes decoded as jansson does. */
static void string_tok(struct scan *sc, char *out, size_t outlen)
{
    static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
    size_t o = 0;
    adv(sc); /* opening quote */
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        char c = sc->s[sc->i];
        if (c == '\\') {
            adv(sc);
            c = sc->i < sc->len ? sc->s[sc->i] : '\\';
            const char *e = c ? strchr(esc_in, c) : NULL;
            if (c == 'u') {
                unicode_escape(sc, out, outlen, &o);
                adv(sc);
                continue;
            }
            c = e ? esc_out[e - esc_in] : c;
        }
        if (out)
            seg_put(out, outlen, &o, (unsigned char)c);
        adv(sc);
    }
    adv(sc);
    if (out)
        out[o] = '\0';
}

static void value(struct scan *sc, char *path, size_t plen, size_t cap);

static void child(struct scan *sc, char *path, size_t plen, size_t cap, const char *seg, int kl,
                  int kc)
{
    size_t sl = strlen(seg);
    if (plen + 1 + sl + 1 > cap) { /* too deep to name: still walk it */
        value(sc, path, plen, cap);
        return;
    }
    path[plen] = '/';
    memcpy(path + plen + 1, seg, sl + 1);
    add(sc, path, kl, kc, sc->line, sc->col);
    value(sc, path, plen + 1 + sl, cap);
    path[plen] = '\0';
}

static void value(struct scan *sc, char *path, size_t plen, size_t cap)
{
    ws(sc);
    if (sc->i >= sc->len)
        return;
    char c = sc->s[sc->i];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        adv(sc);
        for (size_t k = 0; !sc->oom; k++) {
            ws(sc);
            if (sc->i >= sc->len || sc->s[sc->i] == close)
                break;
            char seg[1024];
            int kl = sc->line, kc = sc->col;
            if (c == '{') {
                string_tok(sc, seg, sizeof seg);
                ws(sc);
                adv(sc); /* ':' */
                ws(sc);
            } else {
                snprintf(seg, sizeof seg, "%zu", k);
            }
            child(sc, path, plen, cap, seg, kl, kc);
            ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == ',')
                adv(sc);
        }
        adv(sc);
    } else if (c == '"') {
        string_tok(sc, NULL, 0);
    } else {
        while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
            adv(sc);
    }
}

na_jpos *na_jpos_new(void)
{
    return calloc(1, sizeof(na_jpos));
}

int na_jpos_add(na_jpos *p, const char *pointer, int kline, int kcol, int vline, int vcol)
{
    struct scan sc = {.p = p};
    add(&sc, pointer, kline, kcol, vline, vcol);
    return sc.oom ? NA_ENOMEM : NA_OK;
}

na_jpos *na_jpos_scan(const char *text, size_t len)
{
    na_jpos *p = na_jpos_new();
    if (!p)
        return NULL;
    struct scan sc = {text, len, 0, 1, 1, p, 0};
    char path[4096] = "";
    ws(&sc);
    add(&sc, "", sc.line, sc.col, sc.line, sc.col);
    value(&sc, path, 0, sizeof path);
    if (sc.oom) {
        na_jpos_destroy(p);
        return NULL;
    }
    return p;
}

void na_jpos_destroy(na_jpos *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->e[i].path);
    free(p->e);
    free(p->slot);
    free(p);
}

int na_jpos_find(const na_jpos *p, const char *pointer, int key, int *line, int *col)
{
    *line = *col = 1;
    size_t len = strlen(pointer);
    int found = 1;
    for (;;) {
        const struct entry *e = lookup(p, pointer, len);
        if (e) {
            *line = key ? e->kline : e->vline;
            *col = key ? e->kcol : e->vcol;
            return found ? NA_OK : NA_ENOTFOUND;
        }
        if (len == 0)
            return NA_ENOTFOUND;
        found = 0;
        key = 1;
        while (len > 0 && pointer[len - 1] != '/')
            len--;
        if (len > 0)
            len--; /* drop the last segment and its slash */
    }
}
