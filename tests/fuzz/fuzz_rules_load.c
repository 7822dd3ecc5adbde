/* Fuzz target: any bytes given to the rules loader yield compiled rules or a clean error. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    err[0] = '\0';
    na_rules *r = na_rules_load_text("fuzz.json", (const char *)data, size, NULL, NULL, NULL, err,
                                     sizeof err);
    if (!r) {
        /* A refusal must say why, as "fuzz.json...: message", and stay a C string. */
        if (err[0] == '\0' || strncmp(err, "fuzz.json", 9) != 0 || !memchr(err, '\0', sizeof err))
            __builtin_trap();
        return 0;
    }
    if (err[0] != '\0')
        __builtin_trap();
    (void)na_rules_count(r);
    (void)na_rules_state_horizon_ms(r);
    na_rules_destroy(r);
    return 0;
}
