#include "newsalert/sha256.h"

#include <pthread.h>
#include <string.h>

#include "newsalert/error.h"

static EVP_MD *fetched;

static void fetch(void)
{
    fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

const EVP_MD *na_sha256(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, fetch);
    return fetched ? fetched : EVP_sha256();
}

int na_sha256_hex(const char *const *parts, size_t n, int sep, size_t nbytes, char *hex)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE], s = (unsigned char)sep;
    unsigned int len = 0;
    int ok = ctx && EVP_DigestInit_ex(ctx, na_sha256(), NULL);
    for (size_t i = 0; ok && i < n; i++)
        ok = (!parts[i] || EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]))) &&
             (sep < 0 || EVP_DigestUpdate(ctx, &s, 1));
    ok = ok && EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return NA_ENOMEM;
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < nbytes && i < len; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * (nbytes < len ? nbytes : len)] = '\0';
    return NA_OK;
}
