/* Option rows: getopt_long's table, defaults, range checks and --help, all from the rows. */
#include "newsalert/opts.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/exit.h"
#include "newsalert/log.h"
#include "newsalert/signals.h"

#define HELP_COLUMN 28 /* where help lines start in --help */
#define HELP_WIDTH 79

/* Every row of every table, in order; t names the table cursor (so loops can nest). */
#define FOR_ROWS(tables, t, r)                                                                     \
    for (const na_opt *const *t = (tables); *t; t++)                                               \
        for (const na_opt *r = *t; r->kind != NA_OPT_END; r++)

size_t na_opts_count(const na_opt *const *tables)
{
    size_t n = 0;
    FOR_ROWS(tables, tr, r)
    {
        n++;
    }
    return n;
}

const na_opt *na_opts_find(const na_opt *const *tables, const char *name, size_t *index)
{
    size_t i = 0;
    FOR_ROWS(tables, tr, r)
    {
        if (strcmp(r->name, name) == 0 || (r->short_name && !name[1] && name[0] == r->short_name)) {
            if (index)
                *index = i;
            return r;
        }
        i++;
    }
    return NULL;
}

/* "8M", "512k", "1048576" -> bytes; -1 on junk. */
static int parse_size(const char *s, double *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        break;
    case 'm':
    case 'M':
        shift = 20;
        break;
    case 'g':
    case 'G':
        shift = 30;
        break;
    default:
        break;
    }
    end += shift != 0;
    if (shift && *end == 'i')
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return -1;
    *out = (double)(v << shift);
    return 0;
}

static int parse_number(const na_opt *r, const char *s, double *out)
{
    char *end;
    errno = 0;
    if (r->kind == NA_OPT_SIZE)
        return parse_size(s, out);
    if (r->kind == NA_OPT_ULONG) {
        unsigned long v = strtoul(s, &end, 10);
        *out = (double)v;
        return errno || end == s || *end || *s == '-' || *s == '+' || *s == ' ' ? -1 : 0;
    }
    *out = strtod(s, &end);
    return errno || end == s || *end || !isfinite(*out) ? -1 : 0;
}

/* What a number row expects, with its range: "seconds from 0 to 86400". */
static void expected(const na_opt *r, char *err, size_t errlen)
{
    const char *what = r->kind == NA_OPT_ULONG  ? "a whole number"
                       : r->kind == NA_OPT_MS   ? "seconds"
                       : r->kind == NA_OPT_SIZE ? "a size such as 1048576, 512K or 8M"
                                                : "a number";
    if (r->max > r->min && r->max < 1e15) /* a bound as large as SIZE_MAX is no bound to show */
        snprintf(err, errlen, "expected %s from %.15g to %.15g", what, r->min, r->max);
    else
        snprintf(err, errlen, "expected %s >= %.15g", what, r->min);
}

static int set_number(const na_opt *r, void *field, const char *s, char *err, size_t errlen)
{
    double v;
    if (parse_number(r, s, &v) || v < r->min || (r->max > r->min && v > r->max)) {
        expected(r, err, errlen);
        return NA_EINVAL;
    }
    switch (r->kind) {
    case NA_OPT_ULONG:
        *(unsigned long *)field = strtoul(s, NULL, 10); /* exact, not through a double */
        break;
    case NA_OPT_MS:
        *(int *)field = (int)(v * 1000);
        break;
    case NA_OPT_SIZE:
        *(size_t *)field = (size_t)v;
        break;
    default:
        *(double *)field = v;
        break;
    }
    return NA_OK;
}

/* Sets one row from its argument words; err gets "--name value: expected ...". */
static int apply(const na_opt *r, void *opts, const char *const *args, char *err, size_t errlen)
{
    void *field = (char *)opts + r->offset;
    char why[256] = "";
    int rc = NA_OK;
    switch (r->kind) {
    case NA_OPT_FLAG:
        *(int *)field = 1;
        break;
    case NA_OPT_SET:
        *(int *)field = (int)r->value;
        break;
    case NA_OPT_COUNT:
        ++*(int *)field;
        break;
    case NA_OPT_STR:
        *(const char **)field = args[0];
        break;
    case NA_OPT_LIST:
        if (r->set && (rc = r->set(field, opts, args, why, sizeof why)))
            break;
        if (na_strlist_push(field, args[0])) {
            snprintf(err, errlen, "out of memory");
            return NA_ENOMEM;
        }
        break;
    case NA_OPT_FUNC:
        rc = r->set(field, opts, args, why, sizeof why);
        break;
    default:
        rc = set_number(r, field, args[0], why, sizeof why);
        break;
    }
    if (rc == NA_ENOMEM)
        snprintf(err, errlen, "out of memory");
    else if (rc && strncmp(why, "--", 2) == 0) /* the setter's message names the option */
        snprintf(err, errlen, "%s", why);
    else if (rc && r->words > 1)
        snprintf(err, errlen, "--%s: %s", r->name, why);
    else if (rc)
        snprintf(err, errlen, "--%s %s: %s", r->name, args[0] ? args[0] : "", why);
    return rc;
}

