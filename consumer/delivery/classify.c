/* What an HTTP status means for a webhook delivery (the Fluent Bit rule, plus 404/410). */
#include "delivery/delivery.h"

#include <curl/curl.h>

na_delivery_class na_delivery_classify(long status)
{
    if (status >= 200 && status < 300)
        return NA_CLASS_SUCCESS;
    if (status == 0 || status == 408 || status == 429 || status >= 500)
        return NA_CLASS_RETRY;
    if (status == 404 || status == 410)
        return NA_CLASS_DISABLE;
    return NA_CLASS_PERMANENT;
}

na_delivery_class na_delivery_classify_curl(int code)
{
    switch ((CURLcode)code) {
    case CURLE_OK:
        return NA_CLASS_SUCCESS;
    case CURLE_UNSUPPORTED_PROTOCOL: /* the URL or the build cannot change between attempts */
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_LOGIN_DENIED:
        return NA_CLASS_PERMANENT;
    default: /* connect, resolve, timeout, TLS, network: the receiver may come back */
        return NA_CLASS_RETRY;
    }
}
