/* The jansson arena: values come from it while begun, frees into it are no-ops, a reset reuses
 * the memory, and values made outside it are still freed by the system allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "newsalert/json_arena.h"

static void test_values_come_from_the_arena(void **state)
{
    (void)state;
    na_json_arena *ar = na_json_arena_new();
    assert_non_null(ar);
    json_t *outside = json_string("made before"); /* malloc'd: freed by json_decref below */
    assert_int_equal(na_json_arena_size(ar), 0);
    na_json_arena_begin(ar);
    json_t *v = json_loadb("{\"a\":[1,2,\"three\"]}", 19, 0, NULL);
    na_json_arena_end(ar);
    assert_non_null(v);
    assert_true(na_json_arena_size(ar) > 0);
    size_t held = na_json_arena_size(ar);
    assert_string_equal(json_string_value(json_array_get(json_object_get(v, "a"), 2)), "three");
    json_t *after = json_string("made after"); /* not begun: malloc again */
    assert_int_equal(na_json_arena_size(ar), held);
    json_decref(after);
    json_decref(outside);

    /* After a reset, the next record's values reuse the same memory. */
    na_json_arena_reset(ar);
    na_json_arena_begin(ar);
    json_t *w = json_loadb("{\"a\":[1,2,\"three\"]}", 19, 0, NULL);
    json_decref(w); /* inside the arena: a no-op, the value stays readable until the reset */
    na_json_arena_end(ar);
    assert_ptr_equal(w, v);
    assert_int_equal(na_json_arena_size(ar), held);
    na_json_arena_destroy(ar);
}

static void test_grows_then_keeps_one_block(void **state)
{
    (void)state;
    na_json_arena *ar = na_json_arena_new();
    size_t n = 2u * 1024u * 1024u;
    char *big = malloc(n + 3);
    assert_non_null(big);
    big[0] = '"';
    memset(big + 1, 'x', n);
    big[n + 1] = '"';
    big[n + 2] = '\0';
    na_json_arena_begin(ar);
    json_t *s = json_loadb(big, n + 2, JSON_DECODE_ANY, NULL);
    na_json_arena_end(ar);
    assert_non_null(s);
    assert_int_equal(json_string_length(s), n);
    size_t grown = na_json_arena_size(ar);
    assert_true(grown > n);
    na_json_arena_reset(ar); /* several blocks become one of their total size */
    assert_int_equal(na_json_arena_size(ar), grown);
    na_json_arena_begin(ar);
    s = json_loadb(big, n + 2, JSON_DECODE_ANY, NULL);
    na_json_arena_end(ar);
    assert_int_equal(json_string_length(s), n);
    assert_int_equal(na_json_arena_size(ar), grown); /* it fit: nothing more was allocated */
    free(big);
    na_json_arena_destroy(ar);
}

static void test_two_arenas_apart(void **state)
{
    (void)state;
    na_json_arena *a = na_json_arena_new(), *b = na_json_arena_new();
    na_json_arena_begin(a);
    json_t *x = json_string("in a");
    na_json_arena_end(a);
    na_json_arena_begin(b);
    json_t *y = json_string("in b");
    na_json_arena_end(b);
    assert_true(na_json_arena_size(a) > 0 && na_json_arena_size(b) > 0);
    na_json_arena_reset(a); /* b's value is untouched by a's reset */
    assert_string_equal(json_string_value(y), "in b");
    (void)x;
    na_json_arena_destroy(a);
    na_json_arena_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_come_from_the_arena),
        cmocka_unit_test(test_grows_then_keeps_one_block),
        cmocka_unit_test(test_two_arenas_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
