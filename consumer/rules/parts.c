/* Which parts of an event the loaded rules read (na_rules_event_parts), so the decoder skips
 * the others. */
#include "newsalert/event.h"
#include "rules/rules_int.h"

static unsigned node_parts(const rnode *n)
{
    unsigned p = 0;
    if (n->fields & NA_F_QUOTES)
        p |= NA_EVENT_QUOTES; /* quote scopes, and whether a match stands in one */
    if (n->fields & NA_F_ENTITIES)
        p |= NA_EVENT_ENTITIES;
    if (n->kind == RN_NEAR || n->n_unless)
        p |= NA_EVENT_SENTENCES; /* sentence and clause scopes, sentence evidence */
    if (n->n_actor)              /* the actor's clause, or it speaks the quotation */
        p |= NA_EVENT_SENTENCES | NA_EVENT_QUOTES;
    if (n->kind == RN_QUANTITY)
        p |= NA_EVENT_QUANTITIES | NA_EVENT_QUOTES; /* a quantity's scope may be the quotes */
    for (size_t i = 0; i < n->n_kids; i++)
        p |= node_parts(n->kids[i]);
    return p;
}

unsigned na_rules_event_parts(const na_rules *r)
{
    unsigned p = 0;
    for (size_t i = 0; i < r->n_rules; i++) {
        const rule *ru = &r->rules[i];
        if (!ru->enabled)
            continue;
        p |= node_parts(ru->match);
        if (ru->win.type && ru->win.group_by != RW_G_ALL && ru->win.group_by != RW_G_OUTLET)
            p |= NA_EVENT_ENTITIES; /* the window's group keys */
    }
    return p;
}
