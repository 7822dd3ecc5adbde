/* Command-line parsing and the help text for newsalert-producer. */
#include "producer.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
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

enum {
    OPT_DRY_RUN = 256,
    OPT_CONFIG_DIR,
    OPT_MAX_RECORD,
    OPT_FLUSH_TIMEOUT,
    OPT_CONNECT_TIMEOUT,
    OPT_LOG_FORMAT,
    OPT_SPEED,
    OPT_MAX_GAP,
    OPT_METRICS_ADDR
};

static const struct option long_opts[] = {
    {"brokers", required_argument, NULL, 'b'},
    {"topic", required_argument, NULL, 't'},
    {"property", required_argument, NULL, 'X'},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"config-dir", required_argument, NULL, OPT_CONFIG_DIR},
    {"max-record-size", required_argument, NULL, OPT_MAX_RECORD},
    {"flush-timeout", required_argument, NULL, OPT_FLUSH_TIMEOUT},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"speed", required_argument, NULL, OPT_SPEED},
    {"max-gap", required_argument, NULL, OPT_MAX_GAP},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
    {"metrics-addr", required_argument, NULL, OPT_METRICS_ADDR},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    NA_FEED_LONG_OPTS,
    {NULL, 0, NULL, 0},
};

void na_producer_usage(FILE *f)
{
    fputs(
        "Usage: newsalert-producer [OPTION]... PATH...\n"
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
        "are reported as file:line and skipped; the rest of the input goes on.\n"
        "\n"
        "Options:\n"
        "  -b, --brokers LIST        bootstrap brokers (default $NEWSALERT_BROKERS, else\n"
        "                            localhost:9092)\n"
        "  -t, --topic NAME          topic to produce to (default news.articles)\n"
        "  -X, --property KEY=VALUE  librdkafka property, repeatable, applied after the\n"
        "                            defaults (enable.idempotence=true); -X list prints them all\n"
        "      --dry-run             write one event JSON per line to stdout, no Kafka\n"
        "      --config-dir DIR      configuration folder (gazetteer/...) instead of\n"
        "                            $NEWSALERT_CONFIG_DIR or the built-in defaults\n"
        "      --max-record-size N   largest record (JSON line or text file) read, in bytes;\n"
        "                            K, M, G suffixes allowed (default 8M)\n"
        "      --flush-timeout SEC   how long to wait at exit for deliveries (default 60)\n"
        "      --speed X             replay pacing: send events with the spacing of their\n"
        "                            published times divided by X (2: twice as fast);\n"
        "                            0 (the default): as fast as possible\n"
        "      --max-gap SEC         with --speed, the longest single wait (default 60)\n"
        "      --connect-timeout SEC how long to wait for the brokers at start (default 10)\n"
        "  -q, --quiet               print errors only\n"
        "  -v, --verbose             debug logging; twice: librdkafka debug logs as well\n"
        "      --log-format FORMAT   text (default) or json (one object per line)\n"
        "      --metrics-addr HOST:PORT  serve /metrics (Prometheus), /healthz and /readyz\n"
        "  -h, --help                print this help and exit\n"
        "  -V, --version             print the version and exit\n"
        "\n"
        "Kafka records: key = article id, value = the CloudEvent (JSON), header\n"
        "content-type: application/cloudevents+json, timestamp = published time when known.\n"
        "On a terminal a progress line is shown; at exit a summary (read, produced, delivered,\n"
        "failed, skipped by reason). SIGINT/SIGTERM stop reading, flush and summarise; a\n"
        "second signal exits at once.\n"
        "\n"
        "Exit status:\n"
        "  0  every record read was delivered (or written, with --dry-run), nothing skipped;\n"
        "     also after SIGINT/SIGTERM stopped the reading early\n"
        "  1  some events were not delivered, or some input was skipped (bad records,\n"
        "     unreadable files); the summary says how many and why\n"
        "  2  usage error: bad option, no PATH, a -X property librdkafka refuses\n"
        "  3  fatal: brokers unreachable at start, fatal Kafka error, setup failed\n"
        "\n"
        "Examples:\n"
        "  newsalert-producer samples/\n"
        "  newsalert-producer -b kafka1:9092,kafka2:9092 -t news.articles articles.jsonl.gz\n"
        "  curl -s https://example.org/dump.jsonl | newsalert-producer -\n"
        "  newsalert-producer --dry-run story.txt | jq .data.headline\n"
        "  newsalert-producer -X linger.ms=20 -X compression.type=lz4 archive/\n"
        "  newsalert-producer --feeds outlets.txt --poll-interval 120\n"
        "\n",
        f);
    na_feed_cli_usage(f);
}

