/* --check, --print-default-rules, and the one loader of rules and config every mode runs. */
#include "modes/check.h"

#include <string.h>

#include <jansson.h>

#include "newsalert/embedded.h"
#include "newsalert/error.h"

static void print_error(const char *msg, void *ud)
{
    fprintf(ud, "%s\n", msg);
}

/* The config's destination names, for the rules' "destinations" references. */
static int names_of(const na_destinations *c, na_strlist *out)
{
    for (size_t i = 0; i < c->n; i++)
        if (na_strlist_push(out, c->items[i].name))
            return NA_ENOMEM;
    return NA_OK;
}

static int check_load(const struct na_consumer_cli *o, FILE *errf, na_rules **rules,
                      na_destinations **dests, int windows_only)
{
    char err[1024];
    *rules = NULL;
    *dests = NULL;
    if (o->config && !(*dests = na_destinations_load(o->config, err, sizeof err))) {
        fprintf(errf, "%s\n", err);
        return NA_EXIT_USAGE;
    }
    if (*dests && o->destination && !na_destinations_find(*dests, o->destination)) {
        fprintf(errf, "--destination \"%s\": not in %s\n", o->destination, o->config);
        na_destinations_destroy(*dests);
        *dests = NULL;
        return NA_EXIT_USAGE;
    }
    na_strlist names = {0};
    if (!*dests || !names_of(*dests, &names))
        *rules = (windows_only ? na_rules_load_windows_ex : na_rules_load_ex)(
            o->rules, *dests ? &names : NULL, print_error, errf, err, sizeof err);
    na_strlist_clear(&names);
    if (!*rules) {
        na_destinations_destroy(*dests);
        *dests = NULL;
        return NA_EXIT_DATA;
    }
    return NA_EXIT_OK;
}

int na_check_load(const struct na_consumer_cli *o, FILE *errf, na_rules **rules,
                  na_destinations **dests)
{
    return check_load(o, errf, rules, dests, 0);
}

int na_check_load_windows(const struct na_consumer_cli *o, FILE *errf, na_rules **rules,
                          na_destinations **dests)
{
    return check_load(o, errf, rules, dests, 1);
}

int na_check_run(const struct na_consumer_cli *o, FILE *out, FILE *errf)
{
    na_rules *r;
    na_destinations *c;
    if (na_check_load(o, errf, &r, &c))
        return NA_EXIT_DATA;
    size_t n_ex = 0; /* every rule's examples must fire, or stay quiet, as they say */
    int failed = na_rules_check_examples(r, print_error, errf, &n_ex);
    if (failed) {
        if (failed < 0)
            fprintf(errf, "examples: %s\n", na_strerror(failed));
        na_rules_destroy(r);
        na_destinations_destroy(c);
        return NA_EXIT_DATA;
    }
    fprintf(out, "%s: %zu rules OK, %zu examples pass\n", o->rules ? o->rules : "<built-in>/rules",
            na_rules_count(r), n_ex);
    if (c)
        fprintf(out, "%s: %zu destination%s OK\n", o->config, c->n, c->n == 1 ? "" : "s");
    na_rules_destroy(r);
    na_destinations_destroy(c);
    return NA_EXIT_OK;
}

int na_check_print_default_rules(FILE *out, FILE *errf)
{
    json_t *all = json_array();
    const char *name;
    int rc = NA_EXIT_OK;
    for (size_t k = 0; (name = na_embedded_name(k)); k++) {
        size_t n = strlen(name);
        if (strncmp(name, "rules/", 6) || n < 5 || strcmp(name + n - 5, ".json"))
            continue;
        size_t len;
        const char *text = na_embedded_get(name, &len);
        json_error_t jerr;
        json_t *doc = json_loadb(text, len, 0, &jerr);
        if (!doc) {
            fprintf(errf, "<built-in>/%s:%d:%d: %s\n", name, jerr.line, jerr.column, jerr.text);
            rc = NA_EXIT_DATA;
            continue;
        }
        json_array_extend(all, json_object_get(doc, "rules"));
        json_decref(doc);
    }
    json_t *root = json_pack("{s:o}", "rules", all);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
    return rc;
}
