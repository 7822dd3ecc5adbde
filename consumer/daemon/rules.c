/* The rule engine (rules.h) behind the daemon's eval hook: o.eval_ctx is the na_rules. */
#include "daemon/daemon.h"
#include "newsalert/log.h"
#include "newsalert/metrics.h"
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

struct reload_errors {
    unsigned n;
};

static void log_rule_error(const char *msg, void *ud)
{
    ((struct reload_errors *)ud)->n++;
    na_err("reload", "%s", msg);
}

void *na_daemon_rules_reload(void *path, const na_destinations *cfg)
{
    na_strlist names = {0};
    for (size_t i = 0; cfg && i < cfg->n; i++)
        if (na_strlist_push(&names, cfg->items[i].name)) {
            na_strlist_clear(&names);
            na_err("reload", "out of memory");
            return NULL;
        }
    char err[1024];
    struct reload_errors e = {0};
    na_rules *r = na_rules_load_ex(path, cfg ? &names : NULL, log_rule_error, &e, err, sizeof err);
    na_strlist_clear(&names);
    if (!r && !e.n)
        na_err("reload", "%s", err);
    if (r)
        na_metrics_set(NA_M_C_RULESET_RULES, NULL, NULL, (double)na_rules_count(r));
    return r;
}

void na_daemon_rules_free(void *rules)
{
    na_rules_destroy(rules);
}
