#include "daemon/position.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/event.h"

/* A whole decimal number with nothing after it. */
static int parse_int(const char *s, int64_t *v)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

int na_from_parse(const char *s, na_from *out, char *errstr, size_t errlen)
{
    static const struct {
        const char *word;
        na_from_kind kind;
    } words[] = {
        {"stored", NA_FROM_STORED}, {"beginning", NA_FROM_BEGINNING}, {"end", NA_FROM_END}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i].word) == 0) {
            *out = (na_from){words[i].kind, 0};
            return NA_OK;
        }
    int64_t v;
    if (strncmp(s, "s@", 2) == 0 && parse_int(s + 2, &v) == 0 && v >= 0) {
        *out = (na_from){NA_FROM_TIME, v};
        return NA_OK;
    }
    if (s[0] == '-' && parse_int(s + 1, &v) == 0 && v > 0) {
        *out = (na_from){NA_FROM_TAIL, v};
        return NA_OK;
    }
    if (s[0] >= '0' && s[0] <= '9' && parse_int(s, &v) == 0) {
        *out = (na_from){NA_FROM_OFFSET, v};
        return NA_OK;
    }
    int64_t t = na_time_parse(s);
    if (t >= 0 && strchr(s, '-')) {
        *out = (na_from){NA_FROM_TIME, t};
        return NA_OK;
    }
    snprintf(errstr, errlen,
             "--from \"%s\": expected beginning, end, stored, an offset N, -N, s@MS or an "
             "ISO 8601 time such as 2022-06-01T00:00:00Z",
             s);
    return NA_EINVAL;
}

int na_until_parse(const char *s, int64_t *out_ms, char *errstr, size_t errlen)
{
    int64_t v;
    if ((strncmp(s, "e@", 2) == 0 && parse_int(s + 2, &v) == 0 && v >= 0) ||
        (s[0] >= '0' && s[0] <= '9' && parse_int(s, &v) == 0)) {
        *out_ms = v;
        return NA_OK;
    }
    int64_t t = na_time_parse(s);
    if (t >= 0 && strchr(s, '-')) {
        *out_ms = t;
        return NA_OK;
    }
    snprintf(errstr, errlen,
             "--until \"%s\": expected an ISO 8601 time such as 2022-07-01T00:00:00Z, e@MS or MS",
             s);
    return NA_EINVAL;
}
