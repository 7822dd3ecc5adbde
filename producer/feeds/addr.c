/* The address policy of article fetches: public unicast addresses only (IPv4 and IPv6). */
#include "feeds/addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct v4_range {
    uint32_t net;
    unsigned bits;
    const char *why;
} v4_range;

/* RFC 6890 special-purpose IPv4 blocks that are not globally reachable, and multicast. */
static const v4_range v4_blocked[] = {
    {0x00000000, 8, "reserved"},    /* 0.0.0.0/8 "this network" */
    {0x0A000000, 8, "private"},     /* 10/8 */
    {0x64400000, 10, "private"},    /* 100.64/10 carrier-grade NAT */
    {0x7F000000, 8, "loopback"},    /* 127/8 */
    {0xA9FE0000, 16, "link-local"}, /* 169.254/16, cloud metadata at 169.254.169.254 */
    {0xAC100000, 12, "private"},    /* 172.16/12 */
    {0xC0000000, 24, "reserved"},   /* 192.0.0/24 IETF assignments */
    {0xC0000200, 24, "reserved"},   /* 192.0.2/24 documentation */
    {0xC0A80000, 16, "private"},    /* 192.168/16 */
    {0xC6120000, 15, "reserved"},   /* 198.18/15 benchmarking */
    {0xC6336400, 24, "reserved"},   /* 198.51.100/24 documentation */
    {0xCB007100, 24, "reserved"},   /* 203.0.113/24 documentation */
    {0xE0000000, 4, "multicast"},   /* 224/4 */
    {0xF0000000, 4, "reserved"},    /* 240/4, broadcast included */
};

static const char *v4_refusal(uint32_t a)
{
    for (size_t i = 0; i < sizeof v4_blocked / sizeof v4_blocked[0]; i++) {
        uint32_t mask = 0xFFFFFFFFu << (32 - v4_blocked[i].bits);
        if ((a & mask) == v4_blocked[i].net)
            return v4_blocked[i].why;
    }
    return NULL;
}

static uint32_t v4_at(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static const char *v6_refusal(const struct in6_addr *a6)
{
    const unsigned char *b = a6->s6_addr;
    static const unsigned char zero[16];
    if (!memcmp(b, zero, 15))
        return b[15] == 1 ? "loopback" : "reserved"; /* ::1, :: (and the old ::a.b.c.d) */
    if (!memcmp(b, zero, 10) && b[10] == 0xFF && b[11] == 0xFF)
        return v4_refusal(v4_at(b + 12)); /* ::ffff:a.b.c.d is that IPv4 address */
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && !memcmp(b + 4, zero, 8))
        return v4_refusal(v4_at(b + 12)); /* 64:ff9b::/96 NAT64 of an IPv4 address */
    if (b[0] == 0xFF)
        return "multicast";
    if ((b[0] & 0xFE) == 0xFC)
        return "private"; /* fc00::/7 unique local */
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return "link-local"; /* fe80::/10 */
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        return "private"; /* fec0::/10 site-local (deprecated) */
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        return "reserved"; /* 2001:db8::/32 documentation */
    if (b[0] == 0x20 && b[1] == 0x02)
        return v4_refusal(v4_at(b + 2)); /* 2002::/16 6to4 carries an IPv4 address */
    if (b[0] == 0x01 && !b[1] && !memcmp(b + 2, zero, 6))
        return "reserved"; /* 100::/64 discard */
    return NULL;
}

const char *na_feed_addr_refusal(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return v4_refusal(ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
    if (sa->sa_family == AF_INET6)
        return v6_refusal(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
    return "not an IP address";
}

void na_feed_addr_format(const struct sockaddr *sa, char *buf, size_t n)
{
    const void *a = NULL;
    if (sa->sa_family == AF_INET)
        a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
        a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
    if (!a || !inet_ntop(sa->sa_family, a, buf, (socklen_t)n))
        snprintf(buf, n, "(address family %d)", sa->sa_family);
}
