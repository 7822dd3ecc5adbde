/* The generic payload: the alert JSON itself, plus "text" when a template is configured. */
#include "format/format.h"

#include <stdlib.h>

json_t *na_format_generic(const na_alert *al, const char *template_text)
{
    json_t *o = na_alert_to_json(al);
    if (o && template_text) {
        char *text = na_format_template(template_text, al, NULL);
        if (!text || json_object_set_new(o, "text", json_string(text))) {
            json_decref(o);
            o = NULL;
        }
        free(text);
    }
    return o;
}
