/*
 * Which addresses --fetch-articles may connect to: never loopback, private, link-local (cloud
 * metadata), multicast or reserved ones, unless --allow-private-hosts. Checked on the address
 * curl is about to connect to, so DNS answers, redirects and odd IP spellings are all covered.
 */
#ifndef NEWSALERT_PRODUCER_FEED_ADDR_H
#define NEWSALERT_PRODUCER_FEED_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

/* Why sa must not be fetched from ("loopback", "private", ...), or NULL when it is public. */
const char *na_feed_addr_refusal(const struct sockaddr *sa);
/* The numeric form of sa ("10.0.0.1", "::1") in buf. */
void na_feed_addr_format(const struct sockaddr *sa, char *buf, size_t n);

#endif
