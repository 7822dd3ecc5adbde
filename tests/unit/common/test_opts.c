/* Option rows: getopt table, defaults (and their environment variable), range checks, multi-word
 * options, --help layout, and the shared rows' meaning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../opts_fixture.h"
#include "newsalert/error.h"
#include "newsalert/exit.h"
#include "newsalert/log.h"
#include "newsalert/opts.h"

struct opts {
    const char *name;
    int flag, mode, ms;
    unsigned long count;
    double ratio;
    size_t size;
    const char *pair[2];
    na_strlist list;
    na_cli_common common;
};

static int set_pair(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    if (strcmp(args[0], args[1]) == 0) {
        snprintf(err, len, "expected two different names");
        return NA_EINVAL;
    }
    const char **p = field;
    p[0] = args[0];
    p[1] = args[1];
    return NA_OK;
}

#define F(f) offsetof(struct opts, f)
static const na_opt rows[] = {
    {.kind = NA_OPT_STR,
     .name = "name",
     .short_name = 'n',
     .arg = "NAME",
     .offset = F(name),
     .def = "anon",
     .env = "NA_TEST_OPTS_NAME",
     .help = "a name",
     .category = "First"},
    {.kind = NA_OPT_FLAG, .name = "flag", .offset = F(flag), .help = "a flag", .category = "First"},
    {.kind = NA_OPT_SET,
     .name = "mode-two",
     .offset = F(mode),
     .value = 2,
     .help = "mode two",
     .category = "Second"},
    {.kind = NA_OPT_MS,
     .name = "wait",
     .arg = "SEC",
     .offset = F(ms),
     .def = "2.5",
     .max = 60,
     .help = "a wait",
     .category = "First"},
    {.kind = NA_OPT_ULONG,
     .name = "count",
     .arg = "N",
     .offset = F(count),
     .min = 1,
     .max = 10,
     .help = "a count",
     .category = "Second"},
    {.kind = NA_OPT_DOUBLE,
     .name = "ratio",
     .arg = "X",
     .offset = F(ratio),
     .min = 0,
     .max = 1,
     .help = "a ratio",
     .category = "Second"},
    {.kind = NA_OPT_SIZE,
     .name = "size",
     .arg = "N",
     .offset = F(size),
     .def = "1K",
     .min = 1,
     .max = 1 << 20,
     .help = "a size",
     .category = "Second"},
    {.kind = NA_OPT_FUNC,
     .name = "pair",
     .arg = "A B",
     .offset = F(pair),
     .set = set_pair,
     .words = 2,
     .help = "two names",
     .category = "Second"},
    {.kind = NA_OPT_LIST,
     .name = "item",
     .short_name = 'I',
     .arg = "X",
     .offset = F(list),
     .help = "an item, repeatable, with a help text long enough to be wrapped onto a second line "
             "of --help",
     .category = "First"},
    NA_OPTS_COMMON(struct opts, common, "warn"),
    {.kind = NA_OPT_END},
};
static const na_opt *const tables[] = {rows, NULL};

static int parse(struct opts *o, char *err, size_t errlen, ...)
{
    char *argv[FIXTURE_ARGS];
    va_list ap;
    va_start(ap, errlen);
    int argc = fixture_argv(argv, "prog", ap), first;
    va_end(ap);
    memset(o, 0, sizeof *o);
    int rc = na_opts_parse(tables, o, argc, argv, &first, NULL, err, errlen);
    if (!rc)
        rc = na_cli_common_finish(&o->common, err, errlen);
    return rc ? rc : first == argc ? 0 : 100 + first; /* 100+: operands start there */
}

static void release(struct opts *o)
{
    na_opts_free(tables, o);
    na_cli_common_free(&o->common);
}

static void test_defaults_and_env(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    unsetenv("NA_TEST_OPTS_NAME");
    assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
    assert_string_equal(o.name, "anon");
    assert_int_equal(o.ms, 2500);
    assert_int_equal(o.size, 1024);
    assert_int_equal(o.common.log_level, NA_LOG_WARN);
    release(&o);
    setenv("NA_TEST_OPTS_NAME", "from-env", 1);
    assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
    assert_string_equal(o.name, "from-env");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-n", "given", NULL), 0); /* argv beats env */
    assert_string_equal(o.name, "given");
    release(&o);
    setenv("NA_TEST_OPTS_NAME", "", 1); /* empty: the row's default */
    assert_int_equal(parse(&o, err, sizeof err, NULL), 0);
    assert_string_equal(o.name, "anon");
    release(&o);
    unsetenv("NA_TEST_OPTS_NAME");
}

static void test_kinds(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    unsigned char given[32];
    assert_true(na_opts_count(tables) < sizeof given);
    char *argv[] = {"prog",    "--flag", "--mode-two", "--wait", "0.25",   "--count", "10",
                    "--ratio", "0.5",    "--size",     "2k",     "--pair", "a",       "b",
                    "-I",      "x",      "-Iy",        "op1",    "op2"};
    int argc = (int)(sizeof argv / sizeof argv[0]), first;
    memset(&o, 0, sizeof o);
    assert_int_equal(na_opts_parse(tables, &o, argc, argv, &first, given, err, sizeof err), 0);
    assert_int_equal(first, argc - 2);
    assert_string_equal(argv[first], "op1");
    assert_true(o.flag);
    assert_int_equal(o.mode, 2);
    assert_int_equal(o.ms, 250);
    assert_int_equal(o.count, 10);
    assert_true(o.ratio == 0.5);
    assert_int_equal(o.size, 2048);
    assert_string_equal(o.pair[0], "a");
    assert_string_equal(o.pair[1], "b");
    assert_int_equal(o.list.n, 2);
    assert_string_equal(o.list.items[1], "y");
    size_t i;
    assert_non_null(na_opts_find(tables, "I", &i));
    assert_int_equal(given[i], 2);
    assert_non_null(na_opts_find(tables, "name", &i));
    assert_int_equal(given[i], 0); /* a default is not "given" */
    assert_null(na_opts_find(tables, "nope", NULL));
    release(&o);
}

