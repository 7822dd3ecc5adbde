/* newsalert-consumer silence add|list|expire: the option rows, and each action over Kafka. */
#include "modes/silence.h"

#include <stdlib.h>
#include <string.h>

#include "daemon/dlq.h"
#include "newsalert/clock.h"
#include "newsalert/error.h"
#include "newsalert/event.h"
#include "newsalert/exit.h"
#include "newsalert/log.h"
#include "silence/reader.h"

#define RETENTION_MS (120LL * 3600000) /* an expired silence is kept this long, then removed */
#define WRITE_MS 10000                 /* how long a write may take to be acknowledged */
#define READ_MS 10000                  /* how long reading the topic to its end may take */

static int set_match(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)field, (void)opts;
    na_silence_matcher m;
    int rc = na_silence_matcher_parse(args[0], &m, err, len);
    if (!rc)
        na_silence_matcher_free(&m);
    return rc;
}

static int set_for(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    int64_t ms = na_duration_parse(args[0]);
    if (ms <= 0) {
        snprintf(err, len, "expected a duration such as 90m, 2h, 1h30m or 1d");
        return NA_EINVAL;
    }
    *(int64_t *)field = ms;
    return NA_OK;
}

static int set_time(void *field, void *opts, const char *const *args, char *err, size_t len)
{
    (void)opts;
    int64_t t = na_time_parse(args[0]);
    if (t < 0 || !strchr(args[0], '-')) {
        snprintf(err, len, "expected an ISO 8601 time such as 2026-12-02T08:00:00Z");
        return NA_EINVAL;
    }
    *(int64_t *)field = t;
    return NA_OK;
}

#define FIELD(f) offsetof(struct na_silence_cli, f)
#define C_ADD "Add (silence add)"
#define C_LIST "List (silence list)"
#define C_KAFKA "Every action (brokers, topic)"

static const na_opt add_rows[] = {
    {.kind = NA_OPT_STR,
     .name = "rule",
     .arg = "RULE",
     .offset = FIELD(rule),
     .help = "silence the alerts of this rule (the matcher rule=RULE; required)",
     .category = C_ADD},
    {.kind = NA_OPT_LIST,
     .name = "match",
     .arg = "LABEL=VALUE",
     .offset = FIELD(match),
     .set = set_match,
     .help = "one more matcher, repeatable: LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or "
             "LABEL!~REGEX (the whole value), LABEL one of rule, severity, destination, outlet, "
             "place, story",
     .category = C_ADD},
    {.kind = NA_OPT_FUNC,
     .name = "for",
     .arg = "DURATION",
     .offset = FIELD(for_ms),
     .set = set_for,
     .help = "how long the silence lasts from its start: 90m, 2h, 1h30m, 1d (required)",
     .category = C_ADD},
    {.kind = NA_OPT_FUNC,
     .name = "starts-at",
     .arg = "TIME",
     .offset = FIELD(starts_ms),
     .set = set_time,
     .help = "when it starts, ISO 8601 (default: now)",
     .category = C_ADD},
    {.kind = NA_OPT_STR,
     .name = "comment",
     .arg = "TEXT",
     .offset = FIELD(comment),
     .help = "why (required): shown by silence list and logged with each alert it mutes",
     .category = C_ADD},
    {.kind = NA_OPT_STR,
     .name = "created-by",
     .arg = "NAME",
     .offset = FIELD(created_by),
     .env = "USER",
     .help = "who made it",
     .category = C_ADD},
    {.kind = NA_OPT_END},
};

static const na_opt list_rows[] = {
    {.kind = NA_OPT_FLAG,
     .name = "all",
     .offset = FIELD(all),
     .help = "also the pending and the expired silences (default: those in force now)",
     .category = C_LIST},
    {.kind = NA_OPT_FLAG,
     .name = "json",
     .offset = FIELD(json),
     .help =
         "one JSON record a line, the topic's form (the file a backtest's silences option reads)",
     .category = C_LIST},
    {.kind = NA_OPT_END},
};

