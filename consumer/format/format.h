/*
 * Payload formatters: one alert as the JSON body a destination type expects (Slack blocks,
 * Discord embeds, a Teams Workflows Adaptive Card, or the generic alert JSON).
 */
#ifndef NEWSALERT_CONSUMER_FORMAT_PAYLOAD_H
#define NEWSALERT_CONSUMER_FORMAT_PAYLOAD_H

#include <stddef.h>

#include <jansson.h>

#include "config/destinations.h"
#include "rules/alert.h"

/* Escapes one substituted value for the target markup; returns a malloc'd string. */
typedef char *(*na_format_escape_fn)(const char *s);

/* The body for destination d as compact JSON; *out is malloc'd, caller frees. */
int na_format_payload(const na_destination *d, const na_alert *al, char **out, size_t *len);

/* A digest: the alerts of one group, listed in one message (docs/delivery.md "Digests"). */
typedef struct na_format_digest_in {
    const na_alert *const *alerts;
    size_t n;          /* at most na_format_digest_cap of the type */
    const char *group; /* the group_by values, "rule=x story=y" ("" for one group) */
    const char *id;    /* the digest's webhook-id */
} na_format_digest_in;

/* The digest body for destination d as compact JSON; *out is malloc'd, caller frees. */
int na_format_digest(const na_destination *d, const na_format_digest_in *in, char **out,
                     size_t *len);
/* The most alerts one digest message of type t lists within the platform's limits: Slack 48
 * (50 blocks), Discord 10 (embeds), Teams 25 (28 KB), generic 100. */
size_t na_format_digest_cap(na_dest_type t);
json_t *na_format_slack_digest(const na_format_digest_in *in);
json_t *na_format_discord_digest(const na_format_digest_in *in);
json_t *na_format_teams_digest(const na_format_digest_in *in);
json_t *na_format_generic_digest(const na_format_digest_in *in, const char *template_text);

json_t *na_format_slack(const na_alert *al, const char *template_text);
json_t *na_format_discord(const na_alert *al, const char *template_text);
json_t *na_format_teams(const na_alert *al, const char *template_text);
json_t *na_format_generic(const na_alert *al, const char *template_text);

/*
 * Expands {{rule_id}} {{headline}} {{url}} {{severity}} {{score}} {{outlet}} {{time}}
 * {{evidence}} {{description}} {{id}} in tpl, each value passed through esc (NULL: as is).
 * A field the alert lacks expands to NA_FORMAT_MISSING, evidence snippets are cut to
 * NA_FORMAT_SNIPPET_MAX, and a result that would be blank is NA_FORMAT_MISSING.
 * Returns a malloc'd string or NULL when out of memory.
 */
char *na_format_template(const char *tpl, const na_alert *al, na_format_escape_fn esc);
/* 0 when every placeholder of tpl is known, else NA_EINVAL with the first bad name in bad. */
int na_format_template_check(const char *tpl, char *bad, size_t n);
/* Bytes of the longest prefix of s holding at most max code points, cut on a UTF-8 boundary. */
size_t na_format_utf8_prefix(const char *s, size_t max);
/* A copy of s cut to at most max code points, ending in "…" when cut. */
char *na_format_truncate(const char *s, size_t max);
/* Code points in s. */
size_t na_format_utf8_len(const char *s);

/* Longest link kept, in bytes; longer URLs are dropped (browsers and platforms cut them). */
#define NA_FORMAT_LINK_MAX 2048
/* Code points kept of one evidence snippet in any payload, "…" when cut. */
#define NA_FORMAT_SNIPPET_MAX 500
/* Teams refuses messages over ~28 KB: the serialised Teams payload stays at or under this. */
#define NA_FORMAT_TEAMS_MAX_BYTES 28000
/* What a template writes for a field the alert does not have, so no required text is empty. */
#define NA_FORMAT_MISSING "-"

/*
 * url as a link, or NULL when it must not be one: only http and https with a host, no control
 * characters, parsed and re-serialised by curl's URL API (CURLU), characters that end a link in
 * markup (< > " ' | \ ^ ` { } space) percent-encoded. Returns a malloc'd string.
 */
char *na_format_link(const char *url);
/* Backslash-escapes the markdown punctuation of Discord and Teams; malloc'd. */
char *na_format_md_escape(const char *s);
/* na_format_truncate for escaped markdown: never leaves a lone backslash before the "…". */
char *na_format_md_cut(const char *s, size_t max);
/* s (NULL or "": "-") escaped and cut to max code points; malloc'd. */
char *na_format_md_field(const char *s, size_t max);
/* The alert's story as one line for the platforms' text: "ID", or for an update "ID, update of
 * ALERT: N copies (outlet, outlet)". Malloc'd; NULL when the alert has no story (or no memory). */
char *na_format_story_text(const na_alert *al);

#endif
