/* Dead-letter records: JSON that says why, how often, where from, and carries the original. */
#include "daemon/dlq.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "newsalert/event.h"
#include "newsalert/json_util.h"
#include "newsalert/text.h"
#include "newsalert/clock.h"

static json_t *when(int64_t ms)
{
    char buf[40];
    if (ms <= 0)
        return json_null();
    na_time_format(ms, buf, sizeof buf);
    return json_string(buf);
}

static json_t *source(const na_dlq_source *src)
{
    if (!src || !src->topic)
        return json_null();
    return json_pack("{s:s, s:i, s:I}", "topic", src->topic, "partition", (int)src->partition,
                     "offset", (json_int_t)src->offset);
}

static char *dump(json_t *j)
{
    char *s = j ? na_json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return s;
}

char *na_dlq_delivery_record(const na_delivery_result *r, const na_dlq_source *src)
{
    json_t *alert = r->alert_json ? json_loads(r->alert_json, 0, NULL) : NULL;
    return dump(json_pack(
        "{s:s, s:s, s:i, s:i, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "kind", "undeliverable",
        "reason", r->reason, "attempts", r->attempts, "last_status", (int)r->last_status,
        "destination", r->destination, "alert_id", r->alert_id, "first_attempt",
        when(r->first_attempt_ms), "last_attempt", when(r->last_attempt_ms), "dead_at",
        when(na_clock_wall_ms()), "alert", alert ? alert : json_null(), "source", source(src)));
}

char *na_dlq_poison_record(const char *reason, const na_dlq_source *src, const void *payload,
                           size_t len)
{
    size_t keep = len < NA_DLQ_PAYLOAD_MAX ? len : NA_DLQ_PAYLOAD_MAX;
    json_t *j =
        json_pack("{s:s, s:s, s:o, s:I, s:o}", "kind", "poison", "reason", reason, "dead_at",
                  when(na_clock_wall_ms()), "payload_size", (json_int_t)len, "source", source(src));
    if (!j)
        return NULL;
    if (keep < len)
        json_object_set_new(j, "payload_truncated", json_true());
    if (na_utf8_valid(payload, keep, NULL)) {
        json_object_set_new(j, "payload", json_stringn(payload, keep));
    } else {
        char *b64 = malloc(4 * ((keep + 2) / 3) + 1);
        if (b64) {
            EVP_EncodeBlock((unsigned char *)b64, payload, (int)keep);
            json_object_set_new(j, "payload_base64", json_string(b64));
        }
        free(b64);
    }
    return dump(j);
}