static const na_opt kafka_rows[] = {
    {.kind = NA_OPT_STR,
     .name = "brokers",
     .short_name = 'b',
     .arg = "LIST",
     .offset = FIELD(brokers),
     .env = "NEWSALERT_BROKERS",
     .help = "Kafka brokers (required)",
     .category = C_KAFKA},
    {.kind = NA_OPT_STR,
     .name = "silences-topic",
     .arg = "NAME",
     .offset = FIELD(topic),
     .def = "news.alerts.silences",
     .help = "the compacted topic of silences, created when missing",
     .category = C_KAFKA},
    NA_OPT_CONNECT_TIMEOUT(struct na_silence_cli, connect_timeout_ms, C_KAFKA),
    NA_OPTS_COMMON(struct na_silence_cli, common, "warn"),
    {.kind = NA_OPT_END},
};

static const na_opt *const all_tables[] = {add_rows, list_rows, kafka_rows, NULL};
static const na_opt *const add_tables[] = {add_rows, kafka_rows, NULL};
static const na_opt *const list_tables[] = {list_rows, kafka_rows, NULL};
static const na_opt *const expire_tables[] = {kafka_rows, NULL};

const na_opt *const *na_silence_cli_rows(void)
{
    return all_tables;
}

void na_silence_cli_usage(FILE *f)
{
    fputs("Usage: newsalert-consumer silence add --rule RULE [--match LABEL=VALUE ...] --for "
          "DURATION [--starts-at TIME] --comment TEXT [--created-by NAME] -b BROKERS\n"
          "       newsalert-consumer silence list [--all] [--json] -b BROKERS\n"
          "       newsalert-consumer silence expire ID -b BROKERS\n"
          "\n"
          "Silences mute matching alerts, at send time, on every consumer reading the silences "
          "topic\n"
          "(docs/silences.md). add prints the new silence's id once the brokers acknowledged "
          "it;\n"
          "expire ends a silence now. A muted alert is counted, logged and kept in reports, not "
          "sent.\n",
          f);
    na_opts_usage(all_tables, f);
    na_opts_exit_usage(f);
}

int na_silence_cli_parse(int argc, char **argv, struct na_silence_cli *o, char *err, size_t errlen)
{
    static const char *const names[] = {"add", "list", "expire"};
    const na_opt *const *tables = all_tables;
    memset(o, 0, sizeof *o);
    o->action = NA_SILENCE_HELP;
    int skip = 0; /* argv[skip] plays the program name for the option parser */
    if (argc > 1 && argv[1][0] != '-') {
        for (int i = 0; i < 3; i++)
            if (!strcmp(argv[1], names[i]))
                o->action = i + 1;
        if (o->action == NA_SILENCE_HELP) {
            snprintf(err, errlen, "silence: unknown action \"%s\": expected add, list or expire",
                     argv[1]);
            return NA_EXIT_USAGE;
        }
        tables = o->action == NA_SILENCE_ADD    ? add_tables
                 : o->action == NA_SILENCE_LIST ? list_tables
                                                : expire_tables;
        skip = 1;
    }
    int first;
    if (na_opts_parse(tables, o, argc - skip, argv + skip, &first, NULL, err, errlen) ||
        na_cli_common_finish(&o->common, err, errlen))
        return NA_EXIT_USAGE;
    first += skip;
    if (o->common.help || o->common.version || o->action == NA_SILENCE_HELP) {
        o->action = NA_SILENCE_HELP;
        return 0;
    }
    if (o->action == NA_SILENCE_EXPIRE && first < argc)
        o->id = argv[first++];
    if (first < argc) {
        snprintf(err, errlen, "silence %s: unexpected argument \"%s\"", names[o->action - 1],
                 argv[first]);
        return NA_EXIT_USAGE;
    }
    const char *missing = !o->brokers                                  ? "-b BROKERS"
                          : o->action == NA_SILENCE_EXPIRE && !o->id   ? "ID"
                          : o->action == NA_SILENCE_ADD && !o->rule    ? "--rule RULE"
                          : o->action == NA_SILENCE_ADD && !o->for_ms  ? "--for DURATION"
                          : o->action == NA_SILENCE_ADD && !o->comment ? "--comment TEXT"
                                                                       : NULL;
    if (missing) {
        snprintf(err, errlen, "silence %s needs %s", names[o->action - 1], missing);
        return NA_EXIT_USAGE;
    }
    return 0;
}

