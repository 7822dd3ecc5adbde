#include "consumer.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "newsalert/config.h"
#include "newsalert/embedded.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/log.h"
#include "daemon/daemon.h"
#include "modes/diff.h"
#include "modes/event_file.h"
#include "daemon/position.h"
#include "modes/report.h"
#include "rules/rules.h"

enum {
    OPT_CHECK = 256,
    OPT_PRINT_RULES,
    OPT_MENTIONS,
    OPT_CONFIG_DIR,
    OPT_LOG_LEVEL,
    OPT_LOG_FORMAT,
    OPT_FROM,
    OPT_EXIT_AT_END,
    OPT_REPORT,
    OPT_REPORT_HTML,
    OPT_DIFF_RULES,
    OPT_UNTIL,
    OPT_DESTINATION,
    OPT_MAX_RECORDS,
    OPT_EXPLAIN
};

void na_consumer_usage(FILE *f)
{
    fputs("Usage: newsalert-consumer --input FILE|- --dry-run [-r RULES] [-c CONFIG] [options]\n"
          "       newsalert-consumer -b BROKERS -t TOPIC -g GROUP [-r RULES] -c CONFIG [options]\n"
          "       newsalert-consumer --check [-r RULES] [-c CONFIG]\n"
          "       newsalert-consumer --diff-rules OLD NEW --input FILE|-\n"
          "       newsalert-consumer --print-default-rules\n"
          "\n"
          "Applies keyword, proximity and threshold rules (docs/rules.md) to news events.\n"
          "\n"
          "  -i, --input FILE|-       read events, one CloudEvent JSON a line (the producer's\n"
          "                           --dry-run output); '-' is standard input\n"
          "  -n, --dry-run            write alerts to standard output, one JSON a line, instead\n"
          "                           of delivering them\n"
          "  -r, --rules PATH         a rules file or a folder of *.json rule files\n"
          "                           (default: the built-in pack, see --print-default-rules)\n"
          "  -c, --config FILE        consumer config (JSON); its \"destinations\" names are the\n"
          "                           only ones rules may use\n"
          "      --config-dir DIR     read built-in config files from DIR instead\n"
          "  -b, --brokers LIST       Kafka brokers (default $NEWSALERT_BROKERS): run as a\n"
          "                           consumer-group daemon delivering alerts to the config's\n"
          "                           destinations, at least once (docs/delivery.md)\n"
          "  -t, --topic NAME         topic to consume (default news.articles)\n"
          "  -g, --group NAME         consumer group (default newsalert)\n"
          "      --from WHERE         stored (default), beginning, end, N, -N, s@MS or a time\n"
          "      --exit-at-end        stop once every partition is read and every alert settled\n"
          "      --until TIME         replay up to TIME (ISO 8601, e@MS): each partition stops at\n"
          "                           its first record at or after it, or at its end; then exit\n"
          "      --destination NAME   send every alert to this destination of the config only\n"
          "                           (a replay to a test channel)\n"
          "      --max-records N      for testing restarts: take no record after the first N\n"
          "                           (keeps running until stopped; what was taken settles)\n"
          "  -X, --property KEY=VALUE librdkafka property, repeatable\n"
          "      --check              validate the rules (and config) and exit; errors are\n"
          "                           printed as file:line:column: message\n"
          "      --print-default-rules  print the built-in rule pack as one rules file\n"
          "      --explain RULE       with --input: print, per event, why RULE fired or which of\n"
          "                           its conditions failed, with matched terms and positions\n"
          "      --mention-counts     with --input: print per event, rule, term node and term\n"
          "                           the number of mentions counted, instead of alerts\n"
          "      --report FILE.json   at exit, write a backtest report: per rule the matches,\n"
          "                           first and last match, top evidence and a timeline\n"
          "      --report-html FILE.html  the same report as a self-contained page (SVG charts)\n"
          "      --diff-rules OLD NEW with --input: the alerts that appear (\"change\":\"added\")\n"
          "                           and disappear (\"removed\") going from rules OLD to NEW,\n"
          "                           one JSON a line; a summary on standard error\n"
          "      --log-level LEVEL    error, warn (default), info or debug\n"
          "  -q, --quiet              errors only (--log-level error)\n"
          "  -v, --verbose            one level more per -v (info, then debug)\n"
          "      --log-format FORMAT  text (default) or json (one object per line)\n"
          "  -h, --help               show this help\n"
          "  -V, --version            show the version\n"
          "\n"
          "Exit status: 0 success; 1 invalid rules or config, or some input lines rejected\n"
          "(each reported as file:line: reason, processing continues); 2 usage or I/O error.\n",
          f);
}

