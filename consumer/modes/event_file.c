#include "modes/event_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "newsalert/error.h"
#include "newsalert/event.h"

/* "1:17: message" from the decoder becomes "file:LINE:17: message". */
static void report_line(FILE *errf, const char *file, size_t line, const char *msg)
{
    int l, col, n = 0;
    if (sscanf(msg, "%d:%d: %n", &l, &col, &n) == 2 && n > 0)
        fprintf(errf, "%s:%zu:%d: %s\n", file, line, col, msg + n);
    else
        fprintf(errf, "%s:%zu: %s\n", file, line, msg);
}

int na_event_file_each(const char *path, FILE *errf, na_event_fn fn, void *ud,
                       struct na_event_file_stats *st)
{
    FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    const char *name = strcmp(path, "-") ? path : "<stdin>";
    memset(st, 0, sizeof *st);
    if (!in) {
        fprintf(errf, "%s: cannot open: %s\n", path, strerror(errno));
        return NA_EIO;
    }
    na_event_decoder *dc = na_event_decoder_new();
    if (!dc) {
        if (in != stdin)
            fclose(in);
        return NA_ENOMEM;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        const na_article *a;
        char err[512];
        if (na_event_decoder_decode(dc, NA_EVENT_ALL, line, (size_t)n, &a, err, sizeof err)) {
            report_line(errf, name, lineno, err);
            st->bad++;
            continue;
        }
        st->events++;
        int rc = fn(a, ud);
        if (rc) {
            report_line(errf, name, lineno, na_strerror(rc));
            st->bad++;
        }
    }
    na_event_decoder_destroy(dc);
    int rd_err = ferror(in);
    free(line);
    if (in != stdin)
        fclose(in);
    if (rd_err) {
        fprintf(errf, "%s: read error\n", name);
        return NA_EIO;
    }
    return NA_OK;
}
