/* Per-partition lists of records in offset order; the done prefix is popped and reported. */
#include "daemon/offsets.h"

#include <stdlib.h>

typedef struct part {
    struct part *next; /* in the tracker's list of live partitions */
    int32_t partition;
    int live; /* 0 once revoked: freed when its last record completes */
    na_offsets *owner;
    na_offsets_rec *head, *tail;
} part;

struct na_offsets_rec {
    part *p;
    na_offsets_rec *prev, *next;
    int64_t offset;
    int refs;
    int64_t begun_ms, timestamp_ms; /* for the latency metrics (na_offsets_rec_stamp) */
};

struct na_offsets {
    part *parts;   /* assigned partitions */
    part *orphans; /* revoked ones whose records are still referenced */
    size_t open;
};

na_offsets *na_offsets_new(void)
{
    return calloc(1, sizeof(na_offsets));
}

static void free_part(part *p)
{
    na_offsets_rec *r = p->head;
    while (r) {
        na_offsets_rec *n = r->next;
        free(r);
        r = n;
    }
    free(p);
}

void na_offsets_destroy(na_offsets *t)
{
    if (!t)
        return;
    for (part **list = &t->parts; list; list = list == &t->parts ? &t->orphans : NULL)
        while (*list) {
            part *p = *list;
            *list = p->next;
            free_part(p);
        }
    free(t);
}

static void unlink_rec(na_offsets_rec *r)
{
    part *p = r->p;
    if (r->prev)
        r->prev->next = r->next;
    else
        p->head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        p->tail = r->prev;
    free(r);
}

/* Frees a revoked partition once its last record is gone. */
static void drop_orphan_if_empty(na_offsets *t, part *p)
{
    if (p->head)
        return;
    for (part **pp = &t->orphans; *pp; pp = &(*pp)->next)
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    free(p);
}

static part *find(na_offsets *t, int32_t partition)
{
    for (part *p = t->parts; p; p = p->next)
        if (p->partition == partition)
            return p;
    part *p = calloc(1, sizeof *p);
    if (p) {
        p->partition = partition;
        p->live = 1;
        p->owner = t;
        p->next = t->parts;
        t->parts = p;
    }
    return p;
}

na_offsets_rec *na_offsets_begin(na_offsets *t, int32_t partition, int64_t offset)
{
    part *p = find(t, partition);
    na_offsets_rec *r = p ? calloc(1, sizeof *r) : NULL;
    if (!r)
        return NULL;
    r->p = p;
    r->offset = offset;
    r->refs = 1;
    r->prev = p->tail;
    if (p->tail)
        p->tail->next = r;
    else
        p->head = r;
    p->tail = r;
    t->open++;
    return r;
}

void na_offsets_ref(na_offsets_rec *r)
{
    r->refs++;
}

void na_offsets_rec_where(const na_offsets_rec *r, int32_t *partition, int64_t *offset)
{
    *partition = r->p->partition;
    *offset = r->offset;
}

na_offsets *na_offsets_rec_owner(const na_offsets_rec *r)
{
    return r->p->owner;
}

int na_offsets_release(na_offsets *t, na_offsets_rec *r, int32_t *partition, int64_t *next_offset)
{
    if (--r->refs > 0)
        return 0;
    part *p = r->p;
    if (!p->live) {
        unlink_rec(r);
        drop_orphan_if_empty(t, p);
        return 0;
    }
    t->open--;
    int moved = 0;
    while (p->head && p->head->refs == 0) {
        *partition = p->partition;
        *next_offset = p->head->offset + 1;
        moved = 1;
        unlink_rec(p->head);
    }
    return moved;
}

void na_offsets_revoke(na_offsets *t, int32_t partition)
{
    for (part **pp = &t->parts; *pp; pp = &(*pp)->next) {
        part *p = *pp;
        if (p->partition != partition)
            continue;
        *pp = p->next;
        p->live = 0;
        p->next = t->orphans;
        t->orphans = p;
        for (na_offsets_rec *r = p->head, *n; r; r = n) {
            n = r->next;
            t->open -= r->refs > 0;
            if (r->refs == 0)
                unlink_rec(r);
        }
        drop_orphan_if_empty(t, p);
        return;
    }
}

size_t na_offsets_open(const na_offsets *t)
{
    return t->open;
}

void na_offsets_rec_stamp(na_offsets_rec *r, int64_t begun_ms, int64_t timestamp_ms)
{
    r->begun_ms = begun_ms;
    r->timestamp_ms = timestamp_ms;
}

void na_offsets_rec_times(const na_offsets_rec *r, int64_t *begun_ms, int64_t *timestamp_ms)
{
    *begun_ms = r->begun_ms;
    *timestamp_ms = r->timestamp_ms;
}
