/* The Kafka edge both binaries share. */
#include "newsalert/kafka.h"

#include <librdkafka/rdkafka.h>

void na_kafka_props_list(FILE *f)
{
    rd_kafka_conf_properties_show(f);
}
