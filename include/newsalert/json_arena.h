/*
 * A per-record arena for jansson: between na_json_arena_begin and _end, every value jansson
 * allocates on this thread comes from the arena and freeing one is a no-op; _reset drops them
 * all at once and keeps the memory for the next record. Elsewhere jansson uses malloc as before.
 */
#ifndef NEWSALERT_JSON_ARENA_H
#define NEWSALERT_JSON_ARENA_H

#include <stddef.h>

typedef struct na_json_arena na_json_arena;

/* NULL on no memory. The first call installs the allocator in jansson (json_set_alloc_funcs). */
na_json_arena *na_json_arena_new(void);
void na_json_arena_destroy(na_json_arena *ar);

/* Routes this thread's jansson allocations to ar until na_json_arena_end (no nesting). */
void na_json_arena_begin(na_json_arena *ar);
void na_json_arena_end(na_json_arena *ar);

/*
 * Forgets every value allocated since the last reset: json_t values from it must not be used
 * (nor decref'd) afterwards. The memory is kept, in one block, up to a cap.
 */
void na_json_arena_reset(na_json_arena *ar);

/* Bytes the arena holds (for tests and RSS accounting). */
size_t na_json_arena_size(const na_json_arena *ar);

#endif
