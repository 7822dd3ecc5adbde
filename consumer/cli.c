#include "consumer.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "newsalert/config.h"
#include "newsalert/embedded.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/kafka.h"
#include "newsalert/log.h"
#include "newsalert/metrics_http.h"
#include "newsalert/metrics.h"
#include "daemon/daemon.h"
#include "daemon/matches.h"
#include "modes/check.h"
#include "modes/diff.h"
#include "modes/event_file.h"
#include "daemon/position.h"
#include "modes/redrive.h"
#include "modes/report.h"
#include "modes/route_sim.h"
#include "newsalert/clock.h"
#include "silence/reader.h"
#include "rules/rules.h"
#include "story/fold.h"

static int set_diff(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)field, (void)err, (void)len;
    struct na_consumer_cli *o = opts;
    o->diff_old = args[0];
    o->diff_new = args[1];
    o->mode = NA_CLI_DIFF;
    return NA_OK;
}

static int set_redrive(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)field, (void)err, (void)len;
    struct na_consumer_cli *o = opts;
    o->redrive = args[0];
    o->mode = NA_CLI_REDRIVE;
    return NA_OK;
}

static int set_stage(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    if (strcmp(args[0], "all") && strcmp(args[0], "match") && strcmp(args[0], "window")) {
        snprintf(err, len, "expected all, match or window");
        return NA_EINVAL;
    }
    *(const char **)field = args[0];
    return NA_OK;
}

static int set_until(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    return na_until_parse(args[0], field, err, len); /* its message names --until */
}

#define C_MODE "Modes"
#define C_RUN "Events in, alerts out"
#define C_DAEMON "The daemon: Kafka in, webhooks out (docs/delivery.md)"
#define FIELD(f) offsetof(struct na_consumer_cli, f)
#define MODE(nm, v, text)                                                                          \
    {                                                                                              \
        .kind = NA_OPT_SET, .name = nm, .offset = FIELD(mode), .value = v, .help = text,           \
        .category = C_MODE                                                                         \
    }

