/* Standard Webhooks signatures: the signed content is "msg_id.timestamp.payload". */
#include "delivery/sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "newsalert/error.h"
#include "newsalert/sha256.h"

int na_sign_standard(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
                     const char *body, size_t len, char out[NA_SIGN_MAX])
{
    char prefix[256];
    int n = snprintf(prefix, sizeof prefix, "%s.%" PRId64 ".", id, timestamp);
    if (n < 0 || (size_t)n >= sizeof prefix)
        return NA_EINVAL;
    unsigned char *msg = malloc((size_t)n + len);
    if (!msg)
        return NA_ENOMEM;
    memcpy(msg, prefix, (size_t)n);
    memcpy(msg + n, body, len);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    int ok = HMAC(na_sha256(), key, (int)key_len, msg, (size_t)n + len, mac, &mac_len) != NULL;
    free(msg);
    if (!ok)
        return NA_EINVAL;
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)mac_len);
    return NA_OK;
}
