/*
 * The --metrics-addr HTTP server (libmicrohttpd, its own thread): GET /metrics (the
 * exposition of metrics.h), /healthz (200 while the process runs) and /readyz (200 when the
 * last na_health_set said ready, else 503 with its reason).
 */
#ifndef NEWSALERT_METRICS_HTTP_H
#define NEWSALERT_METRICS_HTTP_H

#include <stddef.h>

typedef struct na_metrics_http na_metrics_http;

/* Listens on addr "HOST:PORT" ("[::1]:9100", "127.0.0.1:0" picks a port); NULL and errstr
 * ("--metrics-addr HOST:PORT: reason") on failure. */
na_metrics_http *na_metrics_http_new(const char *addr, char *errstr, size_t errlen);
/* Stops the server; NULL is a no-op. */
void na_metrics_http_destroy(na_metrics_http *h);
/* The port it listens on. */
unsigned na_metrics_http_port(const na_metrics_http *h);

/* Sets readiness: ready 1, or 0 with a reason (copied) shown by /readyz. Thread-safe. */
void na_health_set(int ready, const char *reason);
/* The current readiness (1 or 0), its reason copied into why when non-NULL. */
int na_health_get(char *why, size_t len);

#endif