static const na_opt rows[] = {
    MODE("check", NA_CLI_CHECK,
         "validate the rules (and config) and exit; errors are printed as file:line:column: "
         "message"),
    MODE("print-default-rules", NA_CLI_PRINT_RULES,
         "print the built-in rule pack as one rules file"),
    {.kind = NA_OPT_FUNC,
     .name = "diff-rules",
     .arg = "OLD NEW",
     .offset = FIELD(diff_old),
     .set = set_diff,
     .words = 2,
     .help = "with --input: the alerts that appear (\"change\":\"added\") and disappear "
             "(\"removed\") going from rules OLD to NEW, one JSON a line; a summary on standard "
             "error",
     .category = C_MODE},
    {.kind = NA_OPT_FUNC,
     .name = "redrive",
     .arg = "TOPIC",
     .offset = FIELD(redrive),
     .set = set_redrive,
     .words = 1,
     .help = "with -b and -c: send the undeliverable alerts of dead-letter TOPIC again, each under "
             "its webhook-id, to its destination (or --destination NAME); --from and --until "
             "bound what is read",
     .category = C_MODE},
    {.kind = NA_OPT_STR,
     .name = "input",
     .short_name = 'i',
     .arg = "FILE|-",
     .offset = FIELD(input),
     .help = "read events, one CloudEvent JSON a line (the producer's --dry-run output); '-' is "
             "standard input",
     .category = C_RUN},
    {.kind = NA_OPT_FLAG,
     .name = "dry-run",
     .short_name = 'n',
     .offset = FIELD(dry_run),
     .help = "write alerts to standard output, one JSON a line, instead of delivering them",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "rules",
     .short_name = 'r',
     .arg = "PATH",
     .offset = FIELD(rules),
     .help = "a rules file or a folder of *.json rule files (default: the built-in pack, see "
             "--print-default-rules)",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "config",
     .short_name = 'c',
     .arg = "FILE",
     .offset = FIELD(config),
     .help = "consumer config (JSON or YAML): the destinations alerts go to (docs/delivery.md); "
             "rules may name only these",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "explain",
     .arg = "RULE",
     .offset = FIELD(explain),
     .help = "with --input: print, per event, why RULE fired or which of its conditions failed, "
             "with the matched terms and their positions (no --dry-run needed)",
     .category = C_RUN},
    {.kind = NA_OPT_FLAG,
     .name = "mention-counts",
     .offset = FIELD(mention_counts),
     .help = "with --input: print per event, rule, term node and term the number of mentions "
             "counted, instead of alerts",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "report",
     .arg = "FILE.json",
     .offset = FIELD(report_json),
     .help = "at exit, write a backtest report: per rule the matches, first and last match, top "
             "evidence and a timeline",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "report-html",
     .arg = "FILE.html",
     .offset = FIELD(report_html),
     .help = "the same report as a self-contained page (SVG charts)",
     .category = C_RUN},
    {.kind = NA_OPT_STR,
     .name = "brokers",
     .short_name = 'b',
     .arg = "LIST",
     .offset = FIELD(brokers),
     .env = "NEWSALERT_BROKERS",
     .help = "Kafka brokers: -b, -t or -g runs the consumer-group daemon, delivering alerts to "
             "the config's destinations at least once",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "topic",
     .short_name = 't',
     .arg = "NAME",
     .offset = FIELD(topic),
     .def = "news.articles",
     .help = "topic to consume",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "group",
     .short_name = 'g',
     .arg = "NAME",
     .offset = FIELD(group),
     .def = "newsalert",
     .help = "consumer group",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "from",
     .arg = "WHERE",
     .offset = FIELD(from),
     .help = "stored (default), beginning, end, N, -N, s@MS or a time",
     .category = C_DAEMON},
    {.kind = NA_OPT_FLAG,
     .name = "exit-at-end",
     .offset = FIELD(exit_at_end),
     .help = "stop once every partition is read and every alert settled",
     .category = C_DAEMON},
    {.kind = NA_OPT_FUNC,
     .name = "until",
     .arg = "TIME",
     .offset = FIELD(until_ms),
     .set = set_until,
     .help = "replay up to TIME (ISO 8601, e@MS): each partition stops at its first record at or "
             "after it, or at its end; then exit",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "destination",
     .arg = "NAME",
     .offset = FIELD(destination),
     .help = "send every alert to this destination of the config only (a replay to a test "
             "channel)",
     .category = C_DAEMON},
    {.kind = NA_OPT_ULONG,
     .name = "max-records",
     .arg = "N",
     .offset = FIELD(max_records),
     .help = "for testing restarts: take no record after the first N (keeps running until "
             "stopped; what was taken settles)",
     .category = C_DAEMON},
    {.kind = NA_OPT_FUNC,
     .name = "stage",
     .arg = "STAGE",
     .offset = FIELD(stage),
     .set = set_stage,
     .def = "all",
     .help = "all, match or window: window rules run as a match stage (articles to the matches "
             "topic) and a window stage (group GROUP.windows), both by default "
             "(docs/stream-rules.md)",
     .category = C_DAEMON},
    NA_OPT_CONNECT_TIMEOUT(struct na_consumer_cli, connect_timeout_ms, C_DAEMON),
    NA_OPT_METRICS_ADDR(struct na_consumer_cli, metrics_addr, C_DAEMON),
    {.kind = NA_OPT_FLAG,
     .name = "watch",
     .offset = FIELD(watch),
     .help = "reload the rules and the config when their files change, as SIGHUP does",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "silences-topic",
     .arg = "NAME",
     .offset = FIELD(silences_topic),
     .def = "news.alerts.silences",
     .help = "the compacted topic of silences (created when missing), read whole by every "
             "member: a silence in force mutes its alerts at send time (docs/silences.md); \"\" "
             "reads none; with --input and -b, a backtest applies its silences as --silences does",
     .category = C_DAEMON},
    {.kind = NA_OPT_STR,
     .name = "silences",
     .arg = "FILE",
     .offset = FIELD(silences_file),
     .help =
         "with --input: apply these silences (one JSON record a line, as \"silence list\" "
         "prints them in JSON) at each alert's event time; muted alerts are counted and reported, "
         "not printed",
     .category = C_RUN},
    NA_OPT_CONFIG_DIR(struct na_consumer_cli, config_dir, C_RUN),
    {.kind = NA_OPT_STR,
     .name = "rules-cache",
     .arg = "DIR",
     .offset = FIELD(rules_cache),
     .env = "NEWSALERT_RULES_CACHE",
     .help = "keep the compiled rule databases in DIR (made when missing; the 8 last used are "
             "kept): a start or reload whose rules were compiled before reads them back instead "
             "of compiling; a damaged file is compiled again (docs/rules.md)",
     .category = C_RUN},
    {.kind = NA_OPT_MS,
     .name = "story-update-every",
     .arg = "SEC",
     .offset = FIELD(story_update_every_ms),
     .def = "3600",
     .max = 604800,
     .help = "a later copy of a story that raises no new rule result is sent as an update of its "
             "alert when the story's last message is SEC old (event time), else folded into the "
             "next update (docs/stories.md); 0: every copy is an update",
     .category = C_RUN},
    NA_OPT_STORY_HORIZON(struct na_consumer_cli, story_horizon_ms, C_RUN,
                         "how long after its first alert a story folds copies (event time)"),
    {.kind = NA_OPT_FLAG,
     .name = "no-stories",
     .offset = FIELD(no_stories),
     .help = "no story folding: every copy of a story raises its own alerts",
     .category = C_RUN},
    NA_OPTS_COMMON(struct na_consumer_cli, common, "warn"),
    {.kind = NA_OPT_END},
};

