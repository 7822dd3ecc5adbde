/* The set of silences: records applied (replace, tombstone), a file of records, the send-time
 * question at a given time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "silence/silences.h"

#define T0 1764633600000LL /* 2025-12-02T00:00:00Z */

static char *record(const char *id, const char *matchers, const char *starts, const char *ends)
{
    char *buf = malloc(1024);
    snprintf(buf, 1024,
             "{\"id\":\"%s\",\"matchers\":%s,\"startsAt\":\"%s\",\"endsAt\":\"%s\","
             "\"createdBy\":\"t\",\"comment\":\"c\"}",
             id, matchers, starts, ends);
    return buf;
}

static int apply(na_silences *set, const char *key, const char *value)
{
    char err[512];
    return na_silences_apply(set, key, value, value ? strlen(value) : 0, "t [0] @1", err,
                             sizeof err);
}

static na_alert *alert(const char *rule, int64_t t)
{
    na_alert *al = na_alert_new();
    al->rule_id = strdup(rule);
    al->severity = strdup("warning");
    al->time_ms = t;
    return al;
}

static void test_replace_and_tombstone(void **state)
{
    (void)state;
    na_silences *set = na_silences_new();
    const char *m = "[{\"name\":\"rule\",\"value\":\"sanctions\"}]";
    char *r1 = record("b", m, "2025-12-02T00:00:00Z", "2025-12-02T02:00:00Z");
    char *r2 = record("a", "[{\"name\":\"rule\",\"value\":\"other\"}]", "2025-12-02T00:00:00Z",
                      "2025-12-02T02:00:00Z");
    char *expired = record("b", m, "2025-12-02T00:00:00Z", "2025-12-02T00:30:00Z");
    assert_int_equal(apply(set, "b", r1), NA_OK);
    assert_int_equal(apply(set, "a", r2), NA_OK);
    assert_int_equal(na_silences_count(set), 2);
    assert_string_equal(na_silences_at(set, 0)->id, "a"); /* ordered by id */
    na_alert *al = alert("sanctions", T0);
    int64_t t = T0 + 3600000; /* 01:00 */
    const na_silence *s = na_silences_match(set, al, "hook", t);
    assert_non_null(s);
    assert_string_equal(s->id, "b");
    assert_int_equal(na_silences_active(set, t), 2);
    /* expire: the same id again with endsAt in the past */
    assert_int_equal(apply(set, "b", expired), NA_OK);
    assert_int_equal(na_silences_count(set), 2);
    assert_null(na_silences_match(set, al, "hook", t));
    assert_non_null(na_silences_match(set, al, "hook", T0 + 60000)); /* still before its end */
    assert_int_equal(na_silences_active(set, t), 1);
    /* a tombstone removes it; one for an unknown id changes nothing */
    assert_int_equal(apply(set, "b", NULL), NA_OK);
    assert_int_equal(apply(set, "zzz", NULL), NA_OK);
    assert_int_equal(na_silences_count(set), 1);
    assert_null(na_silences_match(set, al, "hook", T0 + 60000));
    /* a record under another id's key is refused, the set unchanged */
    char err[512];
    assert_int_equal(na_silences_apply(set, "x", r1, strlen(r1), "t [1] @7", err, sizeof err),
                     NA_EINVAL);
    assert_string_equal(err, "t [1] @7: key \"x\" is not the silence's id \"b\"");
    assert_int_equal(na_silences_count(set), 1);
    free(r1);
    free(r2);
    free(expired);
    na_alert_destroy(al);
    na_silences_destroy(set);
}

static void test_destination_is_asked_per_send(void **state)
{
    (void)state;
    na_silences *set = na_silences_new();
    char *r = record("d",
                     "[{\"name\":\"rule\",\"value\":\"sanctions\"},{\"name\":\"destination\","
                     "\"value\":\"slack\"}]",
                     "2025-12-02T00:00:00Z", "2025-12-03T00:00:00Z");
    assert_int_equal(apply(set, "d", r), NA_OK);
    na_alert *al = alert("sanctions", T0);
    assert_non_null(na_silences_match(set, al, "slack", T0 + 1));
    assert_null(na_silences_match(set, al, "teams", T0 + 1));
    assert_null(na_silences_match(set, al, "slack", T0 - 1)); /* not started */
    free(r);
    na_alert_destroy(al);
    na_silences_destroy(set);
}

static void test_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_silences_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    char *r = record("f1", "[{\"name\":\"rule\",\"value\":\"sanctions\"}]", "2025-12-02T00:00:00Z",
                     "2025-12-02T01:00:00Z");
    fprintf(f, "%s\n\n%s\n", r, "{\"id\":\"f2\"}");
    fclose(f);
    na_silences *set = na_silences_new();
    char err[512], want[600];
    assert_int_equal(na_silences_load_file(set, path, err, sizeof err), NA_EINVAL);
    snprintf(want, sizeof want, "%s:3: ", path); /* the blank line counts */
    assert_int_equal(strncmp(err, want, strlen(want)), 0);
    assert_int_equal(na_silences_count(set), 1);
    f = fopen(path, "w");
    fprintf(f, "%s\n", r);
    fclose(f);
    na_silences_destroy(set);
    set = na_silences_new();
    assert_int_equal(na_silences_load_file(set, path, err, sizeof err), NA_OK);
    na_alert *al = alert("sanctions", T0);
    assert_non_null(na_silences_match(set, al, "", T0 + 1000));
    unlink(path);
    assert_int_equal(na_silences_load_file(set, path, err, sizeof err), NA_EIO);
    free(r);
    na_alert_destroy(al);
    na_silences_destroy(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replace_and_tombstone),
        cmocka_unit_test(test_destination_is_asked_per_send),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
