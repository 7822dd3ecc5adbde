/* The story line of Slack, Discord and Teams messages (docs/stories.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/format.h"

char *na_format_story_text(const na_alert *al)
{
    if (!al->story)
        return NULL;
    size_t n = strlen(al->story) + 1;
    if (al->story_update_of) {
        n += strlen(al->story_update_of) + 64;
        for (size_t i = 0; i < al->story_outlets.n; i++)
            n += strlen(al->story_outlets.items[i]) + 2;
    }
    char *s = malloc(n);
    if (!s)
        return NULL;
    if (!al->story_update_of) {
        memcpy(s, al->story, n);
        return s;
    }
    int k = snprintf(s, n, "%s, update of %s: %zu copies", al->story, al->story_update_of,
                     al->story_copies);
    for (size_t i = 0; k > 0 && (size_t)k < n && i < al->story_outlets.n; i++)
        k += snprintf(s + k, n - (size_t)k, "%s%s", i ? ", " : " (", al->story_outlets.items[i]);
    if (al->story_outlets.n && k > 0 && (size_t)k < n)
        snprintf(s + k, n - (size_t)k, ")");
    return s;
}
