/* Error codes shared by every newsalert module: 0 is success, failures are negative. */
#ifndef NEWSALERT_ERROR_H
#define NEWSALERT_ERROR_H

enum na_error {
    NA_OK = 0,
    NA_EINVAL = -1,    /* bad argument or bad input */
    NA_ENOMEM = -2,    /* allocation failed */
    NA_EIO = -3,       /* file or socket I/O */
    NA_EPARSE = -4,    /* malformed JSON, XML or text */
    NA_EKAFKA = -5,    /* librdkafka reported a failure */
    NA_EHTTP = -6,     /* HTTP transfer failed */
    NA_ETOOBIG = -7,   /* input over a configured size limit */
    NA_EUTF8 = -8,     /* invalid UTF-8 */
    NA_ENOTFOUND = -9, /* a named thing does not exist */
    NA_EBUDGET = -10   /* a per-record CPU budget ran out */
};

/* A short English description of an na_error code. */
const char *na_strerror(int err);

#endif
