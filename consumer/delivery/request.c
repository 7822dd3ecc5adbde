/* One HTTP attempt of a job: headers (Standard Webhooks signature included) and options. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "delivery/job.h"
#include "newsalert/error.h"
#include "delivery/sign.h"

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    na_job *j = ud;
    size_t len = size * n, room = NA_JOB_RESPONSE_MAX - j->response_len;
    size_t take = len < room ? len : room;
    if (take) {
        char *r = realloc(j->response, j->response_len + take + 1);
        if (!r)
            return 0;
        memcpy(r + j->response_len, p, take);
        j->response_len += take;
        r[j->response_len] = '\0';
        j->response = r;
    }
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    na_job *j = ud;
    size_t len = size * n;
    if (len > 12 && !strncasecmp(p, "Retry-After:", 12)) {
        size_t v = len - 12 < sizeof j->retry_after - 1 ? len - 12 : sizeof j->retry_after - 1;
        memcpy(j->retry_after, p + 12, v);
        j->retry_after[v] = '\0';
        j->retry_after[strcspn(j->retry_after, "\r\n")] = '\0';
    }
    return len;
}

static int add_header(na_job *j, const char *line)
{
    struct curl_slist *l = curl_slist_append(j->headers, line);
    if (!l)
        return NA_ENOMEM;
    j->headers = l;
    return NA_OK;
}

/* Content type, the configured headers, and the Standard Webhooks headers of this attempt. */
static int build_headers(na_job *j, const na_destination *dc, const na_signer *signer,
                         int64_t now_ms)
{
    char line[128], sig[NA_SIGN_MAX];
    int64_t ts = now_ms / 1000;
    int rc = add_header(j, "Content-Type: application/json");
    if (!rc)
        rc = add_header(j, "Expect:");
    for (size_t i = 0; !rc && i < dc->headers.n; i++)
        rc = add_header(j, dc->headers.items[i]);
    snprintf(line, sizeof line, "webhook-id: %s", j->alert_id);
    if (!rc)
        rc = add_header(j, line);
    snprintf(line, sizeof line, "webhook-timestamp: %" PRId64, ts);
    if (!rc)
        rc = add_header(j, line);
    if (!rc && signer) {
        rc = na_signer_sign(signer, j->alert_id, ts, j->body, j->body_len, sig);
        snprintf(line, sizeof line, "webhook-signature: %s", sig);
        if (!rc)
            rc = add_header(j, line);
    }
    return rc;
}

int na_job_prepare(na_job *j, CURL *e, const na_destination *dc, const na_signer *signer,
                   int64_t now_ms)
{
    curl_slist_free_all(j->headers);
    j->headers = NULL;
    if (build_headers(j, dc, signer, now_ms))
        return NA_ENOMEM;
    free(j->response);
    j->response = NULL;
    j->response_len = 0;
    j->retry_after[0] = '\0';
    curl_easy_setopt(e, CURLOPT_URL, dc->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)j->body_len);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "newsalert/0.1");
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, dc->timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, dc->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    return NA_OK;
}
