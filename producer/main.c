/* newsalert-producer: articles in, CloudEvents out (see --help). */
#include <stdio.h>

#include "producer.h"
#include "newsalert/kafka.h"

int main(int argc, char **argv)
{
    na_producer_opts o;
    char err[512];
    int code;
    if (na_producer_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "newsalert-producer: %s\nTry 'newsalert-producer --help'.\n", err);
        code = NA_EXIT_USAGE;
    } else if (o.common.help) {
        na_producer_usage(stdout);
        code = NA_EXIT_OK;
    } else if (o.common.version) {
        na_producer_version(stdout);
        code = NA_EXIT_OK;
    } else if (o.common.list_props) {
        na_kafka_props_list(stdout);
        code = NA_EXIT_OK;
    } else {
        code = na_producer_run(&o);
    }
    na_producer_opts_free(&o);
    return code;
}
