/* newsalert-producer: articles in, CloudEvents out (see --help). */
#include <stdio.h>

#include "cli.h"
#include "sink.h"

int main(int argc, char **argv)
{
    na_cli_opts o;
    char err[512];
    int code;
    if (na_cli_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "newsalert-producer: %s\nTry 'newsalert-producer --help'.\n", err);
        code = NA_EXIT_USAGE;
    } else if (o.help) {
        na_cli_usage(stdout);
        code = NA_EXIT_OK;
    } else if (o.version) {
        na_cli_version(stdout);
        code = NA_EXIT_OK;
    } else if (o.list_props) {
        na_sink_kafka_list(stdout);
        code = NA_EXIT_OK;
    } else {
        code = na_cli_run(&o);
    }
    na_cli_opts_free(&o);
    return code;
}
