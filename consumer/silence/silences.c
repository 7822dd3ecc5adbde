/* The silences a consumer knows, sorted by id, and the send-time question. */
#include "silence/silences.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/file.h"
#include "newsalert/grow.h"

#define FILE_MAX (64u * 1024u * 1024u)

struct na_silences {
    na_silence **s; /* sorted by id */
    size_t n, cap;
};

na_silences *na_silences_new(void)
{
    return calloc(1, sizeof(na_silences));
}

void na_silences_destroy(na_silences *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++)
        na_silence_destroy(set->s[i]);
    free(set->s);
    free(set);
}

/* The index of id, or where it would go (*found 0). */
static size_t find(const na_silences *set, const char *id, int *found)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(set->s[mid]->id, id);
        if (!c) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

int na_silences_put(na_silences *set, na_silence *s)
{
    int found;
    size_t i = find(set, s->id, &found);
    if (found) {
        na_silence_destroy(set->s[i]);
        set->s[i] = s;
        return NA_OK;
    }
    if (na_grow((void **)&set->s, &set->cap, set->n, sizeof *set->s, 16)) {
        na_silence_destroy(s);
        return NA_ENOMEM;
    }
    memmove(set->s + i + 1, set->s + i, (set->n - i) * sizeof *set->s);
    set->s[i] = s;
    set->n++;
    return NA_OK;
}

int na_silences_remove(na_silences *set, const char *id)
{
    int found;
    size_t i = find(set, id, &found);
    if (!found)
        return 0;
    na_silence_destroy(set->s[i]);
    memmove(set->s + i, set->s + i + 1, (set->n - i - 1) * sizeof *set->s);
    set->n--;
    return 1;
}

int na_silences_apply(na_silences *set, const char *key, const char *value, size_t len,
                      const char *where, char *err, size_t errlen)
{
    if (!value) {
        if (key)
            na_silences_remove(set, key);
        return NA_OK;
    }
    na_silence *s = na_silence_parse(value, len, where, err, errlen);
    if (!s)
        return NA_EINVAL;
    if (key && strcmp(key, s->id)) {
        snprintf(err, errlen, "%s: key \"%s\" is not the silence's id \"%s\"", where, key, s->id);
        na_silence_destroy(s);
        return NA_EINVAL;
    }
    return na_silences_put(set, s);
}

int na_silences_load_file(na_silences *set, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = na_file_read(path, FILE_MAX, &len, err, errlen);
    if (!text)
        return NA_EIO;
    int rc = NA_OK;
    size_t line = 0;
    for (char *p = text; !rc && p < text + len; line++) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        if (strspn(p, " \t\r") < n) {
            char where[600];
            snprintf(where, sizeof where, "%s:%zu", path, line + 1);
            rc = na_silences_apply(set, NULL, p, n, where, err, errlen);
        }
        p += n + 1;
    }
    free(text);
    return rc;
}

const na_silence *na_silences_match(const na_silences *set, const na_alert *al,
                                    const char *destination, int64_t now_ms)
{
    na_silence_labels labels;
    na_silence_labels_of(al, destination, &labels);
    for (size_t i = 0; i < set->n; i++)
        if (na_silence_active(set->s[i], now_ms) && na_silence_matches(set->s[i], &labels))
            return set->s[i];
    return NULL;
}

size_t na_silences_count(const na_silences *set)
{
    return set->n;
}

const na_silence *na_silences_at(const na_silences *set, size_t i)
{
    return i < set->n ? set->s[i] : NULL;
}

size_t na_silences_active(const na_silences *set, int64_t now_ms)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        n += (size_t)na_silence_active(set->s[i], now_ms);
    return n;
}

size_t na_silences_mutes(const na_silences *set, const na_alert *al, int64_t now_ms,
                         const na_silence **by, size_t cap)
{
    size_t n = al->destinations.n ? al->destinations.n : 1;
    if (!set || n > cap)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(by[i] = na_silences_match(
                  set, al, al->destinations.n ? al->destinations.items[i] : "", now_ms)))
            return 0;
    return n;
}
