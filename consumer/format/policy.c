/*
 * The one policy for attacker text in payloads and the report: links are http/https only,
 * parsed and re-serialised with curl's URL API; markdown text is backslash-escaped.
 */
#include "format/format.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

/* Characters that are legal in a re-serialised URL but end a link in some markup. */
#define LINK_BREAKERS "<>\"'|\\^`{} "
/* Markdown punctuation in Discord and Teams (links, emphasis, code, quotes, headings). */
#define MD_SPECIAL "\\*_~`|>#[]()<"

static int scheme_ok(CURLU *u)
{
    char *scheme = NULL, *host = NULL;
    int ok = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host &&
             (!strcmp(scheme, "http") || !strcmp(scheme, "https"));
    curl_free(scheme);
    curl_free(host);
    return ok;
}

/* Percent-encodes the few characters of LINK_BREAKERS that curl leaves as they are. */
static char *encode_breakers(const char *s)
{
    char *out = malloc(3 * strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p && strchr(LINK_BREAKERS, *p)) {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

char *na_format_link(const char *url)
{
    if (!url || !*url || strlen(url) > NA_FORMAT_LINK_MAX)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return NULL; /* CR, LF, tabs: header or markup injection, never a link */
    CURLU *u = curl_url();
    char *full = NULL, *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && scheme_ok(u) &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK && full)
        out = encode_breakers(full);
    curl_free(full);
    curl_url_cleanup(u);
    if (out && strlen(out) > NA_FORMAT_LINK_MAX) {
        free(out);
        out = NULL;
    }
    return out;
}

char *na_format_md_escape(const char *s)
{
    char *out = malloc(2 * strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (strchr(MD_SPECIAL, *p))
            *o++ = '\\';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

char *na_format_md_cut(const char *s, size_t max)
{
    char *t = na_format_truncate(s, max);
    if (!t)
        return NULL;
    size_t n = strlen(t);
    size_t body = n >= 3 && !strcmp(t + n - 3, "…") ? n - 3 : n, slashes = 0;
    while (body > slashes && t[body - 1 - slashes] == '\\')
        slashes++;
    if (slashes % 2 && body < n)
        memcpy(t + body - 1, "…", 4); /* a lone backslash would escape the ellipsis */
    return t;
}

char *na_format_md_field(const char *s, size_t max)
{
    char *e = na_format_md_escape(s && *s ? s : "-");
    char *t = e ? na_format_md_cut(e, max) : NULL;
    free(e);
    return t;
}
