/* Command-line parsing and the help text for newsalert-producer. */
#include "producer.h"

#include <stdint.h>
#include <string.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <zlib.h>

#include "input/input.h"
#include "newsalert/error.h"
#include "newsalert/log.h"

#ifndef NA_VERSION
#define NA_VERSION "unknown"
#endif

#define CAT "Input and Kafka"
#define FIELD(f) offsetof(na_producer_opts, f)

static const na_opt rows[] = {
    {.kind = NA_OPT_STR,
     .name = "brokers",
     .short_name = 'b',
     .arg = "LIST",
     .offset = FIELD(brokers),
     .def = "localhost:9092",
     .env = "NEWSALERT_BROKERS",
     .help = "bootstrap brokers",
     .category = CAT},
    {.kind = NA_OPT_STR,
     .name = "topic",
     .short_name = 't',
     .arg = "NAME",
     .offset = FIELD(topic),
     .def = "news.articles",
     .help = "topic to produce to",
     .category = CAT},
    {.kind = NA_OPT_FLAG,
     .name = "dry-run",
     .offset = FIELD(dry_run),
     .help = "write one event JSON per line to stdout, no Kafka (-X is still checked)",
     .category = CAT},
    {.kind = NA_OPT_SIZE,
     .name = "max-record-size",
     .arg = "N",
     .offset = FIELD(max_record),
     .def = "8M",
     .min = 1,
     .max = (double)SIZE_MAX,
     .help = "largest record (JSON line or text file) read, in bytes; K, M, G suffixes allowed",
     .category = CAT},
    {.kind = NA_OPT_MS,
     .name = "flush-timeout",
     .arg = "SEC",
     .offset = FIELD(flush_timeout_ms),
     .def = "60",
     .max = 86400,
     .help = "how long to wait at exit for deliveries",
     .category = CAT},
    {.kind = NA_OPT_DOUBLE,
     .name = "speed",
     .arg = "X",
     .offset = FIELD(speed),
     .def = "0",
     .max = 1e9,
     .help = "replay pacing: send events with the spacing of their published times divided by "
             "X (2: twice as fast); 0: as fast as possible",
     .category = CAT},
    {.kind = NA_OPT_MS,
     .name = "max-gap",
     .arg = "SEC",
     .offset = FIELD(max_gap_ms),
     .def = "60",
     .max = 86400,
     .help = "with --speed, the longest single wait",
     .category = CAT},
    {.kind = NA_OPT_ULONG,
     .name = "story-distance",
     .arg = "BITS",
     .offset = FIELD(story_distance),
     .def = "8",
     .max = 64,
     .help = "an article whose SimHash is at most BITS bits from a recent one joins its story "
             "(docs/stories.md)",
     .category = CAT},
    {.kind = NA_OPT_ULONG,
     .name = "event-version",
     .arg = "N",
     .offset = FIELD(event_version),
     .def = "2",
     .min = 1,
     .max = 2,
     .help = "the event format written: 2, spans as arrays (docs/events.md); 1, spans as "
             "objects with the words repeated, for readers of org.newsalert.article.v1 (the "
             "consumer reads both)",
     .category = CAT},
    NA_OPT_STORY_HORIZON(na_producer_opts, story_horizon_ms, CAT,
                         "how long after its first article a story takes copies (event time)"),
    {.kind = NA_OPT_FLAG,
     .name = "no-stories",
     .offset = FIELD(no_stories),
     .help = "assign no story ids: events carry no story, records are keyed by article id",
     .category = CAT},
    NA_OPT_CONNECT_TIMEOUT(na_producer_opts, connect_timeout_ms, CAT),
    NA_OPT_METRICS_ADDR(na_producer_opts, metrics_addr, CAT),
    NA_OPT_CONFIG_DIR(na_producer_opts, config_dir, CAT),
    NA_FEED_CLI_ROWS(na_producer_opts, feeds),
    NA_OPTS_COMMON(na_producer_opts, common, "info"),
    {.kind = NA_OPT_END},
};

static const na_opt *const tables[] = {rows, NULL};

const na_opt *const *na_producer_rows(void)
{
    return tables;
}

void na_producer_usage(FILE *f)
{
    fputs("Usage: newsalert-producer [OPTION]... PATH...\n"
          "       newsalert-producer [OPTION]... --feed URL|--feeds FILE [PATH]...\n"
          "Turns news articles into CloudEvents (docs/events.md) on a Kafka topic.\n"
          "\n"
          "PATH is a file, a directory (read recursively, entries in byte order) or - for stdin.\n"
          "Each file's format is detected from its content (gzip is undone first):\n"
          "  JSON Lines   first byte '{': one article per line; fields headline|title,\n"
          "               paragraphs (array) or body|text|content|description, url|link,\n"
          "               published|date|pubDate, outlet|source, id|guid, standfirst|summary,\n"
          "               language|lang\n"
          "  plain text   one article: headline on the first non-empty line, paragraphs\n"
          "               separated by blank lines\n"
          "  XML feeds    first byte '<': RSS 2.0, RSS 1.0 or Atom, one article per item\n"
          "Bad records (invalid UTF-8, malformed JSON, no headline, over the size limit, ...)\n"
          "are reported as file:line and skipped; the rest of the input goes on.\n",
          f);
    na_opts_usage(tables, f);
    na_opts_exit_usage(f);
    fputs("\n"
          "Kafka records: key = article id, value = the CloudEvent (JSON), header\n"
          "content-type: application/cloudevents+json, timestamp = published time when known.\n"
          "On a terminal a progress line is shown; at exit a summary (read, produced, delivered,\n"
          "failed, skipped by reason).\n"
          "\n"
          "Examples:\n"
          "  newsalert-producer samples/\n"
          "  newsalert-producer -b kafka1:9092,kafka2:9092 -t news.articles articles.jsonl.gz\n"
          "  curl -s https://example.org/dump.jsonl | newsalert-producer -\n"
          "  newsalert-producer --dry-run story.txt | jq .data.headline\n"
          "  newsalert-producer -X linger.ms=20 -X compression.type=lz4 archive/\n"
          "  newsalert-producer --feeds outlets.txt --poll-interval 120\n",
          f);
}

void na_producer_version(FILE *f)
{
    fprintf(f, "newsalert-producer %s (librdkafka %s, jansson %s, zlib %s)\n", NA_VERSION,
            rd_kafka_version_str(), JANSSON_VERSION, zlibVersion());
}

int na_producer_parse(int argc, char **argv, na_producer_opts *o, char *errstr, size_t errlen)
{
    memset(o, 0, sizeof *o);
    int first;
    int rc = na_opts_parse(tables, o, argc, argv, &first, NULL, errstr, errlen);
    if (rc)
        return NA_EINVAL;
    o->feeds.dry_run = o->dry_run; /* a feed dry run reads the state file, never writes it */
    o->paths = argv + first;
    o->n_paths = (size_t)(argc - first);
    if (na_cli_common_finish(&o->common, errstr, errlen))
        return NA_EINVAL;
    if (o->common.help || o->common.version || o->common.list_props)
        return NA_OK;
    if (!o->n_paths && !na_feed_cli_active(&o->feeds)) {
        snprintf(errstr, errlen, "no PATH or --feed given (use - to read stdin)");
        return NA_EINVAL;
    }
    return NA_OK;
}

void na_producer_opts_free(na_producer_opts *o)
{
    na_opts_free(tables, o);
    na_cli_common_free(&o->common);
}