static int set_defaults(const na_opt *const *tables, void *opts, char *err, size_t errlen)
{
    FOR_ROWS(tables, tr, r)
    {
        const char *v = r->env ? getenv(r->env) : NULL;
        if (!v || !*v)
            v = r->def;
        const char *args[2] = {v, NULL};
        int rc = v ? apply(r, opts, args, err, errlen) : 0;
        if (rc)
            return rc;
    }
    return NA_OK;
}

/* The getopt_long table and short-option string of the rows; val is 256 + the row's index. */
static int build(const na_opt *const *tables, size_t n, struct option **longs, char **shorts)
{
    *longs = calloc(n + 1, sizeof **longs);
    *shorts = calloc(2 * n + 2, 1);
    if (!*longs || !*shorts)
        return NA_ENOMEM;
    char *s = *shorts;
    *s++ = ':';
    size_t i = 0;
    FOR_ROWS(tables, tr, r)
    {
        (*longs)[i] =
            (struct option){r->name, r->arg ? required_argument : no_argument, NULL, 256 + (int)i};
        if (r->short_name) {
            *s++ = (char)r->short_name;
            if (r->arg)
                *s++ = ':';
        }
        i++;
    }
    return NA_OK;
}

static const na_opt *row_at(const na_opt *const *tables, size_t index)
{
    size_t i = 0;
    FOR_ROWS(tables, tr, r)
    {
        if (i++ == index)
            return r;
    }
    return NULL;
}

/* Maps what getopt_long returned to a row index, or -1. */
static long row_of(const na_opt *const *tables, size_t n, int c)
{
    if (c >= 256 && (size_t)(c - 256) < n)
        return c - 256;
    size_t i = 0;
    FOR_ROWS(tables, tr, r)
    {
        if (r->short_name && r->short_name == c)
            return (long)i;
        i++;
    }
    return -1;
}

static int next_row(const na_opt *const *tables, size_t n, void *opts, int c, int argc, char **argv,
                    unsigned char *given, char *err, size_t errlen)
{
    if (c == ':') {
        snprintf(err, errlen, "option %s needs an argument", argv[optind - 1]);
        return NA_EINVAL;
    }
    long i = row_of(tables, n, c);
    if (i < 0) {
        if (optopt && optopt < 256)
            snprintf(err, errlen, "unknown option -%c", optopt);
        else
            snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
        return NA_EINVAL;
    }
    const na_opt *r = row_at(tables, (size_t)i);
    const char *args[4] = {optarg, NULL, NULL, NULL};
    for (int w = 1; w < r->words && w < 4; w++) { /* the further words of a multi-word option */
        if (optind >= argc || argv[optind][0] == '-') {
            snprintf(err, errlen, "--%s needs %d arguments: %s", r->name, r->words, r->arg);
            return NA_EINVAL;
        }
        args[w] = argv[optind++];
    }
    if (given && given[i] < 255)
        given[i]++;
    return apply(r, opts, args, err, errlen);
}

int na_opts_parse(const na_opt *const *tables, void *opts, int argc, char **argv,
                  int *first_operand, unsigned char *given, char *err, size_t errlen)
{
    size_t n = na_opts_count(tables);
    if (given)
        memset(given, 0, n);
    int rc = set_defaults(tables, opts, err, errlen);
    if (rc)
        return rc;
    struct option *longs;
    char *shorts;
    if ((rc = build(tables, n, &longs, &shorts))) {
        snprintf(err, errlen, "out of memory");
    } else {
        optind = 0; /* GNU getopt: start afresh, so parsing can run more than once */
        opterr = 0;
        int c;
        while (!rc && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1)
            rc = next_row(tables, n, opts, c, argc, argv, given, err, errlen);
        *first_operand = optind;
    }
    free(longs);
    free(shorts);
    return rc;
}

void na_opts_free(const na_opt *const *tables, void *opts)
{
    FOR_ROWS(tables, tr, r)
    {
        if (r->kind == NA_OPT_LIST)
            na_strlist_clear((na_strlist *)((char *)opts + r->offset));
    }
}

