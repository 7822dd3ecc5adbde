#include "newsalert/json_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/event.h"

json_t *na_json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *na_json_time_or_null(int64_t t)
{
    char buf[40];
    if (t < 0)
        return json_null();
    na_time_format(t, buf, sizeof buf);
    return json_string(buf);
}

/* The compact writer: a buffer grown by doubling. */
struct out {
    char *p;
    size_t n, cap;
    int oom;
};

static char *room(struct out *o, size_t k)
{
    if (o->oom)
        return NULL;
    if (o->n + k >= o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (o->n + k >= cap)
            cap *= 2;
        char *p = realloc(o->p, cap);
        if (!p) {
            o->oom = 1;
            return NULL;
        }
        o->p = p;
        o->cap = cap;
    }
    return o->p + o->n;
}

static void put(struct out *o, const char *s, size_t k)
{
    char *d = room(o, k);
    if (d) {
        memcpy(d, s, k);
        o->n += k;
    }
}

/* Bytes a JSON string cannot hold as they are: what jansson escapes without flags. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

static void put_string(struct out *o, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    put(o, "\"", 1);
    for (size_t i = 0; i < len;) {
        size_t run = i;
        while (run < len && plain((unsigned char)s[run]))
            run++;
        put(o, s + i, run - i);
        if ((i = run) == len)
            break;
        unsigned char c = (unsigned char)s[i++];
        const char *e = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                                    : NULL;
        if (e) {
            put(o, e, 2);
        } else {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(o, u, 6);
        }
    }
    put(o, "\"", 1);
}

static void put_integer(struct out *o, json_int_t v)
{
    char b[24], *e = b + sizeof b, *d = e;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        *--d = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--d = '-';
    put(o, d, (size_t)(e - d));
}

/* jansson's real: "%.*g", then ".0" when it would read back as an integer, and the exponent
 * without its '+' and leading zeros. */
static void put_real(struct out *o, double v, int precision)
{
    char b[64];
    int n = snprintf(b, sizeof b - 3, "%.*g", precision ? precision : 17, v);
    if (n < 0 || (size_t)n >= sizeof b - 3) {
        o->oom = 1;
        return;
    }
    size_t len = (size_t)n;
    if (!strchr(b, '.') && !strchr(b, 'e')) {
        memcpy(b + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(b, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - b) + 1);
            len -= (size_t)(end - start);
        }
    }
    put(o, b, len);
}

static void put_value(struct out *o, const json_t *j, int precision)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        const char *k;
        size_t klen;
        json_t *v;
        int first = 1;
        put(o, "{", 1);
        json_object_keylen_foreach((json_t *)j, k, klen, v)
        {
            if (!first)
                put(o, ",", 1);
            first = 0;
            put_string(o, k, klen);
            put(o, ":", 1);
            put_value(o, v, precision);
        }
        put(o, "}", 1);
        break;
    }
    case JSON_ARRAY:
        put(o, "[", 1);
        for (size_t i = 0; i < json_array_size(j); i++) {
            if (i)
                put(o, ",", 1);
            put_value(o, json_array_get(j, i), precision);
        }
        put(o, "]", 1);
        break;
    case JSON_STRING:
        put_string(o, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        put_integer(o, json_integer_value(j));
        break;
    case JSON_REAL:
        put_real(o, json_real_value(j), precision);
        break;
    case JSON_TRUE:
        put(o, "true", 4);
        break;
    case JSON_FALSE:
        put(o, "false", 5);
        break;
    case JSON_NULL:
        put(o, "null", 4);
        break;
    }
}

char *na_json_dumps(const json_t *j, size_t flags)
{
    size_t ours = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(31);
    if (!j || (flags & ~ours) || !(flags & JSON_COMPACT))
        return j ? json_dumps(j, flags) : NULL;
    if (!(flags & JSON_ENCODE_ANY) && !json_is_object(j) && !json_is_array(j))
        return NULL;
    struct out o = {0};
    put_value(&o, j, (int)((flags >> 11) & 0x1F));
    char *end = room(&o, 1);
    if (!end) {
        free(o.p);
        return NULL;
    }
    *end = '\0';
    return o.p;
}
