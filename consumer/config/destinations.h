/*
 * Webhook destinations: the config (JSON or YAML) that names where alerts go, how fast, how often
 * to retry, and how to sign (docs/delivery.md). URLs, headers and secrets may come from the
 * environment or from files; none of them is ever logged.
 */
#ifndef NEWSALERT_CONSUMER_DESTINATIONS_H
#define NEWSALERT_CONSUMER_DESTINATIONS_H

#include <stddef.h>
#include <stdint.h>

#include "newsalert/article.h"
#include "newsalert/jconf.h"

typedef enum na_dest_type {
    NA_DEST_SLACK,
    NA_DEST_DISCORD,
    NA_DEST_TEAMS,
    NA_DEST_GENERIC
} na_dest_type;

typedef struct na_destination {
    char *name;
    na_dest_type type;
    char *url;          /* secret: never log it, see na_destinations_redact_url */
    na_strlist headers; /* "Name: value" lines, values secret */
    unsigned char *key; /* Standard Webhooks key (decoded whsec_), NULL: unsigned */
    size_t key_len;
    char *template_text;      /* NULL: the type's default text */
    double rate_per_s, burst; /* rate 0: unlimited */
    int max_attempts;         /* 0: no count limit, max_age_ms decides */
    int64_t max_age_ms, initial_backoff_ms, max_backoff_ms;
    long timeout_ms, connect_timeout_ms;
    int is_default;
    int min_rank; /* alerts below this severity rank (na_severity_rank) are not sent here */
    /* Digests (docs/delivery.md "Digests"): on when group_by is given. */
    int digest;
    na_strlist group_by;                      /* alert fields (na_alert_field names) */
    int64_t group_wait_ms, group_interval_ms; /* first message of a group; later ones */
    int max_alerts_per_message;               /* 0: the platform's most (na_format_digest_cap) */
    int bypass_rank; /* alerts at or above it are sent alone at once; NA_SEVERITY_NONE: none */
} na_destination;

/* An inhibit rule: an alert matching target and equal to a recent source alert on every
 * field of equal is not sent (Alertmanager's inhibit_rules). Matches are "field=value". */
typedef struct na_inhibit_rule {
    na_strlist source_match, target_match, equal;
    int64_t duration_ms; /* how long a source alert inhibits, by event time */
} na_inhibit_rule;

typedef struct na_destinations {
    na_destination *items;
    size_t n;
    int max_in_flight;
    int shutdown_grace_s;
    long queue_per_destination; /* alerts waiting in memory per destination, then parked */
    int park_after_s; /* a delivery waiting for a retry this long is parked (offsets move) */
    char *dlq_topic;
    char *retry_topic; /* where alerts wait when their destination's queue is full */
    na_inhibit_rule *inhibit;
    size_t n_inhibit;
} na_destinations;

/* Severity ranks: info 0, warning 1, critical 2; -1 for anything else. */
#define NA_SEVERITY_NONE 3
int na_severity_rank(const char *severity);

/* Reads and validates a config file (JSON, or YAML by its .yaml/.yml name); NULL with
 * "file:line:column: message" in errstr. The one loader of --check and the daemon. */
na_destinations *na_destinations_load(const char *path, char *errstr, size_t errlen);
/* The same from text; name is used in messages and relative {"file"} paths resolve from dir. */
na_destinations *na_destinations_parse(const char *text, size_t len, const char *name,
                                       const char *dir, char *errstr, size_t errlen);
void na_destinations_destroy(na_destinations *c);
/* The key table of the config (rows of docs/delivery.md and docs/destinations.schema.json). */
const na_jconf_key *na_destinations_keys(void);

/* The keys of one member of "inhibit_rules" (docs/delivery.md "Inhibition"). */
const na_jconf_key *na_destinations_inhibit_keys(void);
/* The alert fields group_by, equal and the matches may name, NULL-terminated. */
const char *const *na_destinations_alert_fields(void);

/* The destination called name, or NULL. */
const na_destination *na_destinations_find(const na_destinations *c, const char *name);
/* "slack", "discord", "teams", "generic". */
const char *na_dest_type_name(na_dest_type t);
/* Writes "scheme://host/…" (never path, query or credentials) for messages that must show one. */
void na_destinations_redact_url(const char *url, char *buf, size_t n);

#endif
