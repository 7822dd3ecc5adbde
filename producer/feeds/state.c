/* The seen-items state file: JSON, written atomically so a crash never leaves half a file. */
#include "feeds/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

typedef struct feed_entry {
    char *url;
    char *etag;
    char *last_modified;
    char **seen; /* ring of ids, oldest at head */
    size_t head, n;
} feed_entry;

struct na_feed_state {
    feed_entry *feeds;
    size_t n, cap;
    size_t max_seen;
};

na_feed_state *na_feed_state_new(size_t max_seen)
{
    na_feed_state *s = calloc(1, sizeof *s);
    if (s)
        s->max_seen = max_seen ? max_seen : NA_FEED_STATE_MAX_SEEN;
    return s;
}

static void entry_free(feed_entry *e)
{
    free(e->url);
    free(e->etag);
    free(e->last_modified);
    for (size_t i = 0; i < e->n; i++)
        free(e->seen[i]);
    free(e->seen);
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
    if (!(e->url = strdup(url)) || !(e->seen = calloc(s->max_seen, sizeof *e->seen))) {
        entry_free(e);
        return NULL;
    }
    s->n++;
    return e;
}

int na_feed_state_seen(const na_feed_state *s, const char *url, const char *id)
{
    const feed_entry *e = find(s, url);
    for (size_t i = 0; e && i < e->n; i++)
        if (strcmp(e->seen[i], id) == 0)
            return 1;
    return 0;
}

size_t na_feed_state_count(const na_feed_state *s, const char *url)
{
    const feed_entry *e = find(s, url);
    return e ? e->n : 0;
}

int na_feed_state_mark(na_feed_state *s, const char *url, const char *id)
{
    if (na_feed_state_seen(s, url, id))
        return NA_OK;
    feed_entry *e = find_or_add(s, url);
    char *copy = strdup(id);
    if (!e || !copy) {
        free(copy);
        return NA_ENOMEM;
    }
    /* Slot (head + n) % max holds the next id; when full it is the oldest, which goes. */
    size_t slot = (e->head + e->n) % s->max_seen;
    if (e->n == s->max_seen) {
        free(e->seen[slot]);
        e->head = (e->head + 1) % s->max_seen;
    } else {
        e->n++;
    }
    e->seen[slot] = copy;
    return NA_OK;
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
    const char *url;
    json_t *f;
    json_object_foreach(feeds, url, f)
    {
        json_t *seen = json_object_get(f, "seen");
        if (!json_is_object(f) || (seen && !json_is_array(seen))) {
            snprintf(errstr, errlen, "%s: feeds.\"%s\": expected {etag, last_modified, seen[]}",
                     path, url);
            rc = NA_EPARSE;
            goto done;
        }
        if ((rc = na_feed_state_set_validators(s, url, opt_str(f, "etag"),
                                               opt_str(f, "last_modified"))))
            goto done;
        size_t i;
        json_t *id;
        json_array_foreach(seen, i, id)
        {
            if (json_is_string(id) && (rc = na_feed_state_mark(s, url, json_string_value(id))))
                goto done;
        }
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
        json_t *seen = json_array();
        for (size_t k = 0; seen && k < e->n; k++)
            json_array_append_new(seen, json_string(e->seen[(e->head + k) % s->max_seen]));
        json_t *f = json_pack("{s:s?, s:s?, s:o?}", "etag", e->etag, "last_modified",
                              e->last_modified, "seen", seen);
        if (!f || json_object_set_new(feeds, e->url, f)) {
            json_decref(feeds);
            return NULL;
        }
    }
    return feeds ? json_pack("{s:i, s:o}", "version", 1, "feeds", feeds) : NULL;
}

/* mkdir -p for the folder holding path. */
static int make_parent(const char *path)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return -1;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    int fd = *(int *)data;
    while (size) {
        ssize_t w = write(fd, buf, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        size -= (size_t)w;
    }
    return 0;
}

int na_feed_state_save(const na_feed_state *s, const char *path, char *errstr, size_t errlen)
{
    char tmp[4200] = "";
    int fd = -1, rc = NA_OK;
    json_t *root = to_json(s);
    if (!root) {
        snprintf(errstr, errlen, "%s: out of memory", path);
        return NA_ENOMEM;
    }
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(errstr, errlen, "%s: path too long", path);
        tmp[0] = '\0';
        rc = NA_EINVAL;
        goto done;
    }
    if (make_parent(path) != 0 || (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
        json_dump_callback(root, dump_cb, &fd, JSON_COMPACT) != 0 || dump_cb("\n", 1, &fd) ||
        fsync(fd) != 0) {
        snprintf(errstr, errlen, "%s: %s", fd < 0 ? path : tmp, strerror(errno));
        rc = NA_EIO;
        goto done;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        fd = -1;
        snprintf(errstr, errlen, "%s: %s", path, strerror(errno));
        rc = NA_EIO;
        goto done;
    }
    fd = -1;
done:
    if (fd >= 0)
        close(fd);
    if (rc && tmp[0])
        unlink(tmp);
    json_decref(root);
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