int na_consumer_parse(int argc, char **argv, struct na_consumer_cli *o, char *err, size_t errlen)
{
    static const struct option longs[] = {
        {"input", required_argument, NULL, 'i'},
        {"dry-run", no_argument, NULL, 'n'},
        {"rules", required_argument, NULL, 'r'},
        {"config", required_argument, NULL, 'c'},
        {"config-dir", required_argument, NULL, OPT_CONFIG_DIR},
        {"check", no_argument, NULL, OPT_CHECK},
        {"print-default-rules", no_argument, NULL, OPT_PRINT_RULES},
        {"mention-counts", no_argument, NULL, OPT_MENTIONS},
        {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
        {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"brokers", required_argument, NULL, 'b'},
        {"topic", required_argument, NULL, 't'},
        {"group", required_argument, NULL, 'g'},
        {"from", required_argument, NULL, OPT_FROM},
        {"exit-at-end", no_argument, NULL, OPT_EXIT_AT_END},
        {"property", required_argument, NULL, 'X'},
        {"report", required_argument, NULL, OPT_REPORT},
        {"report-html", required_argument, NULL, OPT_REPORT_HTML},
        {"diff-rules", required_argument, NULL, OPT_DIFF_RULES},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"destination", required_argument, NULL, OPT_DESTINATION},
        {"max-records", required_argument, NULL, OPT_MAX_RECORDS},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->mode = -1;
    o->log_level = NA_LOG_WARN;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":i:nr:c:b:t:g:X:qvhV", longs, NULL)) != -1) {
        switch (c) {
        case 'i':
            o->input = optarg;
            break;
        case 'n':
            o->dry_run = 1;
            break;
        case 'r':
            o->rules = optarg;
            break;
        case 'c':
            o->config = optarg;
            break;
        case OPT_CONFIG_DIR:
            o->config_dir = optarg;
            break;
        case 'b':
            o->brokers = optarg;
            break;
        case 't':
            o->topic = optarg;
            break;
        case 'g':
            o->group = optarg;
            break;
        case OPT_FROM:
            o->from = optarg;
            break;
        case OPT_EXIT_AT_END:
            o->exit_at_end = 1;
            break;
        case 'X':
            if (o->n_props == sizeof o->props / sizeof o->props[0]) {
                snprintf(err, errlen, "too many -X options");
                return NA_EXIT_USAGE;
            }
            o->props[o->n_props++] = optarg;
            break;
        case OPT_UNTIL:
            if (na_until_parse(optarg, &o->until_ms, err, errlen))
                return NA_EXIT_USAGE;
            break;
        case OPT_DESTINATION:
            o->destination = optarg;
            break;
        case OPT_MAX_RECORDS: {
            char *end;
            o->max_records = strtoul(optarg, &end, 10);
            if (*end || !*optarg || optarg[0] == '-') {
                snprintf(err, errlen, "--max-records: expected a number, got \"%s\"", optarg);
                return NA_EXIT_USAGE;
            }
            break;
        }
        case OPT_REPORT:
            o->report_json = optarg;
            break;
        case OPT_REPORT_HTML:
            o->report_html = optarg;
            break;
        case OPT_DIFF_RULES: /* two arguments: OLD (optarg) and NEW (the next word) */
            if (optind >= argc || argv[optind][0] == '-') {
                snprintf(err, errlen, "--diff-rules needs two rule paths: OLD NEW");
                return NA_EXIT_USAGE;
            }
            o->diff_old = optarg;
            o->diff_new = argv[optind++];
            o->mode = NA_CLI_DIFF;
            break;
        case OPT_CHECK:
            o->mode = NA_CLI_CHECK;
            break;
        case OPT_PRINT_RULES:
            o->mode = NA_CLI_PRINT_RULES;
            break;
        case OPT_MENTIONS:
            o->mention_counts = 1;
            break;
        case OPT_EXPLAIN:
            o->explain = optarg;
            break;
        case 'q':
            o->log_level = NA_LOG_ERROR;
            break;
        case 'v':
            o->log_level = o->log_level < NA_LOG_INFO ? NA_LOG_INFO : NA_LOG_DEBUG;
            break;
        case OPT_LOG_FORMAT:
            if ((o->log_json = na_log_format_parse(optarg)) < 0) {
                snprintf(err, errlen, "--log-format %s: expected text or json", optarg);
                return NA_EXIT_USAGE;
            }
            break;
        case OPT_LOG_LEVEL:
            if ((o->log_level = na_log_level_parse(optarg)) < 0) {
                snprintf(err, errlen, "--log-level: unknown level \"%s\"", optarg);
                return NA_EXIT_USAGE;
            }
            break;
        case 'h':
            o->mode = NA_CLI_HELP;
            return 0;
        case 'V':
            o->mode = NA_CLI_VERSION;
            return 0;
        case ':':
            snprintf(err, errlen, "option %s needs an argument", argv[optind - 1]);
            return NA_EXIT_USAGE;
        default:
            snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
            return NA_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument \"%s\"", argv[optind]);
        return NA_EXIT_USAGE;
    }
    if (o->mode < 0 && !o->input && (o->brokers || o->topic || o->group)) {
        if (!o->brokers && !(o->brokers = getenv("NEWSALERT_BROKERS"))) {
            snprintf(err, errlen, "the daemon needs -b BROKERS (or $NEWSALERT_BROKERS)");
            return NA_EXIT_USAGE;
        }
        if (!o->config && !o->dry_run) {
            snprintf(err, errlen, "the daemon needs -c CONFIG (destinations), or --dry-run");
            return NA_EXIT_USAGE;
        }
        o->topic = o->topic ? o->topic : "news.articles";
        o->group = o->group ? o->group : "newsalert";
        o->mode = NA_CLI_DAEMON;
    }
    if (o->mode == NA_CLI_DIFF && !o->input) {
        snprintf(err, errlen, "--diff-rules needs --input FILE|-");
        return NA_EXIT_USAGE;
    }
    if (o->mode < 0) {
        if (!o->input) {
            snprintf(err, errlen,
                     "nothing to do: give -b BROKERS -t TOPIC, --input FILE --dry-run, or --check");
            return NA_EXIT_USAGE;
        }
        if (!o->dry_run && !o->explain) {
            snprintf(err, errlen,
                     "--input needs --dry-run (delivery to destinations is not "
                     "available in this build)");
            return NA_EXIT_USAGE;
        }
        o->mode = NA_CLI_RUN;
    }
    return 0;
}

