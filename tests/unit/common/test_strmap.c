/* The string map: a value per key, replaced on put, -1 for a missing key, through growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "newsalert/strmap.h"

static void test_put_get_grow(void **state)
{
    (void)state;
    na_strmap *m = na_strmap_new();
    assert_non_null(m);
    assert_int_equal(na_strmap_get(m, "a"), -1);
    char key[32];
    for (uint32_t i = 0; i < 5000; i++) { /* past several doublings of the table */
        snprintf(key, sizeof key, "key-%u", i);
        assert_int_equal(na_strmap_put(m, key, i), 0);
    }
    assert_int_equal(na_strmap_put(m, "key-7", 70000), 0); /* replaces */
    for (uint32_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%u", i);
        assert_int_equal(na_strmap_get(m, key), i == 7 ? 70000 : (int64_t)i);
    }
    assert_int_equal(na_strmap_get(m, "key-5000"), -1);
    assert_int_equal(na_strmap_get(m, ""), -1);
    assert_int_equal(na_strmap_put(m, "", 3), 0);
    assert_int_equal(na_strmap_get(m, ""), 3);
    na_strmap_destroy(m);
    na_strmap_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_put_get_grow)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
