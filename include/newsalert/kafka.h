/* The Kafka edge both binaries share. */
#ifndef NEWSALERT_KAFKA_H
#define NEWSALERT_KAFKA_H

#include <stdio.h>

/* Prints librdkafka's property table (what -X list shows in both binaries). */
void na_kafka_props_list(FILE *f);

#endif
