#include <stdio.h>

#include "consumer.h"

int main(int argc, char **argv)
{
    struct na_consumer_cli o;
    char err[512];
    if (na_consumer_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "newsalert-consumer: %s\n", err);
        fputs("Try 'newsalert-consumer --help'.\n", stderr);
        return NA_EXIT_USAGE;
    }
    return na_consumer_run(&o, stdout, stderr);
}
