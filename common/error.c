#include "newsalert/error.h"

const char *na_strerror(int err)
{
    switch (err) {
    case NA_OK:
        return "success";
    case NA_EINVAL:
        return "invalid input";
    case NA_ENOMEM:
        return "out of memory";
    case NA_EIO:
        return "input/output error";
    case NA_EPARSE:
        return "parse error";
    case NA_EKAFKA:
        return "Kafka error";
    case NA_EHTTP:
        return "HTTP error";
    case NA_ETOOBIG:
        return "too large";
    case NA_EUTF8:
        return "invalid UTF-8";
    case NA_ENOTFOUND:
        return "not found";
    case NA_EBUDGET:
        return "CPU budget per record exceeded";
    default:
        return "unknown error";
    }
}
