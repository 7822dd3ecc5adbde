/*
 * Feeds that claim UTF-8 (or claim nothing) but carry other bytes: libxml2 would pass them
 * through as invalid UTF-8, so each invalid byte is read as windows-1252, as browsers do.
 */
#include "feeds/feed.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "newsalert/text.h"

/* windows-1252 0x80..0x9f; 0 where the code page has a hole (then U+FFFD). */
static const unsigned short cp1252_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178};

static size_t put_cp(char *out, unsigned cp)
{
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t seq_len(const char *s, size_t n)
{
    for (size_t len = 1; len <= 4 && len <= n; len++)
        if (na_utf8_valid(s, len, NULL))
            return len;
    return 0;
}

/* 1 when the XML declaration names an encoding other than UTF-8 (libxml2 converts those). */
static int declares_other(const char *buf, size_t len)
{
    if (len < 5 || memcmp(buf, "<?xml", 5) != 0)
        return 0;
    const char *end = memchr(buf, '>', len < 256 ? len : 256);
    size_t n = end ? (size_t)(end - buf) : 0;
    for (size_t i = 0; i + 9 < n; i++) {
        if (strncmp(buf + i, "encoding", 8) != 0)
            continue;
        const char *v = buf + i + 8;
        while (v < buf + n && (*v == ' ' || *v == '=' || *v == '"' || *v == '\''))
            v++;
        return strncasecmp(v, "utf-8", 5) != 0 && strncasecmp(v, "utf8", 4) != 0;
    }
    return 0;
}

char *na_feed_repair_utf8(const char *buf, size_t len, size_t *out_len)
{
    if (declares_other(buf, len) || na_utf8_valid(buf, len, NULL))
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)buf[i];
        size_t sl = c ? seq_len(buf + i, len - i) : 0;
        if (sl) {
            memcpy(out + k, buf + i, sl);
            k += sl;
            i += sl;
            continue;
        }
        i++;
        if (c == 0)
            continue; /* NUL is never text */
        unsigned cp = c >= 0xa0 ? c : c >= 0x80 ? cp1252_high[c - 0x80] : 0;
        k += put_cp(out + k, cp ? cp : 0xfffd);
    }
    out[k] = '\0';
    *out_len = k;
    return out;
}
