/* Fuzz target: any bytes handed to the event decoder give an article or a clean error. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    na_article *a = NULL;
    char err[256];
    if (na_event_decode((const char *)data, size, &a, err, sizeof err) == 0) {
        char *json = NULL;
        /* A decoded article must encode again. */
        if (na_event_encode(a, &json, NULL) != 0)
            __builtin_trap();
        free(json);
        na_article_destroy(a);
    } else if (a != NULL || err[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
