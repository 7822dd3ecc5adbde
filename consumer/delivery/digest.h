/*
 * Digests: alerts held per destination and group (the values of its group_by fields) and sent
 * as one message per group, Alertmanager-style: a new group waits group_wait, later alerts of
 * the group wait until group_interval after its last message, a full message (the cap of
 * max_alerts_per_message and of the platform) goes at once. Time is passed in, so the daemon
 * runs it on the wall clock and reports and benches on the alerts' event times.
 */
#ifndef NEWSALERT_CONSUMER_DIGEST_H
#define NEWSALERT_CONSUMER_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "config/destinations.h"
#include "rules/alert.h"

typedef struct na_digest na_digest;

/* One message's worth of a group, handed to the emit callback (valid during the call). */
typedef struct na_digest_batch {
    const na_destination *dest;
    const char *id;    /* the webhook-id: "dg_" + SHA-256 of the destination and alert ids */
    const char *group; /* "rule=sanctions story=ev_1", the group_by values */
    const na_alert *const *alerts;
    const uint64_t *tags; /* what na_digest_add was given for each alert */
    size_t n;
} na_digest_batch;

typedef struct na_digest_hooks {
    void (*emit)(const na_digest_batch *b, void *ud); /* one message to send */
    /* Optional: asked of each alert just before its message; 0 drops it (inhibited while it
     * waited), and drop is called with its tag instead. */
    int (*keep)(const na_alert *al, void *ud);
    void (*drop)(const na_alert *al, uint64_t tag, void *ud);
} na_digest_hooks;

/* cfg (borrowed) must outlive the digest; hooks are copied. NULL when out of memory. */
na_digest *na_digest_new(const na_destinations *cfg, const na_digest_hooks *hooks, void *ud);
/* Alerts still held are dropped without being emitted (their tags are the caller's). */
void na_digest_destroy(na_digest *g);

/* Holds a copy of al for dest (dest->digest set) with tag; emits the group at once when full. */
int na_digest_add(na_digest *g, const na_destination *dest, const na_alert *al, uint64_t tag,
                  int64_t now_ms);
/* Emits every group whose time has come at now_ms; returns how many messages. */
size_t na_digest_tick(na_digest *g, int64_t now_ms);
/* Emits every group holding alerts, whatever its time (shutdown, the end of an input). */
size_t na_digest_flush(na_digest *g);
/* Alerts held, over all groups. */
size_t na_digest_held(const na_digest *g);
/* The most alerts one message of dest may list: max_alerts_per_message within the platform's
 * cap (na_format_digest_cap). */
size_t na_digest_cap(const na_destination *dest);
/* "dg_" + hex SHA-256 of the destination name and the alert ids in order, into out (68+). */
void na_digest_id(const char *destination, const na_alert *const *alerts, size_t n, char *out,
                  size_t len);

#endif
