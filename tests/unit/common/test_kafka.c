/* The Kafka edge both binaries share: -X list prints librdkafka's property table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/kafka.h"

static void test_props_list(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    na_kafka_props_list(f);
    long n = ftell(f);
    assert_true(n > 1000);
    rewind(f);
    char *buf = calloc(1, (size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    assert_non_null(strstr(buf, "bootstrap.servers"));
    assert_non_null(strstr(buf, "enable.idempotence"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_props_list)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