static const na_opt *const tables[] = {rows, NULL};

const na_opt *const *na_consumer_rows(void)
{
    return tables;
}

void na_consumer_usage(FILE *f)
{
    fputs(
        "Usage: newsalert-consumer --input FILE|- --dry-run [-r RULES] [-c CONFIG] [options]\n"
        "       newsalert-consumer -b BROKERS -t TOPIC -g GROUP [-r RULES] -c CONFIG [options]\n"
        "       newsalert-consumer --check [-r RULES] [-c CONFIG]\n"
        "       newsalert-consumer --diff-rules OLD NEW --input FILE|-\n"
        "       newsalert-consumer --print-default-rules\n"
        "       newsalert-consumer --redrive DLQ_TOPIC -b BROKERS -c CONFIG [--destination NAME]\n"
        "       newsalert-consumer silence add|list|expire ... (newsalert-consumer silence "
        "--help)\n"
        "\n"
        "Applies keyword, proximity and threshold rules (docs/rules.md) to news events.\n",
        f);
    na_opts_usage(tables, f);
    na_opts_exit_usage(f);
}

static int given(const unsigned char *seen, const char *name)
{
    size_t i;
    return na_opts_find(tables, name, &i) && seen[i];
}

/* The mode the options ask for, once they are parsed; 0 or NA_EXIT_USAGE with err. */
static int pick_mode(struct na_consumer_cli *o, const unsigned char *seen, char *err, size_t errlen)
{
    if (o->mode < 0 && !o->input &&
        (given(seen, "brokers") || given(seen, "topic") || given(seen, "group"))) {
        if (!o->brokers) {
            snprintf(err, errlen, "the daemon needs -b BROKERS (or $NEWSALERT_BROKERS)");
            return NA_EXIT_USAGE;
        }
        if (!o->config && !o->dry_run) {
            snprintf(err, errlen, "the daemon needs -c CONFIG (destinations), or --dry-run");
            return NA_EXIT_USAGE;
        }
        o->mode = NA_CLI_DAEMON;
    }
    if (o->mode == NA_CLI_REDRIVE && (!o->brokers || !o->config)) {
        snprintf(err, errlen, "--redrive needs -b BROKERS (or $NEWSALERT_BROKERS) and -c CONFIG");
        return NA_EXIT_USAGE;
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
                     "--input needs --dry-run (alerts from a file are printed, not delivered)");
            return NA_EXIT_USAGE;
        }
        o->mode = NA_CLI_RUN;
    }
    return 0;
}

