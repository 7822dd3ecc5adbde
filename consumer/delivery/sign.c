/* Standard Webhooks signatures: the signed content is "msg_id.timestamp.payload". */
#include "delivery/sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "newsalert/error.h"

struct na_signer {
    EVP_MAC_CTX *keyed; /* HMAC-SHA256 initialised with the key, never updated itself */
};

na_signer *na_signer_new(const unsigned char *key, size_t key_len)
{
    na_signer *s = calloc(1, sizeof *s);
    EVP_MAC *mac = s ? EVP_MAC_fetch(NULL, "HMAC", NULL) : NULL;
    if (mac)
        s->keyed = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end()};
    if (!s || !s->keyed || !EVP_MAC_init(s->keyed, key, key_len, params)) {
        na_signer_destroy(s);
        return NULL;
    }
    return s;
}

void na_signer_destroy(na_signer *s)
{
    if (!s)
        return;
    EVP_MAC_CTX_free(s->keyed);
    free(s);
}

int na_signer_sign(const na_signer *s, const char *id, int64_t timestamp, const char *body,
                   size_t len, char out[NA_SIGN_MAX])
{
    char prefix[256];
    int n = snprintf(prefix, sizeof prefix, "%s.%" PRId64 ".", id, timestamp);
    if (n < 0 || (size_t)n >= sizeof prefix)
        return NA_EINVAL;
    EVP_MAC_CTX *c = EVP_MAC_CTX_dup(s->keyed);
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    int ok = c && EVP_MAC_update(c, (const unsigned char *)prefix, (size_t)n) &&
             EVP_MAC_update(c, (const unsigned char *)body, len) &&
             EVP_MAC_final(c, mac, &mac_len, sizeof mac);
    EVP_MAC_CTX_free(c);
    if (!ok)
        return NA_ENOMEM;
    memcpy(out, "v1,", 3);
    EVP_EncodeBlock((unsigned char *)out + 3, mac, (int)mac_len);
    return NA_OK;
}

int na_sign_standard(const unsigned char *key, size_t key_len, const char *id, int64_t timestamp,
                     const char *body, size_t len, char out[NA_SIGN_MAX])
{
    na_signer *s = na_signer_new(key, key_len);
    int rc = s ? na_signer_sign(s, id, timestamp, body, len, out) : NA_ENOMEM;
    na_signer_destroy(s);
    return rc;
}
