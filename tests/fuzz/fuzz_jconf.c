/* Fuzz target: any bytes read as a YAML and as a JSON config document give a tree whose every
 * member has a position, or an error placed as "name:line:col: ..."; destinations on top. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config/destinations.h"
#include "newsalert/jconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const na_jconf *d, json_t *v, const char *ptr)
{
    int line, col;
    if (na_jconf_pos(d, ptr, 0, &line, &col) != 0 || line < 1 || col < 1)
        __builtin_trap();
    char sub[1100];
    const char *k;
    json_t *m;
    size_t i;
    if (strlen(ptr) > 900)
        return;
    if (json_is_object(v)) {
        json_object_foreach(v, k, m)
        {
            na_jconf_ptr(sub, sizeof sub, ptr, k);
            if (strlen(sub) < 1000)
                walk(d, m, sub);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, m)
        {
            snprintf(sub, sizeof sub, "%s/%zu", ptr, i);
            walk(d, m, sub);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"fuzz.yaml", "fuzz.json"};
    char err[1024];
    for (size_t n = 0; n < 2; n++) {
        err[0] = '\0';
        na_jconf *d = na_jconf_parse((const char *)data, size, names[n], err, sizeof err);
        if (!d) {
            if (strncmp(err, names[n], strlen(names[n])))
                __builtin_trap();
            continue;
        }
        walk(d, na_jconf_root(d), "");
        na_jconf_destroy(d);
        na_destinations_destroy(
            na_destinations_parse((const char *)data, size, names[n], NULL, err, sizeof err));
    }
    return 0;
}
