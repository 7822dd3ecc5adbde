/* The sink calls every caller uses, whatever the sink underneath. */
#include "sink/sink.h"

int na_sink_send(na_sink *s, const char *key, char *value, size_t len, int64_t ts_ms)
{
    return s->ops->send(s, key, value, len, ts_ms);
}

void na_sink_poll(na_sink *s)
{
    if (s->ops->poll)
        s->ops->poll(s);
}

int na_sink_flush(na_sink *s, int timeout_ms)
{
    return s->ops->flush(s, timeout_ms);
}

void na_sink_destroy(na_sink *s)
{
    if (s)
        s->ops->destroy(s);
}
