/* Exit codes: one table for both binaries; each --help prints it (na_opts_exit_usage). */
#ifndef NEWSALERT_EXIT_H
#define NEWSALERT_EXIT_H

/* X(name, code, meaning): the meaning is the line both --help outputs print. */
#define NA_EXIT_TABLE(X)                                                                           \
    X(NA_EXIT_OK, 0,                                                                               \
      "success: everything read was handled (delivered, written, or nothing to do), also when "    \
      "SIGINT/SIGTERM stopped the run early")                                                      \
    X(NA_EXIT_DATA, 1,                                                                             \
      "the run went on, but some input was rejected or not delivered (each reported as "           \
      "file:line: reason), or the rules or config checked are invalid")                            \
    X(NA_EXIT_USAGE, 2,                                                                            \
      "usage or configuration error (bad option, -X property, config, unreadable input or "        \
      "unwritable output)")                                                                        \
    X(NA_EXIT_FATAL, 3, "fatal: brokers unreachable at start, a fatal Kafka error, setup failed")

#define NA_EXIT_ENUM_(name, code, meaning) name = code,
enum na_exit { NA_EXIT_TABLE(NA_EXIT_ENUM_) };
#undef NA_EXIT_ENUM_

#endif
