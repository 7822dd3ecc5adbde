/* Picks the formatter for a destination's type and serialises its payload (alone or digest). */
#include "format/format.h"

#include <string.h>

#include "newsalert/error.h"
#include "newsalert/json_util.h"

static int dump(json_t *j, char **out, size_t *len)
{
    if (!j)
        return NA_ENOMEM;
    *out = na_json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(j);
    if (!*out)
        return NA_ENOMEM;
    *len = strlen(*out);
    return NA_OK;
}

size_t na_format_digest_cap(na_dest_type t)
{
    static const size_t cap[] = {48, 10, 25, 100};
    return (unsigned)t < 4 ? cap[t] : 1;
}

int na_format_digest(const na_destination *d, const na_format_digest_in *in, char **out,
                     size_t *len)
{
    if (!in->n || in->n > na_format_digest_cap(d->type))
        return NA_EINVAL;
    json_t *j = d->type == NA_DEST_SLACK     ? na_format_slack_digest(in)
                : d->type == NA_DEST_DISCORD ? na_format_discord_digest(in)
                : d->type == NA_DEST_TEAMS   ? na_format_teams_digest(in)
                                             : na_format_generic_digest(in, d->template_text);
    return dump(j, out, len);
}

int na_format_payload(const na_destination *d, const na_alert *al, char **out, size_t *len)
{
    static json_t *(*const fmt[])(const na_alert *, const char *) = {
        na_format_slack, na_format_discord, na_format_teams, na_format_generic};
    return dump(fmt[d->type](al, d->template_text), out, len);
}
