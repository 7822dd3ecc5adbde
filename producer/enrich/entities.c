/*
 * Gazetteer lookup in one pass: each name is tokenized like the text and stored under a hash of
 * its tokens; the scan hashes the n-grams starting at each token (only where a name could start,
 * and no longer than the longest name starting with that word) and keeps the longest that is a
 * key. Linear in the text size.
 */
#include "enrich/entities.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/config.h"
#include "newsalert/grow.h"
#include "newsalert/error.h"

#define MAX_NAME_TOKENS 12
#define FIRST_BITS 16
#define FNV_OFFSET 0xcbf29ce484222325ULL

struct entity {
    size_t name; /* pool offset of the canonical name */
    uint32_t stamp;
    uint8_t kind;
};

struct slot {
    uint64_t hash;
    size_t key;     /* pool offset of the normalized key */
    int32_t entity; /* -1: an ambiguous surname, matched but ignored */
    uint8_t used, derived;
};

struct person_name {
    size_t name; /* pool offset of a full name as written in people.txt */
    int32_t entity;
};

struct na_gazetteer {
    char *pool;
    size_t pool_n, pool_cap;
    struct entity *ents;
    size_t n_ents, cap_ents;
    struct slot *slots;
    size_t n_slots, used;
    struct person_name *pnames;
    size_t n_pnames, cap_pnames;
    uint8_t first_len[1u << FIRST_BITS]; /* by a first word's token hash: its longest name */
    uint32_t stamp;
    na_tokens scratch;
    char key[1024];
};

/* Common words that are also surnames: never matched as a surname alone. */
static const char *const surname_stop[] = {
    "May",    "Major", "Brown", "Rice",  "King",  "Young", "Black", "White", "Green", "Rose",
    "Little", "Long",  "Cook",  "Straw", "Hill",  "Wood",  "Bird",  "Fox",   "Price", "Bell",
    "Lord",   "Hunt",  "Page",  "Marsh", "Mills", "Jr",    "Sr",    "II",    "III",   "Khan",
    "Martin", "Power", "Store", "Sen",   "Cable", "Lama",  "Grant", NULL};

/* Names opening with a title give no surname: "Prince William" is not "William". */
static const char *const title_first[] = {
    "King", "Queen", "Prince", "Princess", "Pope",      "Lord",  "Lady", "President",
    "Mr",   "Mrs",   "Ms",     "Dr",       "Ayatollah", "Dalai", "Sir",  NULL};

static const char *const kind_files[NA_ENT_KINDS] = {"gazetteer/people.txt", "gazetteer/places.txt",
                                                     "gazetteer/organizations.txt"};

static int is_apostrophe(const na_token *t)
{
    return t->kind == NA_TOK_PUNCT &&
           (t->cp == '\'' || t->cp == NA_CP_RSQUO || t->cp == NA_CP_LSQUO);
}

static uint64_t fnv(uint64_t h, unsigned char c)
{
    return (h ^ c) * 0x100000001b3ULL;
}

/* Extends h with token t (apostrophes all hash as "'"). */
static uint64_t hash_token(uint64_t h, const char *text, const na_token *t)
{
    if (is_apostrophe(t))
        return fnv(h, '\'');
    for (size_t i = t->start; i < t->end; i++)
        h = fnv(h, (unsigned char)text[i]);
    return h;
}

/* The most tokens a name starting with a word of token hash h may have; 0: none starts so. */
static size_t first_len(const na_gazetteer *g, uint32_t h)
{
    return g->first_len[h & ((1u << FIRST_BITS) - 1)];
}

static void first_set(na_gazetteer *g, uint32_t h, size_t ntokens)
{
    uint8_t *m = &g->first_len[h & ((1u << FIRST_BITS) - 1)];
    if (ntokens > *m)
        *m = (uint8_t)ntokens;
}

/* Copies s[0..n) and a NUL into the pool; returns its offset or SIZE_MAX. */
static size_t pool_add(na_gazetteer *g, const char *s, size_t n)
{
    if (g->pool_n + n + 1 > g->pool_cap) {
        size_t ncap = g->pool_cap ? g->pool_cap : 16384;
        while (ncap < g->pool_n + n + 1)
            ncap *= 2;
        char *p = realloc(g->pool, ncap);
        if (!p)
            return SIZE_MAX;
        g->pool = p;
        g->pool_cap = ncap;
    }
    size_t off = g->pool_n;
    memcpy(g->pool + off, s, n);
    g->pool[off + n] = '\0';
    g->pool_n += n + 1;
    return off;
}

