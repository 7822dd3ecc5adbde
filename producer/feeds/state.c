/* The seen-items state file: JSON, written atomically so a crash never leaves half a file. */
#include "feeds/state.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "newsalert/error.h"
#include "newsalert/file.h"
#include "newsalert/grow.h"
#include "newsalert/clock.h"

typedef struct seen_slot {
    char *id;   /* NULL: empty */
    int64_t ms; /* when the id was last in the feed (or published) */
} seen_slot;

typedef struct feed_entry {
    char *url;
    char *etag;
    char *last_modified;
    seen_slot *slots; /* open addressing, linear probing; capacity a power of two */
    size_t n, cap;
} feed_entry;

struct na_feed_state {
    feed_entry *feeds;
    size_t n, cap;
    int64_t max_age_ms;
};

na_feed_state *na_feed_state_new(int64_t max_age_ms)
{
    na_feed_state *s = calloc(1, sizeof *s);
    if (s)
        s->max_age_ms = max_age_ms > 0 ? max_age_ms : NA_FEED_STATE_MAX_AGE_MS;
    return s;
}

static void entry_free(feed_entry *e)
{
    free(e->url);
    free(e->etag);
    free(e->last_modified);
    for (size_t i = 0; i < e->cap; i++)
        free(e->slots[i].id);
    free(e->slots);
}

void na_feed_state_destroy(na_feed_state *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        entry_free(&s->feeds[i]);
    free(s->feeds);
    free(s);
}

static feed_entry *find(const na_feed_state *s, const char *url)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->feeds[i].url, url) == 0)
            return &s->feeds[i];
    return NULL;
}

static feed_entry *find_or_add(na_feed_state *s, const char *url)
{
    feed_entry *e = find(s, url);
    if (e)
        return e;
    if (na_grow((void **)&s->feeds, &s->cap, s->n, sizeof *s->feeds, 8))
        return NULL;
    e = &s->feeds[s->n];
    memset(e, 0, sizeof *e);
    if (!(e->url = strdup(url))) {
        entry_free(e);
        return NULL;
    }
    s->n++;
    return e;
}

static size_t hash(const char *id)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 1099511628211ULL;
    return (size_t)h;
}

/* The slot holding id, or the empty slot where it would go (cap > 0). */
static seen_slot *slot_for(const feed_entry *e, const char *id)
{
    size_t i = hash(id) & (e->cap - 1);
    while (e->slots[i].id && strcmp(e->slots[i].id, id))
        i = (i + 1) & (e->cap - 1);
    return &e->slots[i];
}

/* Moves the ids kept (ms >= keep_from) into a table of cap slots. */
static int rehash(feed_entry *e, size_t cap, int64_t keep_from)
{
    seen_slot *old = e->slots;
    size_t old_cap = e->cap;
    seen_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return NA_ENOMEM;
    e->slots = slots;
    e->cap = cap;
    e->n = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].id)
            continue;
        if (old[i].ms < keep_from) {
            free(old[i].id);
            continue;
        }
        *slot_for(e, old[i].id) = old[i];
        e->n++;
    }
    free(old);
    return NA_OK;
}

int na_feed_state_seen(const na_feed_state *s, const char *url, const char *id)
{
    const feed_entry *e = find(s, url);
    return e && e->cap && slot_for(e, id)->id;
}

int na_feed_state_touch(na_feed_state *s, const char *url, const char *id, int64_t now_ms)
{
    feed_entry *e = find(s, url);
    seen_slot *sl = e && e->cap ? slot_for(e, id) : NULL;
    if (!sl || !sl->id)
        return 0;
    if (now_ms > sl->ms)
        sl->ms = now_ms;
    return 1;
}

size_t na_feed_state_count(const na_feed_state *s, const char *url)
{
    const feed_entry *e = find(s, url);
    return e ? e->n : 0;
}

int na_feed_state_mark(na_feed_state *s, const char *url, const char *id, int64_t now_ms)
{
    feed_entry *e = find_or_add(s, url);
    if (!e)
        return NA_ENOMEM;
    if ((e->n + 1) * 10 > e->cap * 7 && rehash(e, e->cap ? 2 * e->cap : 64, INT64_MIN))
        return NA_ENOMEM; /* kept at most 70% full */
    seen_slot *sl = slot_for(e, id);
    if (sl->id) {
        if (now_ms > sl->ms)
            sl->ms = now_ms;
        return NA_OK;
    }
    if (!(sl->id = strdup(id)))
        return NA_ENOMEM;
    sl->ms = now_ms;
    e->n++;
    return NA_OK;
}

