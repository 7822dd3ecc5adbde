/* Exit codes: one table for both binaries, listed in each --help and in docs/architecture.md. */
#ifndef NEWSALERT_EXIT_H
#define NEWSALERT_EXIT_H

enum na_exit {
    NA_EXIT_OK = 0,    /* everything read was handled: delivered, or nothing to do */
    NA_EXIT_DATA = 1,  /* the run went on, but some input was rejected or not delivered;
                          --check: the rules or config are invalid */
    NA_EXIT_USAGE = 2, /* bad command line, -X property or configuration: nothing was run */
    NA_EXIT_FATAL = 3  /* brokers unreachable, a fatal Kafka error, setup failed */
};

#endif