/* Writes text from column col (the cursor is there), wrapped to HELP_WIDTH. */
static void wrap(FILE *f, const char *text, int col)
{
    int at = col;
    while (*text) {
        size_t w = strcspn(text, " ");
        if (at > col && at + 1 + (int)w > HELP_WIDTH) {
            fprintf(f, "\n%*s", col, "");
            at = col;
        } else if (at > col) {
            fputc(' ', f);
            at++;
        }
        fwrite(text, 1, w, f);
        at += (int)w;
        text += w;
        text += strspn(text, " ");
    }
    fputc('\n', f);
}

static void usage_row(const na_opt *r, FILE *f)
{
    char left[128], help[1024];
    int n = snprintf(left, sizeof left, "  %c%c%s--%s%s%s", r->short_name ? '-' : ' ',
                     r->short_name ? r->short_name : ' ', r->short_name ? ", " : "  ", r->name,
                     r->arg ? " " : "", r->arg ? r->arg : "");
    if (r->env && r->def)
        snprintf(help, sizeof help, "%s (default $%s, else %s)", r->help, r->env, r->def);
    else if (r->env)
        snprintf(help, sizeof help, "%s (default $%s)", r->help, r->env);
    else if (r->def)
        snprintf(help, sizeof help, "%s (default %s)", r->help, r->def);
    else
        snprintf(help, sizeof help, "%s", r->help);
    if (n + 1 >= HELP_COLUMN)
        fprintf(f, "%s\n%*s", left, HELP_COLUMN, "");
    else
        fprintf(f, "%-*s", HELP_COLUMN, left);
    wrap(f, help, HELP_COLUMN);
}

/* 1 when no row before r has r's category. */
static int first_of_category(const na_opt *const *tables, const na_opt *r)
{
    FOR_ROWS(tables, tq, q)
    {
        if (q == r)
            return 1;
        if (strcmp(q->category, r->category) == 0)
            return 0;
    }
    return 1;
}

void na_opts_usage(const na_opt *const *tables, FILE *f)
{
    FOR_ROWS(tables, tr, r)
    {
        if (!first_of_category(tables, r))
            continue;
        fprintf(f, "\n%s:\n", r->category);
        FOR_ROWS(tables, tq, q)
        {
            if (strcmp(q->category, r->category) == 0)
                usage_row(q, f);
        }
    }
}

#define NA_EXIT_ROW_(name, code, meaning) {code, meaning},
static const struct {
    int code;
    const char *meaning;
} exit_rows[] = {NA_EXIT_TABLE(NA_EXIT_ROW_)};

void na_opts_exit_usage(FILE *f)
{
    fputs("\n", f);
    wrap(f, NA_SIGNALS_HELP, 0);
    fputs("\nExit status:\n", f);
    for (size_t i = 0; i < sizeof exit_rows / sizeof exit_rows[0]; i++) {
        fprintf(f, "  %d  ", exit_rows[i].code);
        wrap(f, exit_rows[i].meaning, 5);
    }
}

int na_opts_set_log_level(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    int level = na_log_level_parse(args[0]);
    if (level < 0) {
        snprintf(err, len, "expected error, warn, info or debug");
        return NA_EINVAL;
    }
    *(int *)field = level;
    return NA_OK;
}

int na_opts_set_log_format(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    int json = na_log_format_parse(args[0]);
    if (json < 0) {
        snprintf(err, len, "expected text or json");
        return NA_EINVAL;
    }
    *(int *)field = json;
    return NA_OK;
}

int na_opts_set_property(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    na_cli_common *c = field;
    if (strcmp(args[0], "list") == 0) {
        c->list_props = 1;
        return NA_OK;
    }
    if (!strchr(args[0], '=') || args[0][0] == '=') {
        snprintf(err, len, "expected key=value, or list");
        return NA_EINVAL;
    }
    return na_strlist_push(&c->props, args[0]) ? NA_ENOMEM : NA_OK;
}

int na_cli_common_finish(na_cli_common *c, char *err, size_t errlen)
{
    if (c->quiet && c->verbose) {
        snprintf(err, errlen, "-q and -v do not go together");
        return NA_EINVAL;
    }
    if (c->quiet)
        c->log_level = NA_LOG_ERROR;
    int level = c->log_level + c->verbose;
    c->kafka_debug = level > NA_LOG_DEBUG;
    c->log_level = level > NA_LOG_DEBUG ? NA_LOG_DEBUG : level;
    return NA_OK;
}

void na_cli_common_apply(const na_cli_common *c)
{
    na_log_set_level(c->log_level);
    na_log_set_json(c->log_json);
}

void na_cli_common_free(na_cli_common *c)
{
    na_strlist_clear(&c->props);
}
