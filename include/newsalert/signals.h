/*
 * SIGINT and SIGTERM, the same in both binaries: the first asks for a graceful stop (the handler
 * sets a flag), the second ends the process at once (SA_RESETHAND). No SA_RESTART, so a blocked
 * read returns at once.
 */
#ifndef NEWSALERT_SIGNALS_H
#define NEWSALERT_SIGNALS_H

#include <signal.h>

/* What --help of both binaries says about it. */
#define NA_SIGNALS_HELP                                                                            \
    "SIGINT/SIGTERM: the first stops taking input (files, feeds, Kafka) and lets what was taken "  \
    "settle (deliveries, offsets, the summary), then exits; a second one exits at once. A "        \
    "consumer reading events from a file stops at once."

typedef struct na_signals_saved {
    struct sigaction sigint, sigterm;
} na_signals_saved;

/* Installs on_signal for SIGINT and SIGTERM; the previous handlers go to old (may be NULL). */
void na_signals_catch(void (*on_signal)(int), na_signals_saved *old);
/* Puts back the handlers na_signals_catch saved. */
void na_signals_restore(const na_signals_saved *old);

#endif
