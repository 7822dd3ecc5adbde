#include "stream/window.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

/*
 * Per key, the events are a ring buffer sorted by time: events mostly arrive in time order, so
 * an add appends, a count is two binary searches and expiry pops from the front. A repeat is
 * the same event id at the same time (a redelivered record keeps its time): found by binary
 * search too. Every operation on a key is O(log n) in the events it holds, except an event
 * older than the key's newest, which shifts the younger ones (bounded by the lateness).
 */
struct entry {
    int64_t t;
    char *id, *label, *value; /* copies; NULL when not given */
};

struct keystate {
    char *key;
    struct entry *e; /* ring of cap (a power of two) slots, n used from head */
    size_t head, n, cap;
    int64_t last_alert; /* -1: none */
    int64_t mark;       /* the caller's (na_window_each_key); -1 at first */
    struct keystate *next;
};

struct na_window {
    int64_t horizon, lateness, newest;
    int ordered; /* events come in time order per key (the window stage): no lateness check */
    struct keystate **buckets;
    size_t nbuckets, nkeys, nevents, bytes;
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

na_window *na_window_new(int64_t horizon_ms, int64_t lateness_ms)
{
    na_window *w = calloc(1, sizeof *w);
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
    free(e->value);
}

static size_t entry_bytes(const struct entry *e)
{
    return (e->id ? strlen(e->id) + 1 : 0) + (e->label ? strlen(e->label) + 1 : 0) +
           (e->value ? strlen(e->value) + 1 : 0);
}

static struct entry *at(const struct keystate *k, size_t i)
{
    return &k->e[(k->head + i) & (k->cap - 1)];
}

static void keystate_free(na_window *w, struct keystate *k)
{
    for (size_t i = 0; i < k->n; i++)
        entry_free(at(k, i));
    w->nevents -= k->n;
    w->bytes -= sizeof *k + strlen(k->key) + 1 + k->cap * sizeof *k->e;
    free(k->key);
    free(k->e);
    free(k);
}

void na_window_destroy(na_window *w)
{
    if (!w)
        return;
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate *k = w->buckets[b];
        while (k) {
            struct keystate *next = k->next;
            keystate_free(w, k);
            k = next;
        }
    }
    free(w->buckets);
    free(w);
}

static struct keystate *find(const na_window *w, const char *key)
{
    struct keystate *k = w->buckets[hash_str(key) % w->nbuckets];
    while (k && strcmp(k->key, key) != 0)
        k = k->next;
    return k;
}

static int rehash(na_window *w)
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

static struct keystate *find_or_add(na_window *w, const char *key)
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
    k->mark = -1;
    w->bytes += sizeof *k + strlen(key) + 1;
    size_t i = hash_str(key) % w->nbuckets;
    k->next = w->buckets[i];
    w->buckets[i] = k;
    w->nkeys++;
    return k;
}

int na_window_add(na_window *w, const char *key, int64_t t, const char *event_id)
{
    return na_window_add_labelled(w, key, t, event_id, NULL);
}