static int by_ms(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int na_feed_state_prune(na_feed_state *s, const char *url, int64_t now_ms)
{
    feed_entry *e = find(s, url);
    if (!e || !e->cap)
        return NA_OK;
    int64_t keep_from = now_ms - s->max_age_ms;
    if (e->n > NA_FEED_STATE_HARD_MAX) { /* a feed inventing ids: keep only the newest */
        int64_t *ms = malloc(e->n * sizeof *ms);
        if (!ms)
            return NA_ENOMEM;
        size_t k = 0;
        for (size_t i = 0; i < e->cap; i++)
            if (e->slots[i].id)
                ms[k++] = e->slots[i].ms;
        qsort(ms, k, sizeof *ms, by_ms);
        if (ms[k - NA_FEED_STATE_HARD_MAX] > keep_from)
            keep_from = ms[k - NA_FEED_STATE_HARD_MAX];
        free(ms);
    }
    size_t kept = 0;
    for (size_t i = 0; i < e->cap; i++)
        kept += e->slots[i].id && e->slots[i].ms >= keep_from;
    if (kept == e->n)
        return NA_OK;
    size_t cap = 64;
    while (kept * 10 > cap * 7)
        cap *= 2;
    return rehash(e, cap, keep_from);
}

const char *na_feed_state_etag(const na_feed_state *s, const char *url)
{
    const feed_entry *e = find(s, url);
    return e ? e->etag : NULL;
}

const char *na_feed_state_last_modified(const na_feed_state *s, const char *url)
{
    const feed_entry *e = find(s, url);
    return e ? e->last_modified : NULL;
}

static int set_str(char **field, const char *v)
{
    char *copy = v ? strdup(v) : NULL;
    if (v && !copy)
        return NA_ENOMEM;
    free(*field);
    *field = copy;
    return NA_OK;
}

int na_feed_state_set_validators(na_feed_state *s, const char *url, const char *etag,
                                 const char *last_modified)
{
    feed_entry *e = find_or_add(s, url);
    if (!e)
        return NA_ENOMEM;
    int rc = set_str(&e->etag, etag);
    return rc ? rc : set_str(&e->last_modified, last_modified);
}

static const char *opt_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "seen": {"id": ms, ...} (version 2) or ["id", ...] (version 1: taken as seen now). */
static int load_seen(na_feed_state *s, const char *url, json_t *seen, int64_t now_ms)
{
    int rc = NA_OK;
    size_t i;
    json_t *v;
    const char *id;
    json_array_foreach(seen, i, v)
    {
        if (json_is_string(v) && (rc = na_feed_state_mark(s, url, json_string_value(v), now_ms)))
            return rc;
    }
    json_object_foreach(seen, id, v)
    {
        if (json_is_integer(v) && (rc = na_feed_state_mark(s, url, id, json_integer_value(v))))
            return rc;
    }
    return rc;
}

int na_feed_state_load(na_feed_state *s, const char *path, char *errstr, size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        if (access(path, F_OK) != 0 && errno == ENOENT)
            return NA_OK;
        snprintf(errstr, errlen, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
        return NA_EPARSE;
    }
    int rc = NA_OK;
    json_t *feeds = json_object_get(root, "feeds");
    if (!json_is_object(feeds)) {
        snprintf(errstr, errlen, "%s: \"feeds\" must be an object", path);
        rc = NA_EPARSE;
        goto done;
    }
    int64_t now = na_clock_wall_ms();
    const char *url;
    json_t *f;
    json_object_foreach(feeds, url, f)
    {
        json_t *seen = json_object_get(f, "seen");
        if (!json_is_object(f) || (seen && !json_is_array(seen) && !json_is_object(seen))) {
            snprintf(errstr, errlen, "%s: feeds.\"%s\": expected {etag, last_modified, seen}", path,
                     url);
            rc = NA_EPARSE;
            goto done;
        }
        if ((rc = na_feed_state_set_validators(s, url, opt_str(f, "etag"),
                                               opt_str(f, "last_modified"))) ||
            (rc = load_seen(s, url, seen, now)))
            goto done;
    }
done:
    json_decref(root);
    if (rc == NA_ENOMEM)
        snprintf(errstr, errlen, "%s: out of memory", path);
    return rc;
}

static json_t *to_json(const na_feed_state *s)
{
    json_t *feeds = json_object();
    for (size_t i = 0; feeds && i < s->n; i++) {
        const feed_entry *e = &s->feeds[i];
        json_t *seen = json_object();
        for (size_t k = 0; seen && k < e->cap; k++)
            if (e->slots[k].id)
                json_object_set_new(seen, e->slots[k].id, json_integer(e->slots[k].ms));
        json_t *f = json_pack("{s:s?, s:s?, s:o?}", "etag", e->etag, "last_modified",
                              e->last_modified, "seen", seen);
        if (!f || json_object_set_new(feeds, e->url, f)) {
            json_decref(feeds);
            return NULL;
        }
    }
    return feeds ? json_pack("{s:i, s:o}", "version", 2, "feeds", feeds) : NULL;
}

int na_feed_state_save(const na_feed_state *s, const char *path, char *errstr, size_t errlen)
{
    json_t *root = to_json(s);
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(root);
    if (!text) {
        snprintf(errstr, errlen, "%s: out of memory", path);
        return NA_ENOMEM;
    }
    size_t n = strlen(text);
    char *line = realloc(text, n + 2);
    if (!line) {
        free(text);
        snprintf(errstr, errlen, "%s: out of memory", path);
        return NA_ENOMEM;
    }
    line[n] = '\n';
    line[n + 1] = '\0';
    int rc = na_file_replace(path, line, n + 1, errstr, errlen);
    free(line);
    return rc;
}

int na_feed_state_default_path(char *buf, size_t n)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int w;
    if (xdg && *xdg == '/')
        w = snprintf(buf, n, "%s/newsalert/feeds.json", xdg);
    else if (home && *home)
        w = snprintf(buf, n, "%s/.local/state/newsalert/feeds.json", home);
    else
        return NA_ENOTFOUND;
    return w < 0 || (size_t)w >= n ? NA_EINVAL : NA_OK;
}
