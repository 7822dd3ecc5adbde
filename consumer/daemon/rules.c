/* The rule engine (rules.h) behind the daemon's eval hook: o.eval_ctx is the na_rules. */
#include "daemon/daemon.h"
#include "rules/rules.h"

int na_daemon_rules_eval(void *rules, const na_article *a, int (*cb)(na_alert *al, void *ud),
                         void *ud)
{
    return na_rules_eval(rules, a, cb, ud);
}

int na_daemon_rules_rebuild(void *rules, const na_article *a)
{
    return na_rules_eval_ex(rules, a, NULL, NULL, 0);
}

void na_daemon_rules_free(void *rules)
{
    na_rules_destroy(rules);
}

unsigned na_daemon_rules_parts(void *rules)
{
    return na_rules_event_parts(rules);
}

int64_t na_daemon_rules_horizon(void *rules)
{
    return na_rules_state_horizon_ms(rules);
}
