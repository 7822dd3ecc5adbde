/*
 * --watch: inotify on the rules (a file, or a folder of rule files) and on the config file; a
 * change asks for the same reload as SIGHUP, once the files have been quiet for a moment
 * (editors and deploy tools write, rename and touch in several steps).
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon_int.h"
#include "newsalert/log.h"

#define QUIET_MS 300
#define MAX_WATCHED 8

struct na_watch {
    int fd;
    size_t n;
    struct {
        int wd;
        char name[NAME_MAX + 1]; /* "": any file of a watched folder */
    } w[MAX_WATCHED];
    int64_t changed_ms; /* the last change not yet reloaded, 0: none */
};

na_watch *na_watch_new(const char *const *paths, size_t n, char *errstr, size_t errlen)
{
    na_watch *w = calloc(1, sizeof *w);
    if (!w || (w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
        snprintf(errstr, errlen, "--watch: inotify: %s", strerror(errno));
        free(w);
        return NULL;
    }
    for (size_t i = 0; i < n && w->n < MAX_WATCHED; i++) {
        char dir[PATH_MAX], base[PATH_MAX];
        struct stat st;
        if (stat(paths[i], &st)) {
            snprintf(errstr, errlen, "--watch %s: %s", paths[i], strerror(errno));
            na_watch_destroy(w);
            return NULL;
        }
        snprintf(dir, sizeof dir, "%s", paths[i]);
        snprintf(base, sizeof base, "%s", paths[i]);
        int is_dir = S_ISDIR(st.st_mode);
        const char *watched = is_dir ? paths[i] : dirname(dir); /* files are often replaced */
        int wd = inotify_add_watch(
            w->fd, watched, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE);
        if (wd < 0) {
            snprintf(errstr, errlen, "--watch %s: %s", watched, strerror(errno));
            na_watch_destroy(w);
            return NULL;
        }
        w->w[w->n].wd = wd;
        snprintf(w->w[w->n].name, sizeof w->w[w->n].name, "%s", is_dir ? "" : basename(base));
        w->n++;
    }
    return w;
}

static int relevant(const na_watch *w, const struct inotify_event *ev)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->w[i].wd == ev->wd && ev->len && ev->name[0] != '.' &&
            (!w->w[i].name[0] || strcmp(w->w[i].name, ev->name) == 0))
            return 1;
    return 0;
}

int na_watch_due(na_watch *w, int64_t now_ms)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    while ((len = read(w->fd, buf, sizeof buf)) > 0)
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (relevant(w, ev))
                w->changed_ms = now_ms;
            p += sizeof *ev + ev->len;
        }
    if (!w->changed_ms || now_ms - w->changed_ms < QUIET_MS)
        return 0;
    w->changed_ms = 0;
    na_info("reload", "--watch: the rules or the config changed");
    return 1;
}

void na_watch_destroy(na_watch *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    free(w);
}
