#include "newsalert/json_util.h"

#include "newsalert/event.h"

json_t *na_json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *na_json_time_or_null(int64_t t)
{
    char buf[40];
    if (t < 0)
        return json_null();
    na_time_format(t, buf, sizeof buf);
    return json_string(buf);
}
