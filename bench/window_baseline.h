/* The window implementation before issue 13 (O(n) per add and per count), kept as the
 * benchmark's baseline; bench/window.c includes it. Not built on its own. */
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

typedef struct old_window old_window;
typedef struct old_window_event {
    int64_t t;
    const char *event_id, *label;
} old_window_event;

struct entry {
    int64_t t;
    uint64_t id_hash;
    char *id, *label; /* copies; NULL when not given */
};

struct keystate {
    char *key;
    struct entry *e; /* kept sorted by t */
    size_t n, cap;
    int64_t last_alert; /* -1: none */
    struct keystate *next;
};

struct old_window {
    int64_t horizon, lateness, newest;
    struct keystate **buckets;
    size_t nbuckets, nkeys;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static old_window *old_window_new(int64_t horizon_ms, int64_t lateness_ms)
{
    old_window *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->horizon = horizon_ms;
    w->lateness = lateness_ms < 0 ? 0 : lateness_ms;
    w->newest = -1;
    w->nbuckets = 256;
    w->buckets = calloc(w->nbuckets, sizeof *w->buckets);
    if (!w->buckets) {
        free(w);
        return NULL;
    }
    return w;
}

static void entry_free(struct entry *e)
{
    free(e->id);
    free(e->label);
}

static void keystate_free(struct keystate *k)
{
    for (size_t i = 0; i < k->n; i++)
        entry_free(&k->e[i]);
    free(k->key);
    free(k->e);
    free(k);
}

static void old_window_destroy(old_window *w)
{
    if (!w)
        return;
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate *k = w->buckets[b];
        while (k) {
            struct keystate *next = k->next;
            keystate_free(k);
            k = next;
        }
    }
    free(w->buckets);
    free(w);
}

static struct keystate *find(const old_window *w, const char *key)
{
    struct keystate *k = w->buckets[hash_str(key) % w->nbuckets];
    while (k && strcmp(k->key, key) != 0)
        k = k->next;
    return k;
}

static int rehash(old_window *w)
{
    size_t nb = w->nbuckets * 2;
    struct keystate **nbk = calloc(nb, sizeof *nbk);
    if (!nbk)
        return NA_ENOMEM;
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate *k = w->buckets[b];
        while (k) {
            struct keystate *next = k->next;
            size_t i = hash_str(k->key) % nb;
            k->next = nbk[i];
            nbk[i] = k;
            k = next;
        }
    }
    free(w->buckets);
    w->buckets = nbk;
    w->nbuckets = nb;
    return NA_OK;
}

static struct keystate *find_or_add(old_window *w, const char *key)
{
    struct keystate *k = find(w, key);
    if (k)
        return k;
    if (w->nkeys >= w->nbuckets && rehash(w))
        return NULL;
    k = calloc(1, sizeof *k);
    if (!k || !(k->key = strdup(key))) {
        free(k);
        return NULL;
    }
    k->last_alert = -1;
    size_t i = hash_str(key) % w->nbuckets;
    k->next = w->buckets[i];
    w->buckets[i] = k;
    w->nkeys++;
    return k;
}

static int old_window_add_labelled(old_window *w, const char *key, int64_t t, const char *event_id,
                                   const char *label)
{
    if (w->newest >= 0 && t < w->newest - w->lateness)
        return 0;
    struct keystate *k = find_or_add(w, key);
    if (!k)
        return NA_ENOMEM;
    uint64_t h = hash_str(event_id ? event_id : "");
    for (size_t i = 0; event_id && i < k->n; i++)
        if (k->e[i].id_hash == h && (!k->e[i].id || !strcmp(k->e[i].id, event_id)))
            return 0;
    struct entry ne = {t, h, event_id ? strdup(event_id) : NULL, label ? strdup(label) : NULL};
    if ((event_id && !ne.id) || (label && !ne.label)) {
        entry_free(&ne);
        return NA_ENOMEM;
    }
    if (na_grow((void **)&k->e, &k->cap, k->n, sizeof *k->e, 8)) {
        entry_free(&ne);
        return NA_ENOMEM;
    }
    size_t pos = k->n; /* usually appended: events arrive mostly in time order */
    while (pos > 0 && k->e[pos - 1].t > t)
        pos--;
    memmove(k->e + pos + 1, k->e + pos, (k->n - pos) * sizeof *k->e);
    k->e[pos] = ne;
    k->n++;
    if (t > w->newest)
        w->newest = t;
    return 1;
}

static size_t old_window_count(const old_window *w, const char *key, int64_t from, int64_t to)
{
    const struct keystate *k = find(w, key);
    size_t c = 0;
    for (size_t i = 0; k && i < k->n; i++)
        if (k->e[i].t > from && k->e[i].t <= to)
            c++;
    return c;
}

static size_t old_window_recent(const old_window *w, const char *key, int64_t from, int64_t to,
                                old_window_event *out, size_t max)
{
    const struct keystate *k = find(w, key);
    size_t n = 0, i = k ? k->n : 0;
    while (i > 0 && n < max) {
        const struct entry *e = &k->e[--i];
        if (e->t > from && e->t <= to)
            out[n++] = (old_window_event){e->t, e->id, e->label};
    }
    for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) { /* newest first -> oldest first */
        old_window_event x = out[a];
        out[a] = out[b];
        out[b] = x;
    }
    return n;
}

static void old_window_expire(old_window *w, int64_t newest)
{
    int64_t cut = newest - w->horizon - w->lateness;
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate **pk = &w->buckets[b];
        while (*pk) {
            struct keystate *k = *pk;
            size_t drop = 0;
            while (drop < k->n && k->e[drop].t <= cut)
                entry_free(&k->e[drop++]);
            memmove(k->e, k->e + drop, (k->n - drop) * sizeof *k->e);
            k->n -= drop;
            /* A key with no events and no alert inside the horizon is forgotten. */
            if (k->n == 0 && k->last_alert <= cut) {
                *pk = k->next;
                keystate_free(k);
                w->nkeys--;
            } else {
                pk = &k->next;
            }
        }
    }
}