int na_consumer_parse(int argc, char **argv, struct na_consumer_cli *o, char *err, size_t errlen)
{
    unsigned char seen[sizeof rows / sizeof rows[0]];
    memset(o, 0, sizeof *o);
    o->mode = -1;
    if (argc > 1 && !strcmp(argv[1], "silence")) {
        o->mode = NA_CLI_SILENCE;
        return na_silence_cli_parse(argc - 1, argv + 1, &o->silence, err, errlen);
    }
    int first;
    if (na_opts_parse(tables, o, argc, argv, &first, seen, err, errlen) ||
        na_cli_common_finish(&o->common, err, errlen))
        return NA_EXIT_USAGE;
    if (o->common.help || o->common.version || o->common.list_props) {
        o->mode = o->common.help      ? NA_CLI_HELP
                  : o->common.version ? NA_CLI_VERSION
                                      : NA_CLI_LIST_PROPS;
        return 0;
    }
    if (first < argc) {
        snprintf(err, errlen, "unexpected argument \"%s\"", argv[first]);
        return NA_EXIT_USAGE;
    }
    o->silences_kafka = o->input && given(seen, "brokers");
    return pick_mode(o, seen, err, errlen);
}

void na_consumer_cli_free(struct na_consumer_cli *o)
{
    na_opts_free(tables, o);
    na_cli_common_free(&o->common);
    na_silence_cli_free(&o->silence);
}

struct sink {
    FILE *out;
    size_t alerts;
    const char *event_id;
    na_rules *rules;
    int mention_counts;
    na_report *report; /* NULL without --report/--report-html */
    const char *explain;
    na_story_fold *stories;      /* NULL with --no-stories */
    const na_silences *silences; /* --silences (NULL: none) */
    size_t silenced;
    na_route_sim *routing; /* -c CONFIG with a report: routing and digests on event time */
};

/* --silences: 1 when silences in force at the alert's event time mute it for every destination
 * its rule names (none named: the destination ""); each muting is reported. */
static int silenced(struct sink *s, const na_alert *al)
{
    if (!s->silences)
        return 0;
    const na_silence *by[64];
    size_t n = na_silences_mutes(s->silences, al,
                                 al->time_ms >= 0 ? al->time_ms : na_clock_wall_ms(), by, 64);
    for (size_t i = 0; s->report && i < n; i++)
        na_report_add_silenced(s->report, al, al->destinations.n ? al->destinations.items[i] : "",
                               by[i]->id);
    s->silenced += n > 0;
    return n > 0;
}

int na_backtest_silences_load(const struct na_consumer_cli *o, na_silences **out, FILE *errf)
{
    char err[1024];
    *out = NULL;
    if (!o->silences_file && !o->silences_kafka)
        return NA_EXIT_OK;
    na_silences *sil = na_silences_new();
    int rc = sil ? NA_EXIT_OK : NA_EXIT_FATAL;
    snprintf(err, sizeof err, "out of memory");
    if (!rc && o->silences_file && na_silences_load_file(sil, o->silences_file, err, sizeof err))
        rc = NA_EXIT_USAGE;
    if (!rc && o->silences_kafka) {
        na_silence_reader *rd = na_silence_reader_new(
            o->brokers, o->silences_topic, (const char *const *)o->common.props.items,
            o->common.props.n, sil, o->connect_timeout_ms, err, sizeof err);
        if (!rd || na_silence_reader_catch_up(rd, 10000, err, sizeof err))
            rc = NA_EXIT_FATAL;
        na_silence_reader_destroy(rd);
    }
    if (rc) {
        fprintf(errf, "newsalert-consumer: %s\n", err);
        na_silences_destroy(sil);
        return rc;
    }
    *out = sil;
    return NA_EXIT_OK;
}

