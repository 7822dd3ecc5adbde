/* Picks the formatter for a destination's type and serialises its payload. */
#include "format/format.h"

#include <string.h>

#include "newsalert/error.h"

int na_format_payload(const na_destination *d, const na_alert *al, char **out, size_t *len)
{
    static json_t *(*const fmt[])(const na_alert *, const char *) = {
        na_format_slack, na_format_discord, na_format_teams, na_format_generic};
    json_t *j = fmt[d->type](al, d->template_text);
    if (!j)
        return NA_ENOMEM;
    *out = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(j);
    if (!*out)
        return NA_ENOMEM;
    *len = strlen(*out);
    return NA_OK;
}
