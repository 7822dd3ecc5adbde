/*
 * bench_e2e: the C parts of bench/e2e, one subcommand each (bench/e2e/run drives them):
 *
 *   bench_e2e produce BROKERS TOPIC EVENTS RATE SECONDS SENDLOG [key=value]...
 *   bench_e2e floor   BROKERS TOPIC GROUP COUNT LATLOG [decode]
 *   bench_e2e decode  BROKERS TOPIC GROUP
 *   bench_e2e receive LOG
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "e2e.h"

int64_t na_e2e_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double na_e2e_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } cmds[] = {{"produce", na_e2e_produce},
                {"floor", na_e2e_floor},
                {"decode", na_e2e_decode},
                {"receive", na_e2e_receive}};
    for (size_t i = 0; argc > 1 && i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(argv[1], cmds[i].name))
            return cmds[i].run(argc - 1, argv + 1);
    fputs("usage: bench_e2e produce|floor|decode|receive ... (see bench/e2e/main.c)\n", stderr);
    return 2;
}