void na_producer_version(FILE *f)
{
    fprintf(f, "newsalert-producer %s (librdkafka %s, jansson %s, zlib %s)\n", NA_VERSION,
            rd_kafka_version_str(), JANSSON_VERSION, zlibVersion());
}

/* "8M", "512k", "1048576" -> bytes; 0 on junk. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    default:
        break;
    }
    if (shift && *end == 'i')
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return 0;
    return (size_t)(v << shift);
}

/* Seconds (fractions allowed) -> ms; -1 on junk. */
static int parse_seconds(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || v > 86400)
        return -1;
    return (int)(v * 1000);
}

static int usage(char *errstr, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int usage(char *errstr, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errstr, errlen, fmt, ap);
    va_end(ap);
    return NA_EINVAL;
}

int na_producer_parse(int argc, char **argv, na_producer_opts *o, char *errstr, size_t errlen)
{
    memset(o, 0, sizeof *o);
    const char *env = getenv("NEWSALERT_BROKERS");
    o->brokers = env && *env ? env : "localhost:9092";
    o->topic = "news.articles";
    o->max_record = NA_INPUT_MAX_RECORD_DEFAULT;
    o->flush_timeout_ms = 60000;
    o->connect_timeout_ms = 10000;
    o->max_gap_ms = 60000;
    optind = 0; /* GNU getopt: start afresh, so parsing can run more than once */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":b:t:X:qvhV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            o->brokers = optarg;
            break;
        case 't':
            o->topic = optarg;
            break;
        case 'X':
            if (strcmp(optarg, "list") == 0)
                o->list_props = 1;
            else if (na_strlist_push(&o->props, optarg))
                return usage(errstr, errlen, "out of memory");
            break;
        case OPT_DRY_RUN:
            o->dry_run = 1;
            break;
        case OPT_CONFIG_DIR:
            o->config_dir = optarg;
            break;
        case OPT_MAX_RECORD:
            if (!(o->max_record = parse_size(optarg)))
                return usage(errstr, errlen,
                             "--max-record-size %s: expected a size such as "
                             "1048576, 512K or 8M",
                             optarg);
            break;
        case OPT_FLUSH_TIMEOUT:
        case OPT_CONNECT_TIMEOUT: {
            int ms = parse_seconds(optarg);
            if (ms < 0)
                return usage(errstr, errlen, "--%s %s: expected seconds (0 to 86400)",
                             c == OPT_FLUSH_TIMEOUT ? "flush-timeout" : "connect-timeout", optarg);
            *(c == OPT_FLUSH_TIMEOUT ? &o->flush_timeout_ms : &o->connect_timeout_ms) = ms;
            break;
        }
        case OPT_SPEED: {
            char *end;
            errno = 0;
            o->speed = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(o->speed >= 0 && o->speed <= 1e9))
                return usage(errstr, errlen, "--speed %s: expected a number >= 0", optarg);
            break;
        }
        case OPT_MAX_GAP:
            if ((o->max_gap_ms = parse_seconds(optarg)) < 0)
                return usage(errstr, errlen, "--max-gap %s: expected seconds (0 to 86400)", optarg);
            break;
        case 'q':
            o->quiet = 1;
            break;
        case 'v':
            o->verbose++;
            break;
        case OPT_LOG_FORMAT:
            if ((o->log_json = na_log_format_parse(optarg)) < 0)
                return usage(errstr, errlen, "--log-format %s: expected text or json", optarg);
            break;
        case OPT_METRICS_ADDR:
            o->metrics_addr = optarg;
            break;
        case 'h':
            o->help = 1;
            break;
        case 'V':
            o->version = 1;
            break;
        case ':':
            return usage(errstr, errlen, "%s: needs a value", argv[optind - 1]);
        default:
            if (na_feed_cli_is_option(c)) {
                if (na_feed_cli_option(&o->feeds, c, optarg, errstr, errlen))
                    return NA_EINVAL;
                break;
            }
            if (optopt)
                return usage(errstr, errlen, "unknown option -%c", optopt);
            return usage(errstr, errlen, "unknown option %s", argv[optind - 1]);
        }
    }
    o->paths = argv + optind;
    o->n_paths = (size_t)(argc - optind);
    if (o->help || o->version || o->list_props)
        return NA_OK;
    if (!o->n_paths && !na_feed_cli_active(&o->feeds))
        return usage(errstr, errlen, "no PATH or --feed given (use - to read stdin)");
    if (o->quiet && o->verbose)
        return usage(errstr, errlen, "-q and -v do not go together");
    return NA_OK;
}

void na_producer_opts_free(na_producer_opts *o)
{
    na_strlist_clear(&o->props);
    na_feed_cli_free(&o->feeds);
}
