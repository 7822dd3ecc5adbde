/* A source partition's watermark: the lesser of the dated and the undated sequences' latest. */
#include "stream/watermark.h"

void na_source_mark_init(na_source_mark *s)
{
    *s = (na_source_mark){-1, -1};
}

int64_t na_source_mark_see(na_source_mark *s, int64_t published_ms, int64_t record_ms)
{
    if (published_ms >= 0) /* the latest, not the greatest: a step back only makes windows wait */
        s->dated = published_ms;
    if (record_ms >= 0 && record_ms > s->stamp)
        s->stamp = record_ms;
    return published_ms >= 0 ? published_ms : record_ms;
}

int na_source_mark_get(const na_source_mark *s, int64_t *wm)
{
    if (s->dated < 0)
        return 0;
    /* Undated articles still to come are placed at a record time not older than stamp. */
    *wm = s->stamp >= 0 && s->stamp < s->dated ? s->stamp : s->dated;
    return 1;
}