void na_silence_cli_free(struct na_silence_cli *o)
{
    na_opts_free(all_tables, o);
    na_cli_common_free(&o->common);
}

/* The silence add asks for; NULL with err. */
static na_silence *build(const struct na_silence_cli *o, int64_t now, char *err, size_t errlen)
{
    char id[40];
    na_silence *s = NULL;
    if (na_silence_new_id(id, sizeof id) || !(s = na_silence_new(id))) {
        snprintf(err, errlen, "cannot make a silence id");
        return NULL;
    }
    s->starts_ms = o->starts_ms ? o->starts_ms : now;
    s->ends_ms = s->starts_ms + o->for_ms;
    s->updated_ms = now;
    s->created_by = strdup(o->created_by ? o->created_by : "unknown");
    s->comment = strdup(o->comment);
    int rc = s->created_by && s->comment ? NA_OK : NA_ENOMEM;
    na_silence_matcher m;
    char text[512];
    snprintf(text, sizeof text, "rule=%s", o->rule);
    if (!rc && !(rc = na_silence_matcher_parse(text, &m, err, errlen)) &&
        (rc = na_silence_add_matcher(s, &m)))
        na_silence_matcher_free(&m);
    for (size_t i = 0; !rc && i < o->match.n; i++)
        if (!(rc = na_silence_matcher_parse(o->match.items[i], &m, err, errlen)) &&
            (rc = na_silence_add_matcher(s, &m)))
            na_silence_matcher_free(&m);
    if (rc) {
        if (rc == NA_ENOMEM)
            snprintf(err, errlen, "out of memory");
        na_silence_destroy(s);
        return NULL;
    }
    return s;
}

/* Writes s and a tombstone for each silence expired longer than RETENTION_MS; waits for the
 * acknowledgements, then prints done (and flushes: the ack's time is when it shows). 0, or
 * NA_EKAFKA with err. */
static int write(const struct na_silence_cli *o, const na_silences *set, const na_silence *s,
                 int64_t now, const char *done, FILE *out, char *err, size_t errlen)
{
    na_dlq *q = na_dlq_new(o->brokers, o->topic, (const char *const *)o->common.props.items,
                           o->common.props.n, NULL, NULL, err, errlen);
    if (!q)
        return NA_EKAFKA;
    char *rec = na_silence_dumps(s);
    int rc = !rec || na_dlq_send(q, s->id, rec, NULL) ? NA_EKAFKA : NA_OK;
    free(rec);
    for (size_t i = 0; !rc && i < na_silences_count(set); i++) {
        const na_silence *old = na_silences_at(set, i);
        if (old->ends_ms < now - RETENTION_MS && strcmp(old->id, s->id) &&
            !na_dlq_send(q, old->id, NULL, NULL))
            na_info("silence", "silence %s expired over 120 h ago: removed", old->id);
    }
    size_t left = rc ? 0 : na_dlq_flush(q, WRITE_MS);
    if (!rc && !left) {
        fprintf(out, "%s\n", done);
        fflush(out);
    }
    na_dlq_destroy(q);
    if (rc || left) {
        snprintf(err, errlen, "%s: the silence was not acknowledged within %d s", o->topic,
                 WRITE_MS / 1000);
        return NA_EKAFKA;
    }
    return NA_OK;
}

static const char *state_of(const na_silence *s, int64_t now)
{
    return na_silence_active(s, now) ? "active" : now < s->starts_ms ? "pending" : "expired";
}

static void print_text(const na_silence *s, int64_t now, FILE *out)
{
    char ends[40];
    na_time_format(s->ends_ms, ends, sizeof ends);
    fprintf(out, "%s  %-7s  until %s  ", s->id, state_of(s, now), ends);
    for (size_t i = 0; i < s->n_matchers; i++) {
        const na_silence_matcher *m = &s->matchers[i];
        fprintf(out, "%s%s%s%s\"%s\"", i ? "," : "", na_silence_label_names()[m->label],
                m->equal ? "=" : "!",
                m->is_regex ? "~"
                : m->equal  ? ""
                            : "=",
                m->value);
    }
    fprintf(out, "  %s: %s\n", s->created_by ? s->created_by : "", s->comment ? s->comment : "");
}

