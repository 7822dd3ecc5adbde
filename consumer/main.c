#include <stdio.h>

#include "consumer.h"

int main(int argc, char **argv)
{
    struct na_consumer_cli o;
    char err[512];
    int code;
    if (na_consumer_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "newsalert-consumer: %s\nTry 'newsalert-consumer --help'.\n", err);
        code = NA_EXIT_USAGE;
    } else {
        code = na_consumer_run(&o, stdout, stderr);
    }
    na_consumer_cli_free(&o);
    return code;
}
