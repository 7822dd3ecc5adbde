/* Redaction of secrets in log text: one pass, copying, rewriting what looks secret as "***". */
#include "newsalert/redact.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct out {
    char *p;
    size_t n, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && o->n + 1 < o->cap; i++)
        o->p[o->n++] = s[i];
}

#define PUTS(o, lit) put((o), (lit), sizeof(lit) - 1)

static int url_char(unsigned char c)
{
    return c > ' ' && c < 0x7f && !strchr("\"'<>\\^`{|}", c);
}

/* A path segment that looks like a token: a part (between - _ . @ ~) of 8+ characters mixing
 * letters and digits, or of 20+; "2024", "some-article-title" stay. */
static int token_like(const char *s, size_t n)
{
    size_t len = 0;
    int alpha = 0, digit = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || strchr("-_.@~", s[i])) {
            if ((len >= 8 && alpha && digit) || len >= 20)
                return 1;
            len = 0;
            alpha = digit = 0;
            continue;
        }
        len++;
        alpha |= isalpha((unsigned char)s[i]) != 0;
        digit |= isdigit((unsigned char)s[i]) != 0;
    }
    return 0;
}

/* s points at "scheme://"; copies the URL redacted, returns its length in s. */
static size_t url(struct out *o, const char *s)
{
    size_t end = 0;
    while (s[end] && url_char((unsigned char)s[end]))
        end++;
    while (end && strchr(".,:;)!", s[end - 1])) /* "see https://x.org/a." ends before the dot */
        end--;
    const char *scheme_end = strstr(s, "://");
    size_t i = (size_t)(scheme_end - s) + 3;
    put(o, s, i);
    size_t auth_end = i;
    while (auth_end < end && !strchr("/?#", s[auth_end]))
        auth_end++;
    const char *at = memchr(s + i, '@', auth_end - i);
    if (at) {
        PUTS(o, "***@");
        i = (size_t)(at - s) + 1;
    }
    put(o, s + i, auth_end - i);
    i = auth_end;
    while (i < end && s[i] == '/') { /* the path, segment by segment */
        size_t j = i + 1;
        while (j < end && !strchr("/?#", s[j]))
            j++;
        put(o, "/", 1);
        if (token_like(s + i + 1, j - i - 1))
            PUTS(o, "***");
        else
            put(o, s + i + 1, j - i - 1);
        i = j;
    }
    if (i < end && s[i] == '?') { /* keys stay, values go */
        put(o, "?", 1);
        i++;
        while (i < end && s[i] != '#') {
            size_t j = i;
            while (j < end && !strchr("=&#", s[j]))
                j++;
            put(o, s + i, j - i);
            if (j < end && s[j] == '=') {
                PUTS(o, "=***");
                while (j < end && !strchr("&#", s[j]))
                    j++;
            }
            if (j < end && s[j] == '&')
                put(o, "&", 1), j++;
            i = j;
        }
    }
    if (i < end && s[i] == '#')
        PUTS(o, "#***");
    return end;
}

/* "password=x", "sasl.password=x", "secret": "x": the key's value (up to a space or quote). */
static size_t secret_value(struct out *o, const char *s, const char *start)
{
    static const char *const keys[] = {"password", "secret", "token", "api_key", "apikey"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t n = strlen(keys[k]);
        if ((*s | 0x20) != keys[k][0] || strncasecmp(s, keys[k], n) ||
            (s > start && isalnum((unsigned char)s[-1]) && !strchr("._", s[-1]) && s[-1] != '.'))
            continue;
        size_t i = n;
        while (s[i] == ' ' || s[i] == '"')
            i++;
        if (s[i] != '=' && s[i] != ':')
            continue;
        int colon = s[i++] == ':';
        while (s[i] == ' ')
            i++;
        if (colon && s[i] != '"') /* "secret": must be a string -- a message, not a value */
            continue;
        while (s[i] == '"')
            i++;
        size_t v = i;
        while (s[v] && !strchr(" \t\",;&", s[v]))
            v++;
        while (v > i && strchr(".,:)", s[v - 1]))
            v--;
        if (v == i)
            continue;
        put(o, s, i);
        PUTS(o, "***");
        return v;
    }
    return 0;
}

size_t na_redact(const char *in, char *out, size_t outlen)
{
    struct out o = {out, 0, outlen};
    if (!outlen)
        return 0;
    for (const char *s = in; *s;) {
        size_t used = 0;
        if (isalpha((unsigned char)*s) && (s == in || !isalnum((unsigned char)s[-1]))) {
            const char *p = s;
            while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
                p++;
            if (strncmp(p, "://", 3) == 0 && url_char((unsigned char)p[3]))
                used = url(&o, s);
            else if (strncmp(s, "whsec_", 6) == 0) {
                PUTS(&o, "whsec_***");
                used = 6;
                while (isalnum((unsigned char)s[used]) || strchr("+/=", s[used]))
                    used++;
            } else if (strchr("psta", *s | 0x20)) /* the first letters of the keys */
                used = secret_value(&o, s, in);
        }
        if (!used) {
            put(&o, s, 1);
            used = 1;
        }
        s += used;
    }
    out[o.n] = '\0';
    return o.n;
}
