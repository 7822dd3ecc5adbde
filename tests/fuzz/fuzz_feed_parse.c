/* Fuzz target: any bytes given to the feed parser yield encodable articles or a clean error. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "feeds/feed.h"
#include "newsalert/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    na_feed_doc *d = NULL;
    char err[512];
    err[0] = '\0';
    if (na_feed_parse((const char *)data, size, "fuzz.xml", "http://fuzz.example/feed", &d, err,
                      sizeof err) != 0) {
        if (d != NULL || err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    /* Every item must make a valid event: an id, a headline, valid UTF-8 throughout. */
    for (size_t i = 0; i < d->n; i++) {
        char *json = NULL;
        size_t len = 0;
        if (na_event_encode(d->items[i], &json, &len) != 0)
            __builtin_trap();
        free(json);
    }
    na_feed_doc_destroy(d);
    return 0;
}