static int list(const struct na_silence_cli *o, const na_silences *set, int64_t now, FILE *out)
{
    for (size_t i = 0; i < na_silences_count(set); i++) {
        const na_silence *s = na_silences_at(set, i);
        if (!o->all && !na_silence_active(s, now))
            continue;
        if (!o->json) {
            print_text(s, now, out);
            continue;
        }
        char *text = na_silence_dumps(s);
        if (!text)
            return NA_EXIT_FATAL;
        fprintf(out, "%s\n", text);
        free(text);
    }
    return fflush(out) ? NA_EXIT_USAGE : NA_EXIT_OK;
}

/* expire ID: the silence again, ending now. */
static int expire(const struct na_silence_cli *o, const na_silences *set, int64_t now, FILE *out,
                  FILE *errf)
{
    const na_silence *cur = NULL;
    for (size_t i = 0; !cur && i < na_silences_count(set); i++)
        if (!strcmp(na_silences_at(set, i)->id, o->id))
            cur = na_silences_at(set, i);
    if (!cur) {
        fprintf(errf, "newsalert-consumer: silence %s: not in %s\n", o->id, o->topic);
        return NA_EXIT_DATA;
    }
    if (cur->ends_ms <= now) {
        fprintf(out, "%s already expired\n", o->id);
        return NA_EXIT_OK;
    }
    char err[512];
    char *rec = na_silence_dumps(cur);
    na_silence *s = rec ? na_silence_parse(rec, strlen(rec), o->id, err, sizeof err) : NULL;
    free(rec);
    if (!s)
        return NA_EXIT_FATAL;
    s->ends_ms = now > s->starts_ms ? now : s->starts_ms;
    s->updated_ms = now;
    char done[300];
    snprintf(done, sizeof done, "%s expired", o->id);
    int rc = write(o, set, s, now, done, out, err, sizeof err);
    na_silence_destroy(s);
    if (rc) {
        fprintf(errf, "newsalert-consumer: %s\n", err);
        return NA_EXIT_FATAL;
    }
    return NA_EXIT_OK;
}

int na_silence_cli_run(const struct na_silence_cli *o, FILE *out, FILE *errf)
{
    na_cli_common_apply(&o->common);
    if (o->action == NA_SILENCE_HELP) {
        if (o->common.version)
            fprintf(out, "newsalert-consumer %s\n", NA_VERSION);
        else
            na_silence_cli_usage(out);
        return NA_EXIT_OK;
    }
    char err[1024];
    na_silences *set = na_silences_new();
    int timeout = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
    na_silence_reader *r =
        set ? na_silence_reader_new(o->brokers, o->topic,
                                    (const char *const *)o->common.props.items, o->common.props.n,
                                    set, timeout, err, sizeof err)
            : NULL;
    int rc = !r || na_silence_reader_catch_up(r, READ_MS, err, sizeof err) ? NA_EXIT_FATAL : 0;
    na_silence_reader_destroy(r);
    int64_t now = na_clock_wall_ms();
    if (rc) {
        fprintf(errf, "newsalert-consumer: %s\n", set ? err : "out of memory");
    } else if (o->action == NA_SILENCE_LIST) {
        rc = list(o, set, now, out);
    } else if (o->action == NA_SILENCE_EXPIRE) {
        rc = expire(o, set, now, out, errf);
    } else {
        na_silence *s = build(o, now, err, sizeof err);
        rc = !s || write(o, set, s, now, s->id, out, err, sizeof err) ? NA_EXIT_FATAL : NA_EXIT_OK;
        if (rc)
            fprintf(errf, "newsalert-consumer: %s\n", err);
        na_silence_destroy(s);
    }
    na_silences_destroy(set);
    return rc;
}
