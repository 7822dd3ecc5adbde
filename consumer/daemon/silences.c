/*
 * Silences in the daemon (docs/silences.md): the silences topic read to its end before the
 * first record, then polled every pass; each alert asked at send time, per destination.
 */
#include <stdio.h>

#include "daemon/daemon_int.h"
#include "newsalert/clock.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"

#define CATCH_UP_MS 10000 /* how long the silences may take to be read at start */

int na_daemon_silences_setup(na_daemon *d, char *err, size_t errlen)
{
    const struct na_daemon_opts *o = d->o;
    if (!o->silences_topic || !*o->silences_topic) /* --silences-topic "": none read */
        return 0;
    int timeout = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
    if (!(d->silences = na_silences_new()) ||
        !(d->silence_reader =
              na_silence_reader_new(o->brokers, o->silences_topic, o->kafka_props, o->n_kafka_props,
                                    d->silences, timeout, err, errlen)))
        return -1;
    char why[512];
    int64_t t0 = na_clock_mono_ms();
    if (na_silence_reader_catch_up(d->silence_reader, CATCH_UP_MS, why, sizeof why))
        na_warn("silence", "%s: going on; the rest is applied as it comes", why);
    int64_t now = na_clock_wall_ms();
    na_info("silence", "%zu silences read from %s, %zu in force (%lld ms)",
            na_silences_count(d->silences), o->silences_topic, na_silences_active(d->silences, now),
            (long long)(na_clock_mono_ms() - t0));
    return 0;
}

void na_daemon_silences_poll(na_daemon *d)
{
    if (d->silence_reader && na_silence_reader_poll(d->silence_reader))
        na_info("silence", "silences changed: %zu in force",
                na_silences_active(d->silences, na_clock_wall_ms()));
}

int na_daemon_silenced(na_daemon *d, const na_alert *al, const char *destination)
{
    if (!d->silences)
        return 0;
    const na_silence *s =
        na_silences_match(d->silences, al, destination ? destination : "", na_clock_wall_ms());
    if (!s)
        return 0;
    d->silenced++;
    na_metrics_inc(NA_M_C_SILENCED, al->rule_id, destination ? destination : "");
    na_info("silence", "alert %s (%s) to \"%s\" silenced by %s: %s", al->id, al->rule_id,
            destination ? destination : "", s->id, s->comment ? s->comment : "");
    if (d->o->report && na_report_add_silenced(d->o->report, al, destination, s->id))
        na_warn("daemon", "report: out of memory");
    return 1;
}

void na_daemon_silences_close(na_daemon *d)
{
    if (d->silenced)
        na_info("silence", "%lu alert deliveries silenced", d->silenced);
    na_silence_reader_destroy(d->silence_reader);
    na_silences_destroy(d->silences);
    d->silence_reader = NULL;
    d->silences = NULL;
}
