/* Dates as news sources write them: RFC 3339 / ISO 8601 and RFC 822 (RSS pubDate). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "newsalert/event.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void na_time_format(int64_t ms, char *buf, size_t n)
{
    time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = (int)(ms - (int64_t)secs * 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    if (frac)
        snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
    else
        snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int read_int(const char **p, int digits, int *out)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        if (!isdigit((unsigned char)**p))
            return -1;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *out = v;
    return 0;
}

/* Parses "Z", "+hh:mm", "+hhmm", "GMT", "UT", "EST"...; returns offset seconds or -1 on junk. */
static int parse_zone(const char *p, long *off)
{
    while (*p == ' ')
        p++;
    if (!*p || *p == 'Z' || *p == 'z') {
        *off = 0;
        return 0;
    }
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, h, m = 0;
        p++;
        if (read_int(&p, 2, &h))
            return -1;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)*p) && read_int(&p, 2, &m))
            return -1;
        *off = sign * (h * 3600L + m * 60L);
        return 0;
    }
    static const struct {
        const char *name;
        int hours;
    } zones[] = {{"GMT", 0},  {"UT", 0},   {"UTC", 0},  {"EST", -5}, {"EDT", -4}, {"CST", -6},
                 {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}, {"BST", 1}};
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strncasecmp(p, zones[i].name, strlen(zones[i].name)) == 0) {
            *off = zones[i].hours * 3600L;
            return 0;
        }
    return -1;
}

static int64_t make_ms(int y, int mo, int d, int h, int mi, int s, int ms, long off)
{
    /* Years past 9999 do not fit RFC 3339, so an event could not carry them. */
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return -1;
    int64_t secs =
        days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s - off;
    return secs * 1000 + ms;
}

static int64_t parse_iso(const char *p)
{
    int y, mo, d, h = 0, mi = 0, s = 0, ms = 0;
    if (read_int(&p, 4, &y) || *p++ != '-' || read_int(&p, 2, &mo) || *p++ != '-' ||
        read_int(&p, 2, &d))
        return -1;
    long off = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (read_int(&p, 2, &h) || *p++ != ':' || read_int(&p, 2, &mi))
            return -1;
        if (*p == ':') {
            p++;
            if (read_int(&p, 2, &s))
                return -1;
            if (*p == '.' || *p == ',') {
                p++;
                int scale = 100;
                while (isdigit((unsigned char)*p)) {
                    ms += (*p - '0') * scale;
                    scale /= 10;
                    p++;
                }
            }
        }
        if (parse_zone(p, &off))
            return -1;
    } else if (*p) {
        return -1;
    }
    return make_ms(y, mo, d, h, mi, s, ms, off);
}

/*
 * "Wed, 26 Jan 2022 18:30:00 GMT" (weekday optional, seconds optional, 2-digit years), and the
 * dashed "26-FEB-1987 15:01:01.79" of older wire archives (fraction dropped, UTC).
 */
static int64_t parse_rfc822(const char *p)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    while (isspace((unsigned char)*p))
        p++;
    const char *comma = strchr(p, ',');
    if (comma && comma - p <= 10)
        p = comma + 1;
    while (*p == ' ')
        p++;
    char *end;
    long d = strtol(p, &end, 10);
    if (end == p)
        return -1;
    p = end;
    while (*p == ' ' || *p == '-')
        p++;
    int mo = 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(p, months[i], 3) == 0)
            mo = i + 1;
    if (!mo)
        return -1;
    while (*p && *p != ' ' && *p != '-')
        p++;
    if (*p == '-')
        p++;
    long y = strtol(p, &end, 10);
    if (end == p || y < 0)
        return -1;
    if (y < 100)
        y += y < 50 ? 2000 : 1900;
    p = end;
    while (*p == ' ')
        p++;
    int h = 0, mi = 0, s = 0;
    if (*p && (read_int(&p, 2, &h) || *p++ != ':' || read_int(&p, 2, &mi)))
        return -1;
    if (*p == ':') {
        p++;
        if (read_int(&p, 2, &s))
            return -1;
        if (*p == '.')
            for (p++; isdigit((unsigned char)*p); p++)
                ;
    }
    long off = 0;
    if (parse_zone(p, &off))
        return -1;
    return make_ms((int)y, mo, (int)d, h, mi, s, 0, off);
}

int64_t na_time_parse(const char *s)
{
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return -1;
    int64_t t = parse_iso(s);
    return t >= 0 ? t : parse_rfc822(s);
}
