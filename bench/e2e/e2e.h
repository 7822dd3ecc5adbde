/* bench_e2e: the C parts of bench/e2e (paced producer, bare consumer, decode, receiver). */
#ifndef NA_BENCH_E2E_H
#define NA_BENCH_E2E_H

#include <stdint.h>

/* Monotonic nanoseconds, comparable across processes on one machine. */
int64_t na_e2e_now_ns(void);

/* CPU seconds (user + system) this process used so far. */
double na_e2e_cpu_s(void);

/* Subcommands; argv[0] is the subcommand name. Each returns 0 or an exit status. */
int na_e2e_produce(int argc, char **argv);
int na_e2e_floor(int argc, char **argv);
int na_e2e_decode(int argc, char **argv);
int na_e2e_receive(int argc, char **argv);

#endif
