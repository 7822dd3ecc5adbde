/* Fuzz target: any bytes given to the destinations loader yield a usable config or an error. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config/destinations.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512], redacted[256];
    err[0] = '\0';
    na_destinations *c = na_destinations_parse((const char *)data, size, "fuzz.json",
                                               "/nonexistent", err, sizeof err);
    if (!c) {
        if (err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    /* Every destination is complete: a name, a URL, a known type, sane limits. */
    for (size_t i = 0; i < c->n; i++) {
        const na_destination *d = &c->items[i];
        if (!d->name || !d->url || (unsigned)d->type > NA_DEST_GENERIC || d->max_attempts < 0 ||
            na_destinations_find(c, d->name) == NULL)
            __builtin_trap();
        na_destinations_redact_url(d->url, redacted, sizeof redacted);
        if (!memchr(redacted, '\0', sizeof redacted))
            __builtin_trap();
        (void)na_dest_type_name(d->type);
    }
    na_destinations_destroy(c);
    return 0;
}
