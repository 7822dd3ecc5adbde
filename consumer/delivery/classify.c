/* What an HTTP status means for a webhook delivery (the Fluent Bit rule, plus 404/410). */
#include "delivery/delivery.h"

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