static void test_ranges_name_the_option(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "--count", "11", NULL), NA_EINVAL);
    assert_string_equal(err, "--count 11: expected a whole number from 1 to 10");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--count", "0", NULL), NA_EINVAL);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--count", "3x", NULL), NA_EINVAL);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--ratio", "1.01", NULL), NA_EINVAL);
    assert_string_equal(err, "--ratio 1.01: expected a number from 0 to 1");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--ratio", "nan", NULL), NA_EINVAL);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--wait", "61", NULL), NA_EINVAL);
    assert_string_equal(err, "--wait 61: expected seconds from 0 to 60");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--size", "2M", NULL), NA_EINVAL);
    assert_string_equal(err, "--size 2M: expected a size such as 1048576, 512K or 8M from 1 to "
                             "1048576");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--pair", "a", "a", NULL), NA_EINVAL);
    assert_string_equal(err, "--pair: expected two different names");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--pair", "a", NULL), NA_EINVAL);
    assert_string_equal(err, "--pair needs 2 arguments: A B");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--bogus", NULL), NA_EINVAL);
    assert_string_equal(err, "unknown option --bogus");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-z", NULL), NA_EINVAL);
    assert_string_equal(err, "unknown option -z");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--wait", NULL), NA_EINVAL);
    assert_string_equal(err, "option --wait needs an argument");
    release(&o);
}

static void test_shared_rows(void **state)
{
    (void)state;
    struct opts o;
    char err[256];
    assert_int_equal(parse(&o, err, sizeof err, "-v", NULL), 0);
    assert_int_equal(o.common.log_level, NA_LOG_INFO);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-vvv", NULL), 0); /* warn + 3: past debug */
    assert_int_equal(o.common.log_level, NA_LOG_DEBUG);
    assert_true(o.common.kafka_debug);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--log-level", "error", "-v", NULL), 0);
    assert_int_equal(o.common.log_level, NA_LOG_WARN);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-q", NULL), 0);
    assert_int_equal(o.common.log_level, NA_LOG_ERROR);
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-q", "-v", NULL), NA_EINVAL);
    assert_string_equal(err, "-q and -v do not go together");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--log-format", "json", "-X", "a=1", "-X", "list",
                           "--property", "b=2", NULL),
                     0);
    assert_true(o.common.log_json);
    assert_true(o.common.list_props);
    assert_int_equal(o.common.props.n, 2);
    assert_string_equal(o.common.props.items[1], "b=2");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "-X", "novalue", NULL), NA_EINVAL);
    assert_string_equal(err, "--property novalue: expected key=value, or list");
    release(&o);
    assert_int_equal(parse(&o, err, sizeof err, "--log-format", "xml", NULL), NA_EINVAL);
    assert_string_equal(err, "--log-format xml: expected text or json");
    release(&o);
}

static char *usage_text(void (*write)(FILE *))
{
    FILE *f = tmpfile();
    assert_non_null(f);
    write(f);
    long n = ftell(f);
    rewind(f);
    char *buf = calloc(1, (size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return buf;
}

static void write_rows(FILE *f)
{
    na_opts_usage(tables, f);
}

static void test_usage(void **state)
{
    (void)state;
    char *u = usage_text(write_rows);
    /* categories in order of first appearance, rows grouped under them */
    char *first = strstr(u, "\nFirst:\n"), *second = strstr(u, "\nSecond:\n");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_true(strstr(u, "      --wait SEC") < second); /* a First row after a Second one */
    assert_non_null(strstr(u, "\n  -n, --name NAME           a name (default $NA_TEST_OPTS_NAME, "
                              "else anon)\n"));
    assert_non_null(strstr(u, "\n      --flag                a flag\n"));
    assert_non_null(strstr(u, "(default warn)")); /* the shared rows take the binary's level */
    for (char *line = u; *line; line += strcspn(line, "\n") + 1) /* wrapped to 79 columns */
        assert_true(strcspn(line, "\n") <= 79);
    char *item = strstr(u, "--item X");
    assert_non_null(item); /* its help goes on, on a line indented to the help column */
    char *next = strchr(item, '\n') + 1;
    assert_int_equal(strspn(next, " "), 28);
    assert_non_null(strstr(next, "of --help\n"));
    free(u);
}

static void test_exit_table(void **state)
{
    (void)state;
    char *u = usage_text(na_opts_exit_usage);
    const char *codes[] = {"\n  0  success", "\n  1  ", "\n  2  usage", "\n  3  fatal"};
    const char *last = u;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *at = strstr(u, codes[i]);
        assert_non_null(at);
        assert_true(at > last); /* in order */
        last = at;
    }
    assert_int_equal(NA_EXIT_USAGE, 2);
    assert_non_null(strstr(u, "SIGINT/SIGTERM: the first"));
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_env),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_ranges_name_the_option),
        cmocka_unit_test(test_shared_rows),
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_exit_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
