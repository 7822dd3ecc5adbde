/* SIGINT/SIGTERM: first graceful, second immediate, in both binaries. */
#include "newsalert/signals.h"

#include <string.h>

void na_signals_catch(void (*on_signal)(int), na_signals_saved *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, old ? &old->sigint : NULL);
    sigaction(SIGTERM, &sa, old ? &old->sigterm : NULL);
}

void na_signals_restore(const na_signals_saved *old)
{
    sigaction(SIGINT, &old->sigint, NULL);
    sigaction(SIGTERM, &old->sigterm, NULL);
}