/* The destination names of a consumer config: the keys of its "destinations" object. */
static int read_destinations(const char *path, na_strlist *out, FILE *errf)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        fprintf(errf, "%s:%d:%d: %s\n", path, jerr.line, jerr.column, jerr.text);
        return -1;
    }
    json_t *d = json_object_get(root, "destinations");
    int rc = 0;
    if (d && !json_is_object(d)) {
        fprintf(errf, "%s: \"destinations\" must be an object of named destinations\n", path);
        rc = -1;
    }
    const char *k;
    json_t *v;
    if (!rc)
        json_object_foreach(d, k, v) if (na_strlist_push(out, k)) rc = -1;
    json_decref(root);
    return rc;
}

static void print_error(const char *msg, void *ud)
{
    fprintf(ud, "%s\n", msg);
}

static na_rules *load(const struct na_consumer_cli *o, FILE *errf, int *status)
{
    na_strlist dests = {0};
    na_rules *r = NULL;
    *status = NA_EXIT_DATA;
    if (!o->config || !read_destinations(o->config, &dests, errf)) {
        char err[1024];
        r = na_rules_load_ex(o->rules, o->config ? &dests : NULL, print_error, errf, err,
                             sizeof err);
        if (r)
            *status = NA_EXIT_OK;
    }
    na_strlist_clear(&dests);
    return r;
}

