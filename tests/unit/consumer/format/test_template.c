/* Templates: placeholders for missing fields, capped evidence snippets, links by the policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hostile.h"

/* The case: one evidence snippet of 35,838 characters is cut with a visible "…". */
static void test_snippet_capped(void **state)
{
    (void)state;
    na_alert *al = long_snippet_alert(35838);
    char *s = na_format_template("{{evidence}}", al, NULL);
    const char *last = strstr(s, " … ");
    assert_non_null(last);
    last += strlen(" … ");
    assert_int_equal(na_format_utf8_len(last), NA_FORMAT_SNIPPET_MAX);
    assert_string_equal(last + strlen(last) - strlen("…"), "…");
    free(s);
    json_t *g = na_format_generic(al, NULL);
    json_t *ev = json_array_get(json_object_get(g, "evidence"), 1);
    assert_int_equal(na_format_utf8_len(json_string_value(json_object_get(ev, "snippet"))),
                     NA_FORMAT_SNIPPET_MAX);
    json_decref(g);
    na_alert_destroy(al);
}

static void test_missing_fields(void **state)
{
    (void)state;
    na_alert *al = na_alert_new();
    char *s = na_format_template("{{outlet}}|{{description}}|{{url}}|{{time}}|{{id}}", al, NULL);
    assert_string_equal(s, "-|-|-|-|-");
    free(s);
    s = na_format_template("{{evidence}} \n", al, NULL);
    assert_string_equal(s, NA_FORMAT_MISSING); /* blank after expansion: the placeholder */
    free(s);
    na_alert_destroy(al);
}

static void test_url_policy(void **state)
{
    (void)state;
    na_alert *al = hostile_alert("javascript:alert(1)");
    char *s = na_format_template("{{url}}", al, NULL);
    assert_string_equal(s, NA_FORMAT_MISSING);
    free(s);
    json_t *g = na_format_generic(al, NULL);
    assert_true(json_is_null(json_object_get(g, "url")));
    json_decref(g);
    na_alert_destroy(al);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snippet_capped),
        cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_url_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