/* 1 when tokens tk[i..i+k) of text spell the pool key at off. */
static int key_matches(const na_gazetteer *g, size_t off, const char *text, const na_token *tk,
                       size_t k)
{
    const char *key = g->pool + off;
    for (size_t j = 0; j < k; j++) {
        if (j > 0 && *key++ != ' ')
            return 0;
        if (is_apostrophe(&tk[j])) {
            if (*key++ != '\'')
                return 0;
            continue;
        }
        size_t n = tk[j].end - tk[j].start;
        if (strncmp(key, text + tk[j].start, n) != 0)
            return 0;
        key += n;
    }
    return *key == '\0';
}

static struct slot *lookup(const na_gazetteer *g, uint64_t h, const char *text, const na_token *tk,
                           size_t k)
{
    if (!g->n_slots)
        return NULL;
    size_t mask = g->n_slots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct slot *s = &g->slots[i];
        if (!s->used)
            return NULL;
        if (s->hash == h && key_matches(g, s->key, text, tk, k))
            return s;
    }
}

static int rehash(na_gazetteer *g)
{
    size_t n = g->n_slots ? g->n_slots * 2 : 1024;
    struct slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return NA_ENOMEM;
    for (size_t i = 0; i < g->n_slots; i++) {
        if (!g->slots[i].used)
            continue;
        size_t j = g->slots[i].hash & (n - 1);
        while (slots[j].used)
            j = (j + 1) & (n - 1);
        slots[j] = g->slots[i];
    }
    free(g->slots);
    g->slots = slots;
    g->n_slots = n;
    return NA_OK;
}

/* Tokenizes name into g->scratch and writes its normalized key to g->key; returns tokens or 0. */
static size_t name_key(na_gazetteer *g, const char *name, size_t n, uint64_t *hash)
{
    if (na_tokenize(name, n, &g->scratch) || g->scratch.n == 0 ||
        g->scratch.v[0].kind == NA_TOK_PUNCT)
        return 0;
    size_t len = 0;
    uint64_t h = FNV_OFFSET;
    for (size_t j = 0; j < g->scratch.n; j++) {
        const na_token *t = &g->scratch.v[j];
        size_t tl = is_apostrophe(t) ? 1 : t->end - t->start;
        if (len + tl + 2 > sizeof g->key)
            return 0;
        if (j > 0) {
            g->key[len++] = ' ';
            h = fnv(h, ' ');
        }
        if (is_apostrophe(t))
            g->key[len] = '\'';
        else
            memcpy(g->key + len, name + t->start, tl);
        len += tl;
        h = hash_token(h, name, t);
    }
    if (g->scratch.n <= MAX_NAME_TOKENS)
        first_set(g, g->scratch.v[0].hash, g->scratch.n);
    g->key[len] = '\0';
    *hash = h;
    return g->scratch.n;
}

/* Maps name to entity; explicit keys win over surnames, and a surname of two people is ambiguous.
 */
static int insert(na_gazetteer *g, const char *name, size_t n, int32_t entity, int derived)
{
    uint64_t h;
    size_t k = name_key(g, name, n, &h);
    if (k == 0 || k > MAX_NAME_TOKENS)
        return NA_EINVAL;
    struct slot *s = lookup(g, h, name, g->scratch.v, k);
    if (s) {
        if (s->derived && !derived)
            *s = (struct slot){s->hash, s->key, entity, 1, 0};
        else if (s->derived && s->entity != entity)
            s->entity = -1;
        return NA_OK;
    }
    if ((g->used + 1) * 2 > g->n_slots && rehash(g))
        return NA_ENOMEM;
    size_t off = pool_add(g, g->key, strlen(g->key));
    if (off == SIZE_MAX)
        return NA_ENOMEM;
    size_t mask = g->n_slots - 1, i = h & mask;
    while (g->slots[i].used)
        i = (i + 1) & mask;
    g->slots[i] = (struct slot){h, off, entity, 1, (uint8_t)derived};
    g->used++;
    return NA_OK;
}