static int print_default_rules(FILE *out, FILE *errf)
{
    json_t *all = json_array();
    const char *name;
    int rc = NA_EXIT_OK;
    for (size_t k = 0; (name = na_embedded_name(k)); k++) {
        size_t n = strlen(name);
        if (strncmp(name, "rules/", 6) || n < 5 || strcmp(name + n - 5, ".json"))
            continue;
        size_t len;
        const char *text = na_embedded_get(name, &len);
        json_error_t jerr;
        json_t *doc = json_loadb(text, len, 0, &jerr);
        if (!doc) {
            fprintf(errf, "<built-in>/%s:%d:%d: %s\n", name, jerr.line, jerr.column, jerr.text);
            rc = NA_EXIT_DATA;
            continue;
        }
        json_array_extend(all, json_object_get(doc, "rules"));
        json_decref(doc);
    }
    json_t *root = json_pack("{s:o}", "rules", all);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
    return rc;
}

struct sink {
    FILE *out;
    size_t alerts;
    const char *event_id;
    na_rules *rules;
    int mention_counts;
    na_report *report; /* NULL without --report/--report-html */
    const char *explain;
};

static int write_alert(na_alert *al, void *ud)
{
    struct sink *s = ud;
    int rc = s->report ? na_report_add_alert(s->report, al) : 0;
    if (!rc)
        rc = na_json_write_line(na_alert_to_json(al), s->out);
    na_alert_destroy(al);
    s->alerts++;
    return rc;
}

static int write_mention(const char *rule_id, const char *node, const char *term, size_t count,
                         void *ud)
{
    struct sink *s = ud;
    return na_json_write_line(json_pack("{s:s, s:s, s:s, s:s, s:I}", "event_id", s->event_id,
                                        "rule_id", rule_id, "node", node, "term", term, "count",
                                        (json_int_t)count),
                              s->out);
}

static int run_event(const na_article *a, void *ud)
{
    struct sink *s = ud;
    s->event_id = a->id;
    if (s->report)
        na_report_add_event(s->report, a->published_ms);
    if (s->explain)
        return na_rules_explain(s->rules, a, s->explain, s->out);
    return s->mention_counts ? na_rules_mentions(s->rules, a, write_mention, s)
                             : na_rules_eval(s->rules, a, write_alert, s);
}

/* Writes the --report and --report-html files asked for; 0 or NA_EXIT_USAGE. */
static int write_reports(const struct na_consumer_cli *o, const na_report *rep, FILE *errf)
{
    char err[512];
    if (o->report_json && na_report_write_json(rep, o->report_json, err, sizeof err)) {
        fprintf(errf, "%s\n", err);
        return NA_EXIT_USAGE;
    }
    if (o->report_html && na_report_write_html(rep, o->report_html, err, sizeof err)) {
        fprintf(errf, "%s\n", err);
        return NA_EXIT_USAGE;
    }
    return NA_EXIT_OK;
}

