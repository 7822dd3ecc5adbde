/* The one array grower: appends one at a time, and jumps to any index (capacity past it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "newsalert/grow.h"

static void test_append(void **state)
{
    (void)state;
    int *v = NULL;
    size_t n = 0, cap = 0, reallocs = 0;
    for (int i = 0; i < 1000; i++) {
        size_t before = cap;
        assert_int_equal(na_grow((void **)&v, &cap, n, sizeof *v, 4), 0);
        reallocs += cap != before;
        assert_true(n < cap);
        v[n++] = i;
    }
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    assert_int_equal(cap, 1024); /* 4, 8, ... 1024: doubling */
    assert_int_equal(reallocs, 9);
    free(v);
}

static void test_jump_to_index(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_int_equal(na_grow((void **)&v, &cap, 5000, sizeof *v, 64), 0);
    assert_true(cap > 5000); /* one call, however far the index */
    v[5000] = 7;             /* in bounds (ASan checks) */
    size_t kept = cap;
    assert_int_equal(na_grow((void **)&v, &cap, 10, sizeof *v, 64), 0);
    assert_int_equal(cap, kept); /* never shrinks */
    assert_int_equal(v[5000], 7);
    free(v);
    unsigned char *b = NULL;
    cap = 0;
    assert_int_equal(na_grow((void **)&b, &cap, 0, 1, 0), 0); /* no first capacity given */
    assert_true(cap >= 1);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_jump_to_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