static int write_alert(na_alert *al, void *ud)
{
    struct sink *s = ud;
    enum na_story_outcome oc = NA_STORY_NEW;
    int rc = s->stories && al->story ? na_story_fold_apply(s->stories, al, al->time_ms, &oc) : 0;
    al->story_outcome = (int)oc;
    if (!rc && s->report)
        rc = na_report_add_alert(s->report, al);
    /* a folded copy is counted in its story, not written; a silenced alert is reported */
    if (!rc && oc != NA_STORY_FOLDED && !silenced(s, al)) {
        rc = na_alert_write_line(al, s->out);
        if (!rc && s->routing)
            rc = na_route_sim_alert(s->routing, al);
    }
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
    na_rules *r;
    na_destinations *cfg;
    int status = na_check_load(o, errf, &r, &cfg);
    if (status)
        return status; /* nothing is sent in this mode: cfg only routes for the report */
    const char *name = strcmp(o->input, "-") ? o->input : "<stdin>";
    struct sink s = {out, 0, NULL, r, o->mention_counts, NULL, o->explain, NULL, NULL, 0, NULL};
    na_silences *sil = NULL;
    status = na_backtest_silences_load(o, &sil, errf);
    if (status) {
        na_rules_destroy(r);
        na_destinations_destroy(cfg);
        return status;
    }
    s.silences = sil;
    if (((o->report_json || o->report_html) && !(s.report = na_report_new(name))) ||
        (!o->no_stories &&
         !(s.stories = na_story_fold_new(o->story_horizon_ms, o->story_update_every_ms)))) {
        na_report_destroy(s.report);
        na_silences_destroy(sil);
        na_rules_destroy(r);
        na_destinations_destroy(cfg);
        return NA_EXIT_USAGE;
    }
    if (s.report && cfg && !(s.routing = na_route_sim_new(cfg, s.report)))
        fprintf(errf, "routing: out of memory: the report has no routing\n");
    struct na_event_file_stats st;
    int rd = na_event_file_each(o->input, errf, run_event, &s, &st);
    if (s.routing)
        na_route_sim_finish(s.routing);
    int wr_err = fflush(out) != 0 || ferror(out);
    na_rules_destroy(r);
    na_silences_destroy(sil);
    na_story_counts sc = s.stories ? na_story_fold_counts(s.stories) : (na_story_counts){0};
    na_story_fold_destroy(s.stories);
    na_info("consumer",
            "%s: %zu events, %zu alerts (%llu story updates, %llu folded), %zu lines rejected",
            name, st.events, s.alerts, (unsigned long long)sc.updates,
            (unsigned long long)sc.folded, st.bad);
    if (s.silenced)
        na_info("silence", "%s: %zu alerts silenced (not printed)", name, s.silenced);
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
    na_route_sim_destroy(s.routing);
    na_report_destroy(s.report);
    na_destinations_destroy(cfg);
    return status;
}

/* SIGHUP (daemon.h reload): the loader of the start again, its messages logged. */
static int reload_with(int (*load)(const struct na_consumer_cli *, FILE *, na_rules **,
                                   na_destinations **),
                       void *ctx, void **rules, na_destinations **cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *errf = open_memstream(&text, &len);
    if (!errf)
        return -1;
    na_rules *r;
    int rc = load(ctx, errf, &r, cfg);
    fclose(errf);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        na_err("reload", "%s", line);
    free(text);
    *rules = rc ? NULL : r;
    return rc;
}

static int reload(void *ctx, void **rules, na_destinations **cfg)
{
    int rc = reload_with(na_check_load, ctx, rules, cfg);
    if (!rc)
        na_metrics_set(NA_M_C_RULESET_RULES, NULL, NULL, (double)na_rules_count(*rules));
    return rc;
}

/* The window stage's (daemon.h reload_windows): its copy again, without the automaton. */
static int reload_windows(void *ctx, void **rules, na_destinations **cfg)
{
    int rc = reload_with(na_check_load_windows, ctx, rules, cfg);
    if (!rc)
        na_info("reload", "window stage: %zu rule%s, loaded without the scanning automaton",
                na_rules_count(*rules), na_rules_count(*rules) == 1 ? "" : "s");
    return rc;
}