na_gazetteer *na_gazetteer_new(void)
{
    return calloc(1, sizeof(na_gazetteer));
}

void na_gazetteer_destroy(na_gazetteer *g)
{
    if (!g)
        return;
    free(g->pool);
    free(g->ents);
    free(g->slots);
    free(g->pnames);
    na_tokens_free(&g->scratch);
    free(g);
}

size_t na_gazetteer_size(const na_gazetteer *g)
{
    return g->n_ents;
}

static int add_entity(na_gazetteer *g, enum na_entity_kind kind, const char *name, size_t n)
{
    if (na_grow((void **)&g->ents, &g->cap_ents, g->n_ents, sizeof *g->ents, 512))
        return NA_ENOMEM;
    size_t off = pool_add(g, name, n);
    if (off == SIZE_MAX)
        return NA_ENOMEM;
    g->ents[g->n_ents++] = (struct entity){off, 0, (uint8_t)kind};
    return NA_OK;
}

static int add_person_name(na_gazetteer *g, const char *name, size_t n, int32_t entity)
{
    if (na_grow((void **)&g->pnames, &g->cap_pnames, g->n_pnames, sizeof *g->pnames, 512))
        return NA_ENOMEM;
    size_t off = pool_add(g, name, n);
    if (off == SIZE_MAX)
        return NA_ENOMEM;
    g->pnames[g->n_pnames++] = (struct person_name){off, entity};
    return NA_OK;
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

/* One line "Canonical|alias|alias": the canonical name is field 0. */
static int add_line(na_gazetteer *g, enum na_entity_kind kind, const char *s, const char *e,
                    const char *origin, size_t lineno, char *errstr, size_t errlen)
{
    int32_t entity = (int32_t)g->n_ents;
    for (size_t field = 0;; field++) {
        const char *bar = memchr(s, '|', (size_t)(e - s));
        const char *fs = s, *fe = bar ? bar : e;
        s = bar ? bar + 1 : e;
        trim(&fs, &fe);
        if (fs == fe) {
            if (field == 0) {
                snprintf(errstr, errlen, "%s:%zu: empty canonical name", origin, lineno);
                return NA_EPARSE;
            }
            if (!bar)
                break;
            continue;
        }
        size_t n = (size_t)(fe - fs);
        int rc = field == 0 ? add_entity(g, kind, fs, n) : NA_OK;
        if (!rc)
            rc = insert(g, fs, n, entity, 0);
        if (rc == NA_EINVAL)
            snprintf(errstr, errlen,
                     "%s:%zu: \"%.*s\" must start with a letter or digit and have at most %d "
                     "words",
                     origin, lineno, (int)n, fs, MAX_NAME_TOKENS);
        else if (rc)
            snprintf(errstr, errlen, "%s:%zu: out of memory", origin, lineno);
        if (!rc && kind == NA_ENT_PERSON)
            rc = add_person_name(g, fs, n, entity);
        if (rc)
            return rc;
        if (!bar)
            break;
    }
    return NA_OK;
}

int na_gazetteer_add(na_gazetteer *g, enum na_entity_kind kind, const char *data, size_t len,
                     const char *origin, char *errstr, size_t errlen)
{
    const char *p = data, *end = data + len;
    for (size_t lineno = 1; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *ls = p;
        p = nl ? nl + 1 : end;
        trim(&ls, &le);
        if (ls == le || *ls == '#')
            continue;
        int rc = add_line(g, kind, ls, le, origin, lineno, errstr, errlen);
        if (rc)
            return rc;
    }
    return NA_OK;
}

/* The surname of a multi-word person name: its last word, unless it is a common word. */
static int surname(na_gazetteer *g, const char *name, const na_token **out)
{
    if (na_tokenize(name, strlen(name), &g->scratch) || g->scratch.n < 2 ||
        na_tok_in(name, &g->scratch.v[0], title_first))
        return 0;
    const na_token *t = &g->scratch.v[g->scratch.n - 1];
    if (t->kind != NA_TOK_WORD || !(t->flags & NA_TOK_UPPER) || t->end - t->start < 3 ||
        (t->flags & NA_TOK_DOTS) || na_tok_in(name, t, surname_stop))
        return 0;
    if (!(t->flags & NA_TOK_SPACE))
        return 0; /* the tail of "O'Brien" or "Jong-un" is no surname alone */
    *out = t;
    return 1;
}

int na_gazetteer_finish(na_gazetteer *g)
{
    for (size_t i = 0; i < g->n_pnames; i++) {
        const char *name = g->pool + g->pnames[i].name;
        const na_token *t;
        if (!surname(g, name, &t))
            continue;
        char last[128];
        size_t n = t->end - t->start;
        if (n >= sizeof last)
            continue;
        memcpy(last, name + t->start, n);
        int rc = insert(g, last, n, g->pnames[i].entity, 1);
        if (rc == NA_ENOMEM)
            return rc;
    }
    return NA_OK;
}

na_gazetteer *na_gazetteer_load(char *errstr, size_t errlen)
{
    na_gazetteer *g = na_gazetteer_new();
    if (!g) {
        snprintf(errstr, errlen, "gazetteer: out of memory");
        return NULL;
    }
    for (int k = 0; k < NA_ENT_KINDS; k++) {
        char origin[4096];
        size_t len;
        char *data = na_config_read(kind_files[k], &len, origin, sizeof origin, errstr, errlen);
        int rc =
            data ? na_gazetteer_add(g, (enum na_entity_kind)k, data, len, origin, errstr, errlen)
                 : NA_ENOTFOUND;
        free(data);
        if (rc) {
            na_gazetteer_destroy(g);
            return NULL;
        }
    }
    if (na_gazetteer_finish(g)) {
        snprintf(errstr, errlen, "gazetteer: out of memory");
        na_gazetteer_destroy(g);
        return NULL;
    }
    return g;
}

void na_gazetteer_begin(na_gazetteer *g)
{
    if (++g->stamp == 0) { /* wrapped: forget every old stamp */
        for (size_t i = 0; i < g->n_ents; i++)
            g->ents[i].stamp = 0;
        g->stamp = 1;
    }
}

static int record(na_gazetteer *g, int32_t entity, na_article *a)
{
    struct entity *e = &g->ents[entity];
    if (e->stamp == g->stamp)
        return NA_OK;
    e->stamp = g->stamp;
    na_strlist *lists[NA_ENT_KINDS] = {&a->people, &a->places, &a->organizations};
    return na_strlist_push(lists[e->kind], g->pool + e->name);
}

int na_gazetteer_kind(const na_gazetteer *g, const char *text, const na_token *tk, size_t n)
{
    if (n == 0 || n > MAX_NAME_TOKENS)
        return -1;
    uint64_t h = FNV_OFFSET;
    for (size_t k = 0; k < n; k++)
        h = hash_token(k ? fnv(h, ' ') : h, text, &tk[k]);
    const struct slot *s = lookup(g, h, text, tk, n);
    return s && s->entity >= 0 ? g->ents[s->entity].kind : -1;
}

int na_gazetteer_scan(na_gazetteer *g, const char *text, const na_tokens *tk, na_article *a)
{
    uint64_t hashes[MAX_NAME_TOKENS];
    for (size_t i = 0; i < tk->n; i++) {
        const na_token *t = &tk->v[i];
        if (t->kind == NA_TOK_PUNCT)
            continue;
        size_t kmax = first_len(g, t->hash);
        if (kmax == 0)
            continue;
        if (kmax > tk->n - i)
            kmax = tk->n - i;
        uint64_t h = hash_token(FNV_OFFSET, text, t);
        hashes[0] = h;
        for (size_t k = 1; k < kmax; k++) {
            h = hash_token(fnv(h, ' '), text, &t[k]);
            hashes[k] = h;
        }
        for (size_t k = kmax; k > 0; k--) {
            struct slot *s = lookup(g, hashes[k - 1], text, t, k);
            if (!s)
                continue;
            if (s->entity >= 0 && record(g, s->entity, a))
                return NA_ENOMEM;
            i += k - 1;
            break;
        }
    }
    return NA_OK;
}
