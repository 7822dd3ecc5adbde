/* na_json_dumps writes what json_dumps writes, byte for byte, for the flags it takes over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsalert/json_util.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Bytes that matter to an encoder: controls, quotes, backslashes, slashes, NUL, UTF-8 of 2, 3
 * and 4 bytes, and plain text. */
static json_t *random_string(void)
{
    static const char *const parts[] = {
        "a",      "plain text ", "\"",   "\\",   "/",    "\n", "\t", "\r",
        "\b",     "\f",          "\x01", "\x1f", "\x7f", "é",  "€",  "\xf0\x9f\x93\xb0",
        "\u2028", " ",           "0"};
    char buf[512];
    size_t n = 0, k = next() % 24;
    for (size_t i = 0; i < k; i++) {
        const char *p = parts[next() % (sizeof parts / sizeof parts[0])];
        size_t l = strlen(p);
        memcpy(buf + n, p, l);
        n += l;
        if (next() % 13 == 0)
            buf[n++] = '\0'; /* a NUL inside the string: jansson writes \u0000 */
    }
    return json_stringn(buf, n);
}

static json_t *random_real(void)
{
    static const double fixed[] = {
        0.0, -0.0,    4.0, 0.1 + 0.2, 1e21,  1e-7, 1e300, -2.5e-300, 123456789012345678.0,
        0.5, 1.0 / 3, 100, 1e16,      5e-324};
    if (next() % 2)
        return json_real(fixed[next() % (sizeof fixed / sizeof fixed[0])]);
    double m = (double)(int64_t)next() / (double)(1ULL << 40);
    int e = (int)(next() % 80) - 40;
    for (; e > 0; e--)
        m *= 10;
    for (; e < 0; e++)
        m /= 10;
    return json_real(m);
}

static json_t *random_value(int depth)
{
    switch (next() % (depth > 3 ? 6 : 8)) {
    case 0:
        return random_string();
    case 1: {
        static const json_int_t ints[] = {0, -1, 7, INT64_MAX, INT64_MIN, 1000000};
        return next() % 2 ? json_integer(ints[next() % 6]) : json_integer((json_int_t)next());
    }
    case 2:
        return random_real();
    case 3:
        return json_true();
    case 4:
        return json_false();
    case 5:
        return json_null();
    case 6: {
        json_t *a = json_array();
        for (size_t i = next() % 5; i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (size_t i = next() % 6; i > 0; i--) {
            json_t *k = random_string();
            json_object_setn_new(o, json_string_value(k), json_string_length(k),
                                 random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

static void same(const json_t *j, size_t flags)
{
    char *want = json_dumps(j, flags), *got = na_json_dumps(j, flags);
    if (!want || !got) {
        assert_null(want);
        assert_null(got);
        return;
    }
    if (strcmp(want, got))
        fail_msg("flags %#zx:\n want %s\n got  %s", flags, want, got);
    free(want);
    free(got);
}

static void test_random_values_match_jansson(void **state)
{
    (void)state;
    const size_t flags[] = {JSON_COMPACT, JSON_COMPACT | JSON_REAL_PRECISION(10),
                            JSON_COMPACT | JSON_PRESERVE_ORDER, JSON_COMPACT | JSON_ENCODE_ANY,
                            JSON_COMPACT | JSON_REAL_PRECISION(3) | JSON_ENCODE_ANY};
    for (int i = 0; i < 20000; i++) {
        json_t *j = random_value(0);
        for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
            same(j, flags[f]);
        json_decref(j);
    }
}

/* What it does not take over is json_dumps itself: indentation, sorted keys, ASCII only. */
static void test_other_flags_are_jansson(void **state)
{
    (void)state;
    json_t *j = json_pack("{s:s, s:[i, f], s:s}", "z", "é\n", "a", 1, 2.5, "m", "/");
    same(j, JSON_INDENT(2));
    same(j, JSON_COMPACT | JSON_SORT_KEYS);
    same(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    same(j, JSON_COMPACT | JSON_ESCAPE_SLASH);
    char *s = na_json_dumps(j, JSON_COMPACT);
    assert_string_equal(s, "{\"z\":\"é\\n\",\"a\":[1,2.5],\"m\":\"/\"}");
    free(s);
    json_decref(j);
    json_t *str = json_string("x");
    assert_null(na_json_dumps(str, JSON_COMPACT)); /* a bare value needs JSON_ENCODE_ANY */
    s = na_json_dumps(str, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_string_equal(s, "\"x\"");
    free(s);
    json_decref(str);
    assert_null(na_json_dumps(NULL, JSON_COMPACT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_values_match_jansson),
        cmocka_unit_test(test_other_flags_are_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
