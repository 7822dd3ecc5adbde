/* The per-record jansson arena (json_arena.h): bump allocation in blocks, reset not freed. */
#include "newsalert/json_arena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

/* What a record's values usually need (a 3 kB event takes ~40 kB); grown on demand. */
#define ARENA_FIRST (256u * 1024u)
/* A reset keeps at most this much, so one huge event does not pin its memory. */
#define ARENA_KEEP (16u * 1024u * 1024u)

struct block {
    struct block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct na_json_arena {
    struct block *head; /* the block being filled; older ones follow */
    size_t total;
};

static _Thread_local na_json_arena *active;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static struct block *block_new(size_t size, struct block *next)
{
    struct block *b = malloc(sizeof *b + size);
    if (b)
        *b = (struct block){next, size, 0};
    return b;
}

static int owns(const na_json_arena *ar, const void *p)
{
    for (const struct block *b = ar->head; b; b = b->next)
        if ((const unsigned char *)p >= b->data && (const unsigned char *)p < b->data + b->size)
            return 1;
    return 0;
}

static void *arena_malloc(size_t n)
{
    na_json_arena *ar = active;
    if (!ar)
        return malloc(n);
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    struct block *b = ar->head;
    if (!b || b->size - b->used < n) {
        size_t size = b && b->size * 2 > n ? b->size * 2 : n > ARENA_FIRST ? n : ARENA_FIRST;
        if (!(b = block_new(size, ar->head)))
            return NULL;
        ar->head = b;
        ar->total += size;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

static void arena_free(void *p)
{
    na_json_arena *ar = active;
    if (p && !(ar && owns(ar, p)))
        free(p);
}

static void install(void)
{
    json_set_alloc_funcs(arena_malloc, arena_free);
}

na_json_arena *na_json_arena_new(void)
{
    pthread_once(&installed, install);
    return calloc(1, sizeof(na_json_arena));
}

static void free_blocks(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
}

void na_json_arena_destroy(na_json_arena *ar)
{
    if (!ar)
        return;
    if (active == ar)
        active = NULL;
    free_blocks(ar->head);
    free(ar);
}

void na_json_arena_begin(na_json_arena *ar)
{
    active = ar;
}

void na_json_arena_end(na_json_arena *ar)
{
    if (active == ar)
        active = NULL;
}

void na_json_arena_reset(na_json_arena *ar)
{
    struct block *b = ar->head;
    if (!b)
        return;
    if (!b->next && b->size <= ARENA_KEEP) {
        b->used = 0;
        return;
    }
    /* Several blocks: one of their total size, so the next record of this size fits in one. */
    size_t size = ar->total <= ARENA_KEEP ? ar->total : ARENA_FIRST;
    free_blocks(b);
    ar->head = block_new(size, NULL);
    ar->total = ar->head ? size : 0;
}

size_t na_json_arena_size(const na_json_arena *ar)
{
    return ar->total;
}