/* Kafka in, webhooks out: the rules loaded here drive the daemon (daemon.h). */
static int run_daemon(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    na_rules *r;
    na_destinations *cfg;
    int status = na_check_load(o, errf, &r, &cfg);
    if (status)
        return status;
    const char *watch[2];
    size_t n_watch = 0;
    if (o->rules)
        watch[n_watch++] = o->rules;
    if (o->config)
        watch[n_watch++] = o->config;
    na_story_fold *stories = NULL;
    if (!o->no_stories &&
        !(stories = na_story_fold_new(o->story_horizon_ms, o->story_update_every_ms))) {
        na_rules_destroy(r);
        na_destinations_destroy(cfg);
        return NA_EXIT_FATAL;
    }
    struct na_daemon_opts d = {.brokers = o->brokers,
                               .topic = o->topic,
                               .group = o->group,
                               .destinations = cfg,
                               .from = o->from,
                               .exit_at_end = o->exit_at_end,
                               .dry_run = o->dry_run,
                               .kafka_props = (const char *const *)o->common.props.items,
                               .n_kafka_props = o->common.props.n,
                               .eval = na_daemon_rules_eval,
                               .eval_ctx = r,
                               .out = out,
                               .until_ms = o->until_ms,
                               .destination = o->destination,
                               .rebuild = na_daemon_rules_rebuild,
                               .rebuild_horizon_ms = na_rules_state_horizon_ms(r),
                               .max_records = o->max_records,
                               .connect_timeout_ms = o->connect_timeout_ms,
                               .reload = reload,
                               .reload_windows = reload_windows,
                               .free_rules = na_daemon_rules_free,
                               .rules_horizon = na_daemon_rules_horizon,
                               .event_parts = na_daemon_rules_parts,
                               .watch_paths = watch,
                               .stories = stories,
                               .n_watch_paths = o->watch ? n_watch : 0,
                               .reload_ctx = (void *)o,
                               .silences_topic = o->silences_topic};
    if ((o->report_json || o->report_html) && !(d.report = na_report_new(o->topic))) {
        na_story_fold_destroy(stories);
        na_rules_destroy(r);
        na_destinations_destroy(cfg);
        return NA_EXIT_USAGE;
    }
    char err[512];
    na_metrics_http *mh = NULL;
    if (o->metrics_addr) {
        na_metrics_enable(NA_METRICS_CONSUMER);
        na_metrics_set(NA_M_C_RULESET_RULES, NULL, NULL, (double)na_rules_count(r));
        if (!(mh = na_metrics_http_new(o->metrics_addr, err, sizeof err))) {
            fprintf(errf, "newsalert-consumer: %s\n", err);
            na_story_fold_destroy(stories);
            na_rules_destroy(r);
            na_report_destroy(d.report);
            na_destinations_destroy(cfg);
            return NA_EXIT_FATAL;
        }
    }
    /* Window rules run as two stages over Kafka; a dry run keeps them in this process. */
    na_rules *wr = NULL;
    if (na_rules_window_count(r) && !o->dry_run) {
        /* The window stage's own copy, checked above: its windows, not the automaton. */
        if (!(wr = na_rules_load_windows(o->rules, err, sizeof err))) {
            fprintf(errf, "%s\n", err);
            status = NA_EXIT_DATA;
        } else {
            status = na_daemon_run_stages(&d, o->stage ? o->stage : "all", r, wr);
        }
    } else {
        status = na_daemon_run(&d);
    }
    na_rules_destroy(wr);
    na_metrics_http_destroy(mh);
    na_rules_destroy(r);
    na_destinations_destroy(cfg);
    if (d.report) {
        int rs = write_reports(o, d.report, errf);
        status = rs ? rs : status;
    }
    na_report_destroy(d.report);
    na_story_fold_destroy(stories);
    return status;
}

int na_consumer_run(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    na_cli_common_apply(&o->common);
    if (o->config_dir)
        na_config_set_dir(o->config_dir);
    if (na_rules_set_cache_dir(o->rules_cache)) {
        fprintf(errf, "newsalert-consumer: out of memory\n");
        return NA_EXIT_FATAL;
    }
    if (o->mode == NA_CLI_SILENCE)
        return na_silence_cli_run(&o->silence, out, errf);
    switch (o->mode) {
    case NA_CLI_HELP:
        na_consumer_usage(out);
        return NA_EXIT_OK;
    case NA_CLI_VERSION:
        fprintf(out, "newsalert-consumer %s\n", NA_VERSION);
        return NA_EXIT_OK;
    case NA_CLI_LIST_PROPS:
        na_kafka_props_list(out);
        return NA_EXIT_OK;
    case NA_CLI_PRINT_RULES:
        return na_check_print_default_rules(out, errf);
    case NA_CLI_CHECK:
        return na_check_run(o, out, errf);
    case NA_CLI_DAEMON:
        return run_daemon(o, out, errf);
    case NA_CLI_DIFF:
        return na_diff_rules_run(o, out, errf);
    case NA_CLI_REDRIVE: {
        struct na_redrive_opts r = {.brokers = o->brokers,
                                    .topic = o->redrive,
                                    .config_path = o->config,
                                    .destination = o->destination,
                                    .from = o->from,
                                    .until_ms = o->until_ms,
                                    .kafka_props = (const char *const *)o->common.props.items,
                                    .n_kafka_props = o->common.props.n};
        return na_redrive_run(&r);
    }
    default:
        return run(o, out, errf);
    }
}
