/* Digest groups per destination: held alerts, their timers, one message per group. */
#include "delivery/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "delivery/delivery.h"
#include "delivery/route.h"
#include "format/format.h"
#include "newsalert/error.h"
#include "newsalert/sha256.h"
#include "newsalert/grow.h"

typedef struct held {
    na_alert *al;
    uint64_t tag;
} held;

typedef struct group {
    const na_destination *dest;
    char *key;
    held *items;
    size_t n, cap;
    int64_t first_ms;     /* when its oldest held alert came */
    int64_t last_sent_ms; /* its last message, when sent */
    int sent;
} group;

struct na_digest {
    const na_destinations *cfg;
    na_digest_hooks hooks;
    void *ud;
    group *groups;
    size_t n, cap, held;
};

na_digest *na_digest_new(const na_destinations *cfg, const na_digest_hooks *hooks, void *ud)
{
    na_digest *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->cfg = cfg;
    g->hooks = *hooks;
    g->ud = ud;
    return g;
}

static void group_clear(group *gr)
{
    for (size_t i = 0; i < gr->n; i++)
        na_alert_destroy(gr->items[i].al);
    gr->n = 0;
}

void na_digest_destroy(na_digest *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        group_clear(&g->groups[i]);
        free(g->groups[i].items);
        free(g->groups[i].key);
    }
    free(g->groups);
    free(g);
}

size_t na_digest_cap(const na_destination *dest)
{
    size_t cap = na_format_digest_cap(dest->type);
    size_t want = (size_t)dest->max_alerts_per_message;
    return want && want < cap ? want : cap;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void na_digest_id(const char *destination, const na_alert *const *alerts, size_t n, char *out,
                  size_t len)
{
    const char **ids = calloc(n ? n : 1, sizeof *ids);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    snprintf(out, len, "dg_");
    if (!ids || !c || !EVP_DigestInit_ex(c, na_sha256(), NULL)) {
        free(ids);
        EVP_MD_CTX_free(c);
        return;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = alerts[i]->id ? alerts[i]->id : "";
    qsort(ids, n, sizeof *ids, by_string); /* the same set gives the same id, in any order */
    EVP_DigestUpdate(c, destination, strlen(destination) + 1);
    for (size_t i = 0; i < n; i++)
        EVP_DigestUpdate(c, ids[i], strlen(ids[i]) + 1);
    EVP_DigestFinal_ex(c, md, &mdlen);
    EVP_MD_CTX_free(c);
    free(ids);
    for (unsigned int i = 0; i < mdlen && 3 + 2 * (size_t)i + 2 < len; i++)
        snprintf(out + 3 + 2 * i, len - 3 - 2 * i, "%02x", md[i]);
}

/* "field=value field=value" of al's group_by values; malloc'd. */
static char *group_key(const na_destination *dest, const na_alert *al)
{
    size_t n = 1;
    for (size_t i = 0; i < dest->group_by.n; i++) {
        const char *v = na_alert_field(al, dest->group_by.items[i]);
        n += strlen(dest->group_by.items[i]) + (v ? strlen(v) : 1) + 2;
    }
    char *k = malloc(n);
    size_t o = 0;
    if (!k)
        return NULL;
    k[0] = '\0';
    for (size_t i = 0; i < dest->group_by.n; i++) {
        const char *v = na_alert_field(al, dest->group_by.items[i]);
        o += (size_t)snprintf(k + o, n - o, "%s%s=%s", i ? " " : "", dest->group_by.items[i],
                              v ? v : "-");
    }
    return k;
}

/* Sends what gr holds (the keep hook may drop some) as one message; 1 when one was sent. */
static int emit(na_digest *g, group *gr, int64_t now_ms)
{
    const na_alert **als = calloc(gr->n ? gr->n : 1, sizeof *als);
    uint64_t *tags = calloc(gr->n ? gr->n : 1, sizeof *tags);
    size_t k = 0;
    for (size_t i = 0; als && tags && i < gr->n; i++) {
        held *h = &gr->items[i];
        if (g->hooks.keep && !g->hooks.keep(h->al, g->ud)) {
            if (g->hooks.drop)
                g->hooks.drop(h->al, h->tag, g->ud);
            continue;
        }
        als[k] = h->al;
        tags[k++] = h->tag;
    }
    if (k) {
        char id[80];
        na_digest_id(gr->dest->name, als, k, id, sizeof id);
        na_digest_batch b = {gr->dest, id, gr->key, als, tags, k};
        g->hooks.emit(&b, g->ud);
    }
    g->held -= gr->n;
    group_clear(gr);
    free(als);
    free(tags);
    gr->sent = 1;
    gr->last_sent_ms = now_ms;
    return k > 0;
}

static group *find_group(na_digest *g, const na_destination *dest, const char *key)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->groups[i].dest == dest && !strcmp(g->groups[i].key, key))
            return &g->groups[i];
    return NULL;
}

int na_digest_add(na_digest *g, const na_destination *dest, const na_alert *al, uint64_t tag,
                  int64_t now_ms)
{
    char *key = group_key(dest, al);
    if (!key)
        return NA_ENOMEM;
    group *gr = find_group(g, dest, key);
    if (gr) {
        free(key);
    } else {
        if (na_grow((void **)&g->groups, &g->cap, g->n, sizeof *g->groups, 16)) {
            free(key);
            return NA_ENOMEM;
        }
        gr = &g->groups[g->n++];
        *gr = (group){.dest = dest, .key = key};
    }
    na_alert *copy = na_alert_copy(al);
    if (!copy || na_grow((void **)&gr->items, &gr->cap, gr->n, sizeof *gr->items, 8)) {
        na_alert_destroy(copy);
        return NA_ENOMEM;
    }
    if (!gr->n)
        gr->first_ms = now_ms;
    gr->items[gr->n++] = (held){copy, tag};
    g->held++;
    if (gr->n >= na_digest_cap(dest))
        emit(g, gr, now_ms);
    return NA_OK;
}

static int64_t due_ms(const group *gr)
{
    return gr->sent ? gr->last_sent_ms + gr->dest->group_interval_ms
                    : gr->first_ms + gr->dest->group_wait_ms;
}

size_t na_digest_tick(na_digest *g, int64_t now_ms)
{
    size_t sent = 0, kept = 0;
    for (size_t i = 0; i < g->n; i++) {
        group *gr = &g->groups[i];
        if (gr->n && due_ms(gr) <= now_ms)
            sent += (size_t)emit(g, gr, now_ms);
        if (!gr->n && gr->sent && due_ms(gr) <= now_ms) { /* quiet for a whole interval */
            free(gr->items);
            free(gr->key);
            continue;
        }
        g->groups[kept++] = *gr;
    }
    g->n = kept;
    return sent;
}

size_t na_digest_flush(na_digest *g)
{
    size_t sent = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->groups[i].n)
            sent += (size_t)emit(g, &g->groups[i], g->groups[i].last_sent_ms);
    return sent;
}

size_t na_digest_held(const na_digest *g)
{
    return g->held;
}
