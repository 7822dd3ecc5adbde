/* Fuzz target: any page given to article extraction yields valid UTF-8 paragraphs or an error. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "feeds/extract.h"
#include "newsalert/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    na_strlist out = {0};
    char err[512];
    err[0] = '\0';
    if (na_html_extract((const char *)data, size, NULL, "fuzz.html", &out, err, sizeof err) != 0) {
        if (out.n != 0 || err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    for (size_t i = 0; i < out.n; i++) {
        size_t len = strlen(out.items[i]);
        if (len == 0 || !na_utf8_valid(out.items[i], len, NULL))
            __builtin_trap();
    }
    na_strlist_clear(&out);
    return 0;
}