static int run(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    int status;
    na_rules *r = load(o, errf, &status);
    if (!r)
        return status;
    const char *name = strcmp(o->input, "-") ? o->input : "<stdin>";
    struct sink s = {out, 0, NULL, r, o->mention_counts, NULL, o->explain};
    if ((o->report_json || o->report_html) && !(s.report = na_report_new(name))) {
        na_rules_destroy(r);
        return NA_EXIT_USAGE;
    }
    struct na_event_file_stats st;
    int rd = na_event_file_each(o->input, errf, run_event, &s, &st);
    int wr_err = fflush(out) != 0 || ferror(out);
    na_rules_destroy(r);
    na_info("consumer", "%s: %zu events, %zu alerts, %zu lines rejected", name, st.events, s.alerts,
            st.bad);
    status = rd ? NA_EXIT_USAGE : st.bad ? NA_EXIT_DATA : NA_EXIT_OK;
    if (wr_err) {
        fprintf(errf, "<stdout>: write error\n");
        status = NA_EXIT_USAGE;
    }
    if (!rd && st.bad)
        fprintf(errf, "%s: %zu line%s rejected\n", name, st.bad, st.bad == 1 ? "" : "s");
    if (s.report && !rd) {
        int rs = write_reports(o, s.report, errf);
        status = rs ? rs : status;
    }
    na_report_destroy(s.report);
    return status;
}

/* Kafka in, webhooks out: the rules loaded here drive the daemon (daemon.h). */
static int run_daemon(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    int status;
    na_rules *r = load(o, errf, &status);
    if (!r)
        return status;
    struct na_daemon_opts d = {.brokers = o->brokers,
                               .topic = o->topic,
                               .group = o->group,
                               .config_path = o->config,
                               .from = o->from,
                               .exit_at_end = o->exit_at_end,
                               .dry_run = o->dry_run,
                               .kafka_props = o->props,
                               .n_kafka_props = o->n_props,
                               .eval = na_daemon_rules_eval,
                               .eval_ctx = r,
                               .out = out,
                               .until_ms = o->until_ms,
                               .destination = o->destination,
                               .rebuild = na_daemon_rules_rebuild,
                               .rebuild_horizon_ms = na_rules_state_horizon_ms(r),
                               .max_records = o->max_records};
    if ((o->report_json || o->report_html) && !(d.report = na_report_new(o->topic))) {
        na_rules_destroy(r);
        return NA_EXIT_USAGE;
    }
    status = na_daemon_run(&d);
    na_rules_destroy(r);
    if (d.report) {
        int rs = write_reports(o, d.report, errf);
        status = rs ? rs : status;
    }
    na_report_destroy(d.report);
    return status;
}

int na_consumer_run(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    na_log_set_level(o->log_level);
    na_log_set_json(o->log_json);
    if (o->config_dir)
        na_config_set_dir(o->config_dir);
    switch (o->mode) {
    case NA_CLI_HELP:
        na_consumer_usage(out);
        return NA_EXIT_OK;
    case NA_CLI_VERSION:
        fprintf(out, "newsalert-consumer %s\n", NA_VERSION);
        return NA_EXIT_OK;
    case NA_CLI_PRINT_RULES:
        return print_default_rules(out, errf);
    case NA_CLI_CHECK: {
        int status;
        na_rules *r = load(o, errf, &status);
        size_t n_ex = 0;
        int failed = r ? na_rules_check_examples(r, print_error, errf, &n_ex) : 0;
        if (failed)
            status = NA_EXIT_DATA;
        if (r && !failed)
            fprintf(out, "%s: %zu rules OK, %zu examples pass\n",
                    o->rules ? o->rules : "<built-in>/rules", na_rules_count(r), n_ex);
        na_rules_destroy(r);
        return status;
    }
    case NA_CLI_DAEMON:
        return run_daemon(o, out, errf);
    case NA_CLI_DIFF:
        return na_diff_rules_run(o, out, errf);
    default:
        return run(o, out, errf);
    }
}
