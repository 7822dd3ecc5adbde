/* Fuzz target: any bytes handed to the event decoder give an article or a clean error, and the
 * reusable decoder (one kept across inputs, as the daemon keeps it) agrees with the copying one. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static na_event_decoder *dc;
    if (!dc && !(dc = na_event_decoder_new()))
        return 0;
    na_article *a = NULL;
    const na_article *lent = NULL;
    char err[256], err2[256];
    int rc = na_event_decode((const char *)data, size, &a, err, sizeof err);
    int rc2 = na_event_decoder_decode(dc, NA_EVENT_ALL, (const char *)data, size, &lent, err2,
                                      sizeof err2);
    if (rc != rc2 || (rc && strcmp(err, err2)) || (!rc && strcmp(a->id, lent->id)))
        __builtin_trap();
    if (rc == 0) {
        char *json = NULL, *json2 = NULL;
        /* A decoded article must encode again, to the same event either way (the time of an
         * event without a published time is the clock's). */
        if (na_event_encode(a, &json, NULL) != 0 || na_event_encode(lent, &json2, NULL) != 0 ||
            (a->published_ms >= 0 && strcmp(json, json2)))
            __builtin_trap();
        free(json);
        free(json2);
        na_article_destroy(a);
    } else if (a != NULL || lent != NULL || err[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
