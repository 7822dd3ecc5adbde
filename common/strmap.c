/* A small open-addressing string map (strmap.h): the rules intern terms and literals with it,
 * the story fold finds a story by id. */
#include "newsalert/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"

struct slot {
    char *key;
    uint32_t value;
};

struct na_strmap {
    struct slot *slots;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

na_strmap *na_strmap_new(void)
{
    na_strmap *m = calloc(1, sizeof *m);
    if (m && !(m->slots = calloc(64, sizeof *m->slots))) {
        free(m);
        return NULL;
    }
    if (m)
        m->cap = 64;
    return m;
}

void na_strmap_destroy(na_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    free(m);
}

static struct slot *find(const na_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->slots[i].key && strcmp(m->slots[i].key, key))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

int64_t na_strmap_get(const na_strmap *m, const char *key)
{
    const struct slot *s = find(m, key);
    return s->key ? (int64_t)s->value : -1;
}

static int grow(na_strmap *m)
{
    struct slot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = calloc(oldcap * 2, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return NA_ENOMEM;
    }
    m->cap = oldcap * 2;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(m, old[i].key) = old[i];
    free(old);
    return NA_OK;
}

int na_strmap_put(na_strmap *m, const char *key, uint32_t value)
{
    if ((m->n + 1) * 2 > m->cap && grow(m))
        return NA_ENOMEM;
    struct slot *s = find(m, key);
    if (!s->key) {
        if (!(s->key = strdup(key)))
            return NA_ENOMEM;
        m->n++;
    }
    s->value = value;
    return NA_OK;
}