/* The first index in k whose time is > t (upper) or >= t (!upper). */
static size_t bound(const struct keystate *k, int64_t t, int upper)
{
    size_t lo = 0, hi = k->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = at(k, mid)->t;
        if (v < t || (upper && v == t))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int ring_grow(na_window *w, struct keystate *k)
{
    if (k->n < k->cap)
        return NA_OK;
    size_t cap = k->cap ? k->cap * 2 : 4;
    struct entry *e = malloc(cap * sizeof *e);
    if (!e)
        return NA_ENOMEM;
    for (size_t i = 0; i < k->n; i++)
        e[i] = *at(k, i);
    free(k->e);
    w->bytes += (cap - k->cap) * sizeof *e;
    k->e = e;
    k->cap = cap;
    k->head = 0;
    return NA_OK;
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int holds(const struct keystate *k, int64_t t, const char *event_id, const char *value)
{
    for (size_t i = bound(k, t, 0); event_id && i < k->n && at(k, i)->t == t; i++)
        if (at(k, i)->id && !strcmp(at(k, i)->id, event_id) && same(at(k, i)->value, value))
            return 1;
    return 0;
}

int na_window_holds(const na_window *w, const char *key, int64_t t, const char *event_id)
{
    return na_window_holds_value(w, key, t, event_id, NULL);
}

int na_window_holds_value(const na_window *w, const char *key, int64_t t, const char *event_id,
                          const char *value)
{
    const struct keystate *k = find(w, key);
    return k && holds(k, t, event_id, value);
}

int na_window_add_labelled(na_window *w, const char *key, int64_t t, const char *event_id,
                           const char *label)
{
    return na_window_add_valued(w, key, t, event_id, label, NULL);
}

int na_window_add_valued(na_window *w, const char *key, int64_t t, const char *event_id,
                         const char *label, const char *value)
{
    if (!w->ordered && w->newest >= 0 && t < w->newest - w->lateness)
        return 0;
    struct keystate *k = find_or_add(w, key);
    if (!k)
        return NA_ENOMEM;
    if (holds(k, t, event_id, value))
        return 0;
    struct entry ne = {t, event_id ? strdup(event_id) : NULL, label ? strdup(label) : NULL,
                       value ? strdup(value) : NULL};
    if ((event_id && !ne.id) || (label && !ne.label) || (value && !ne.value) || ring_grow(w, k)) {
        entry_free(&ne);
        return NA_ENOMEM;
    }
    size_t pos = bound(k, t, 1); /* usually k->n: events arrive mostly in time order */
    for (size_t i = k->n; i > pos; i--)
        *at(k, i) = *at(k, i - 1);
    *at(k, pos) = ne;
    k->n++;
    w->nevents++;
    w->bytes += entry_bytes(&ne);
    if (t > w->newest)
        w->newest = t;
    return 1;
}

size_t na_window_count(const na_window *w, const char *key, int64_t from, int64_t to)
{
    const struct keystate *k = find(w, key);
    if (!k || to <= from)
        return 0;
    return bound(k, to, 1) - bound(k, from, 1);
}

static int cmp_value(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

long na_window_distinct(const na_window *w, const char *key, int64_t from, int64_t to)
{
    const struct keystate *k = find(w, key);
    if (!k || to <= from)
        return 0;
    size_t lo = bound(k, from, 1), hi = bound(k, to, 1), n = 0;
    const char **v = malloc((hi - lo + 1) * sizeof *v);
    if (!v)
        return NA_ENOMEM;
    for (size_t i = lo; i < hi; i++)
        if (at(k, i)->value)
            v[n++] = at(k, i)->value;
    qsort(v, n, sizeof *v, cmp_value);
    long distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || strcmp(v[i - 1], v[i]) != 0;
    free(v);
    return distinct;
}

int na_window_each_key(na_window *w, const char *prefix,
                       int (*fn)(const char *key, int64_t oldest, int64_t newest, int64_t *mark,
                                 void *ud),
                       void *ud)
{
    size_t len = prefix ? strlen(prefix) : 0;
    for (size_t b = 0; b < w->nbuckets; b++)
        for (struct keystate *k = w->buckets[b]; k; k = k->next) {
            if (len && strncmp(k->key, prefix, len))
                continue;
            int rc =
                fn(k->key, k->n ? at(k, 0)->t : -1, k->n ? at(k, k->n - 1)->t : -1, &k->mark, ud);
            if (rc)
                return rc;
        }
    return 0;
}

size_t na_window_recent(const na_window *w, const char *key, int64_t from, int64_t to,
                        na_window_event *out, size_t max)
{
    const struct keystate *k = find(w, key);
    size_t n = 0, i = k ? bound(k, to, 1) : 0;
    while (i > 0 && n < max) {
        const struct entry *e = at(k, --i);
        if (e->t <= from)
            break;
        out[n++] = (na_window_event){e->t, e->id, e->label};
    }
    for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) { /* newest first -> oldest first */
        na_window_event x = out[a];
        out[a] = out[b];
        out[b] = x;
    }
    return n;
}

int na_window_cooling(const na_window *w, const char *key, int64_t t, int64_t period_ms)
{
    const struct keystate *k = find(w, key);
    return k && k->last_alert >= 0 && k->last_alert > t - period_ms && k->last_alert <= t;
}

int na_window_mark_alert(na_window *w, const char *key, int64_t t)
{
    struct keystate *k = find_or_add(w, key);
    if (!k)
        return NA_ENOMEM;
    if (t > k->last_alert)
        k->last_alert = t;
    return NA_OK;
}

void na_window_expire(na_window *w, int64_t newest)
{
    int64_t cut = newest - w->horizon - w->lateness;
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate **pk = &w->buckets[b];
        while (*pk) {
            struct keystate *k = *pk;
            while (k->n && at(k, 0)->t <= cut) {
                struct entry *e = at(k, 0);
                w->bytes -= entry_bytes(e);
                entry_free(e);
                k->head = (k->head + 1) & (k->cap - 1);
                k->n--;
                w->nevents--;
            }
            /* A key with no events and no alert inside the horizon is forgotten. */
            if (k->n == 0 && k->last_alert <= cut) {
                *pk = k->next;
                keystate_free(w, k);
                w->nkeys--;
            } else {
                pk = &k->next;
            }
        }
    }
}

int64_t na_window_newest(const na_window *w)
{
    return w->newest;
}

size_t na_window_keys(const na_window *w)
{
    return w->nkeys;
}

void na_window_set_ordered(na_window *w, int ordered)
{
    w->ordered = ordered;
}

size_t na_window_events(const na_window *w)
{
    return w->nevents;
}

size_t na_window_bytes(const na_window *w)
{
    return w->bytes + sizeof *w + w->nbuckets * sizeof *w->buckets;
}

void na_window_forget(na_window *w, const char *prefix)
{
    size_t len = strlen(prefix);
    for (size_t b = 0; b < w->nbuckets; b++) {
        struct keystate **pk = &w->buckets[b];
        while (*pk) {
            struct keystate *k = *pk;
            if (!strncmp(k->key, prefix, len)) {
                *pk = k->next;
                keystate_free(w, k);
                w->nkeys--;
            } else {
                pk = &k->next;
            }
        }
    }
}
