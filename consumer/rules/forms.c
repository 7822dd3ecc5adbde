/* Word forms without listing them: "deny~" stands for deny, denies, denied, denying. */
#include <string.h>

#include "rules/rules_int.h"

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int add(char forms[][64], size_t *n, const char *w, size_t keep, const char *suffix)
{
    char f[64];
    if (keep + strlen(suffix) >= sizeof f)
        return -1;
    memcpy(f, w, keep);
    strcpy(f + keep, suffix);
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(forms[i], f))
            return 0;
    strcpy(forms[(*n)++], f);
    return 0;
}

/* The regular English inflections (plural or third person, past, -ing, doubled consonant);
 * a few are not words ("baned"): they never occur, so they never match. */
static size_t inflect(const char *w, size_t n, char forms[][64])
{
    size_t k = 0;
    char last = w[n - 1], prev = n > 1 ? w[n - 2] : 'a';
    int cy = last == 'y' && !vowel(prev);
    add(forms, &k, w, n, "");
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')))
        add(forms, &k, w, n, "es");
    else
        add(forms, &k, w, cy ? n - 1 : n, cy ? "ies" : "s");
    if (last == 'o') /* embargoes, vetoes */
        add(forms, &k, w, n, "es");
    if (last == 'e')
        add(forms, &k, w, n, "d");
    else
        add(forms, &k, w, cy ? n - 1 : n, cy ? "ied" : "ed");
    if (last == 'e' && n > 2 && prev != 'e' && prev != 'o' && prev != 'y')
        add(forms, &k, w, n - 1, "ing");
    else if (last == 'e' && prev == 'i')
        add(forms, &k, w, n - 2, "ying");
    else
        add(forms, &k, w, n, "ing");
    if (n >= 3 && !vowel(last) && !strchr("wxy", last) && vowel(prev) && !vowel(w[n - 3])) {
        char dbl[3] = {last, 0, 0};
        char ed[8], ing[8];
        strcpy(ed, dbl);
        strcat(ed, "ed");
        strcpy(ing, dbl);
        strcat(ing, "ing");
        add(forms, &k, w, n, ed);
        add(forms, &k, w, n, ing);
    }
    return k;
}

size_t na_rules_forms(const char *w, size_t n, char *out, size_t outlen)
{
    char forms[8][64];
    if (n == 0 || n > 48)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(w[i] >= 'a' && w[i] <= 'z'))
            return 0;
    size_t k = inflect(w, n, forms), stem = n;
    for (size_t i = 1; i < k; i++) {
        size_t c = 0;
        while (c < stem && forms[i][c] == forms[0][c])
            c++;
        stem = c;
    }
    size_t len = stem + 2;
    for (size_t i = 0; i < k; i++)
        len += strlen(forms[i]) - stem + 1;
    if (len >= outlen)
        return 0;
    size_t o = 0;
    memcpy(out, w, stem);
    o = stem;
    out[o++] = NA_FORMS_OPEN;
    for (size_t i = 0; i < k; i++) {
        if (i)
            out[o++] = NA_FORMS_SEP;
        size_t m = strlen(forms[i]) - stem;
        memcpy(out + o, forms[i] + stem, m);
        o += m;
    }
    out[o++] = NA_FORMS_CLOSE;
    out[o] = '\0';
    return o;
}
