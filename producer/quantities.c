/*
 * A quantity is a number (digits, a number word, or a vague plural such as "thousands of"),
 * optionally scaled ("million"), with a unit: a currency sign before it ("$" -> USD), "%" or
 * "percent" after it, or else the noun after it. The noun is a known plural noun ("troops")
 * within the next three words when one is there, so "100,000 Russian troops" has unit "troops";
 * otherwise the next word, lower-cased, unless it is a function word. Approximators before the
 * number ("around", "more than") join the text. Years, dates, times, ordinals, "No. 10" and
 * numbers stuck to words ("F-16", "COVID-19", "10-year") are not quantities.
 */
#include "quantities.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"

struct numword {
    const char *word;
    double value;
};

/* "one" is left out: "one of", "no one" and "one day" are rarely quantities. */
static const struct numword small_words[] = {
    {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},     {"six", 6},
    {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},     {"eleven", 11},
    {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
    {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},  {"thirty", 30},
    {"forty", 40},     {"fifty", 50},    {"sixty", 60},    {"seventy", 70}, {"eighty", 80},
    {"ninety", 90},    {NULL, 0}};

static const struct numword scale_words[] = {
    {"hundred", 1e2}, {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12},
    {"mln", 1e6},     {"bln", 1e9},      {"bn", 1e9},      {"tn", 1e12},     {NULL, 0}};

/* Vague plurals, always followed by "of": "thousands of troops". */
static const struct numword vague_words[] = {
    {"dozens", 12},    {"scores", 20},    {"hundreds", 100}, {"thousands", 1e3},
    {"millions", 1e6}, {"billions", 1e9}, {"tens", 10},      {NULL, 0}};

/* Suffixes glued to a currency amount: "$5bn", "£600m". */
static const struct numword suffixes[] = {{"bn", 1e9},  {"m", 1e6}, {"mn", 1e6}, {"k", 1e3},
                                          {"tn", 1e12}, {"b", 1e9}, {NULL, 0}};

/* Plural nouns worth skipping one or two adjectives for ("100,000 Russian troops"). */
static const char *const unit_nouns[] = {
    "troops",     "soldiers",    "people",     "civilians",    "refugees",      "tanks",
    "vehicles",   "jets",        "aircraft",   "planes",       "helicopters",   "warships",
    "ships",      "vessels",     "missiles",   "rockets",      "drones",        "weapons",
    "howitzers",  "servicemen",  "personnel",  "forces",       "fighters",      "militants",
    "rebels",     "police",      "officers",   "protesters",   "demonstrators", "workers",
    "jobs",       "employees",   "children",   "women",        "men",           "residents",
    "migrants",   "prisoners",   "casualties", "deaths",       "barrels",       "tonnes",
    "tons",       "shares",      "votes",      "seats",        "homes",         "houses",
    "cases",      "patients",    "students",   "paratroopers", "sailors",       "marines",
    "reservists", "conscripts",  "volunteers", "mercenaries",  "battalions",    "brigades",
    "divisions",  "kilometres",  "kilometers", "miles",        "dollars",       "euros",
    "members",    "countries",   "nations",    "companies",    "banks",         "customers",
    "users",      "visitors",    "tourists",   "cars",         "units",         "sanctions",
    "miners",     "journalists", "diplomats",  "ministers",    "lawmakers",     "votes",
    NULL};

/* Function words: never a unit, and never skipped while looking for one. */
static const char *const stop_words[] = {
    "the",   "a",      "an",    "of",    "to",    "in",      "on",      "at",      "by",
    "for",   "from",   "and",   "or",    "but",   "with",    "as",      "is",      "was",
    "were",  "are",    "be",    "been",  "has",   "have",    "had",     "will",    "would",
    "could", "should", "may",   "might", "per",   "than",    "that",    "which",   "who",
    "this",  "it",     "its",   "their", "his",   "her",     "he",      "she",     "they",
    "we",    "i",      "you",   "not",   "no",    "more",    "less",    "after",   "before",
    "into",  "over",   "under", "out",   "up",    "down",    "off",     "so",      "if",
    "when",  "while",  "since", "until", "about", "against", "between", "through", "during",
    "said",  "says",   "also",  "only",  "just",  "each",    "other",   "such",    "said",
    "did",   "do",     "does",  "can",   "must",  "there",   "then",    "these",   "those",
    "where", "whom",   "whose", "what",  NULL};

static const char *const months[] = {
    "January", "February", "March",    "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan",   "Feb", "Mar",  "Apr",  "Jun",    "Jul",
    "Aug",     "Sep",      "Sept",     "Oct",   "Nov", "Dec",  NULL};

/* Words before a year: "in 2022", "since 2014". */
static const char *const year_words[] = {
    "in",     "since", "by",     "until",   "till",   "of",    "from",    "during",
    "before", "after", "early",  "late",    "mid",    "year",  "spring",  "summer",
    "autumn", "fall",  "winter", "through", "to",     "and",   "In",      "Since",
    "By",     "Until", "From",   "During",  "Before", "After", "between", NULL};

static const char *const number_labels[] = {"No",     "Nos",     "no",         "number",
                                            "Number", "Article", "Resolution", "Flight",
                                            "Route",  "Apollo",  NULL};

static const char *const time_words[] = {"a.m.", "p.m.", "am",  "pm",  "GMT", "BST",
                                         "EST",  "EDT",  "CET", "UTC", "ET",  NULL};

/* Approximators, longest first; matched case-insensitively before the number. */
static const char *const approx[][3] = {{"in", "excess", "of"},    {"as", "many", "as"},
                                        {"as", "much", "as"},      {"as", "few", "as"},
                                        {"more", "than", NULL},    {"less", "than", NULL},
                                        {"fewer", "than", NULL},   {"up", "to", NULL},
                                        {"at", "least", NULL},     {"at", "most", NULL},
                                        {"close", "to", NULL},     {"upwards", "of", NULL},
                                        {"an", "estimated", NULL}, {"around", NULL, NULL},
                                        {"about", NULL, NULL},     {"some", NULL, NULL},
                                        {"nearly", NULL, NULL},    {"almost", NULL, NULL},
                                        {"roughly", NULL, NULL},   {"approximately", NULL, NULL},
                                        {"over", NULL, NULL},      {"under", NULL, NULL},
                                        {"estimated", NULL, NULL}, {"only", NULL, NULL},
                                        {"just", NULL, NULL},      {"barely", NULL, NULL},
                                        {"circa", NULL, NULL}};

typedef struct scan {
    const char *text;
    const na_token *v;
    size_t n;
} scan;

typedef struct found {
    size_t first, last; /* tokens [first, last) */
    double value;
    const char *unit; /* a fixed unit ("USD", "percent"), or NULL: the word at unit_tok */
    size_t unit_tok;
} found;

static const na_token *tok(const scan *s, size_t i)
{
    return i < s->n ? &s->v[i] : NULL;
}

static int is_word(const na_token *t)
{
    return t && t->kind == NA_TOK_WORD;
}

static int punct_is(const na_token *t, uint32_t cp)
{
    return t && na_tok_is(t, cp);
}

/* Adjacent: nothing, not even a space, between the tokens at i - 1 and i. */
static int glued(const scan *s, size_t i)
{
    return i > 0 && i < s->n && !(s->v[i].flags & NA_TOK_SPACE);
}

static int word_value(const scan *s, size_t i, const struct numword *list, double *value)
{
    const na_token *t = tok(s, i);
    if (!is_word(t))
        return 0;
    for (; list->word; list++)
        if (na_tok_eq_ci(s->text, t, list->word)) {
            *value = list->value;
            return 1;
        }
    return 0;
}

static int word_in(const scan *s, size_t i, const char *const *list)
{
    const na_token *t = tok(s, i);
    return is_word(t) && na_tok_in(s->text, t, list);
}

static int word_is(const scan *s, size_t i, const char *w)
{
    const na_token *t = tok(s, i);
    return is_word(t) && na_tok_eq_ci(s->text, t, w);
}

/* A capitalized number word counts only at the start of a sentence or quote. */
static int sentence_initial(const scan *s, size_t i)
{
    if (i == 0)
        return 1;
    const na_token *p = &s->v[i - 1];
    return p->kind == NA_TOK_PUNCT &&
           (p->cp == '.' || p->cp == '!' || p->cp == '?' || p->cp == '"' || p->cp == NA_CP_LDQUO ||
            p->cp == '(' || p->cp == ':');
}

static double parse_digits(const scan *s, const na_token *t, size_t *digits_end)
{
    char buf[64];
    size_t n = 0, i = t->start;
    for (; i < t->end && n + 1 < sizeof buf; i++) {
        char c = s->text[i];
        if (c == ',')
            continue;
        if (c != '.' && (c < '0' || c > '9'))
            break;
        buf[n++] = c;
    }
    buf[n] = '\0';
    *digits_end = i;
    return strtod(buf, NULL);
}

/* Number tokens that are labels, dates, times, years or parts of words. */
static int not_a_quantity(const scan *s, size_t i)
{
    const na_token *t = &s->v[i], *prev = i ? &s->v[i - 1] : NULL, *next = tok(s, i + 1);
    if (prev && glued(s, i) && prev->kind == NA_TOK_PUNCT &&
        (prev->cp == '-' || prev->cp == ':' || prev->cp == '/' || prev->cp == '.'))
        return 1;
    if (next && glued(s, i + 1) && next->kind == NA_TOK_PUNCT &&
        (next->cp == '-' || next->cp == ':' || next->cp == '/' || next->cp == 0x2013))
        return 1;
    if (word_in(s, i - (prev && punct_is(prev, '.') ? 2 : 1), months) && i > 0)
        return 1;
    if (word_in(s, i + 1, months) || word_in(s, i + 1, time_words))
        return 1;
    if (i > 0 && word_in(s, i - (punct_is(prev, '.') && i > 1 ? 2 : 1), number_labels))
        return 1;
    size_t len = t->end - t->start;
    if (len == 4 && !memchr(s->text + t->start, ',', len) &&
        !memchr(s->text + t->start, '.', len)) {
        long y = strtol(s->text + t->start, NULL, 10);
        if (y >= 1800 && y <= 2100 && !(prev && glued(s, i) && prev->kind == NA_TOK_PUNCT) &&
            (i == 0 || word_in(s, i - 1, year_words) || !is_word(next) ||
             (next->flags & NA_TOK_UPPER)))
            return 1;
    }
    return 0;
}

/* The number starting at token i: sets *value and returns the token after it, or 0. */
static size_t number_at(const scan *s, size_t i, double *value, size_t *first)
{
    const na_token *t = &s->v[i];
    *first = i;
    if (t->kind == NA_TOK_NUM) {
        if (not_a_quantity(s, i))
            return 0;
        size_t e;
        *value = parse_digits(s, t, &e);
        return i + 1;
    }
    if (!is_word(t) || ((t->flags & NA_TOK_UPPER) && !sentence_initial(s, i)))
        return 0;
    double v;
    if (word_value(s, i, small_words, &v)) {
        double u;
        if (punct_is(tok(s, i + 1), '-') && glued(s, i + 1) && glued(s, i + 2) &&
            word_value(s, i + 2, small_words, &u) && v >= 20 && u < 10) {
            v += u; /* "twenty-five" */
            i += 2;
        }
        *value = v;
        return i + 1;
    }
    if (word_value(s, i, vague_words, &v)) {
        double m;
        size_t j = i + 1;
        if (!word_is(s, j, "of"))
            return 0;
        if ((v == 10 || v == 100) && word_value(s, j + 1, vague_words, &m) && m >= 1e3 &&
            word_is(s, j + 2, "of")) {
            v *= m; /* "tens of thousands of" */
            j += 2;
        } else if (v == 10) {
            return 0;
        }
        *value = v;
        return j + 1; /* past "of" */
    }
    if (i > 0 && word_is(s, i - 1, "a") &&
        (word_is(s, i, "dozen") || word_is(s, i, "hundred") || word_is(s, i, "thousand"))) {
        *value = word_is(s, i, "dozen") ? 12 : word_is(s, i, "hundred") ? 100 : 1000;
        *first = i - 1;
        return i + 1;
    }
    return 0;
}

static const char *currency_before(const scan *s, size_t i, size_t *first)
{
    if (i == 0 || !glued(s, i) || s->v[i - 1].kind != NA_TOK_PUNCT)
        return NULL;
    uint32_t cp = s->v[i - 1].cp;
    const char *unit = cp == '$' ? "USD" : cp == 0x20AC ? "EUR" : cp == 0xA3 ? "GBP" : NULL;
    if (!unit)
        return NULL;
    *first = i - 1;
    if (cp == '$' && i > 1 && glued(s, i - 1) && word_is(s, i - 2, "US"))
        *first = i - 2;
    return unit;
}

/* The unit noun at or after token j (see the header comment); returns its index or n. */
static size_t unit_noun(const scan *s, size_t j)
{
    for (size_t k = j; k < j + 3 && is_word(tok(s, k)); k++) {
        if (word_in(s, k, unit_nouns))
            return k;
        if (word_in(s, k, stop_words) && !(s->v[k].flags & NA_TOK_UPPER))
            break;
    }
    const na_token *t = tok(s, j);
    if (!is_word(t) || (t->flags & NA_TOK_DOTS))
        return s->n;
    if (t->flags & NA_TOK_UPPER) {
        /* "12 Palestinians", but not "10 Downing Street" */
        const na_token *after = tok(s, j + 1);
        if (s->text[t->end - 1] != 's' || (is_word(after) && (after->flags & NA_TOK_UPPER)))
            return s->n;
        return j;
    }
    for (const char *const *w = stop_words; *w; w++)
        if (na_tok_eq_ci(s->text, t, *w))
            return s->n;
    return j;
}

/* Extends f->first over an approximator such as "more than" just before it. */
static void approximator(const scan *s, found *f)
{
    for (size_t a = 0; a < sizeof approx / sizeof approx[0]; a++) {
        size_t len = approx[a][2] ? 3 : approx[a][1] ? 2 : 1;
        if (f->first < len)
            continue;
        size_t k = 0, start = f->first - len;
        while (k < len && word_is(s, start + k, approx[a][k]))
            k++;
        if (k == len) {
            f->first = start;
            return;
        }
    }
}

/* Scales ("million"), currency, percent, then the unit noun; 1 when a quantity was found. */
static int complete(const scan *s, found *f, size_t j)
{
    double m;
    size_t glued_end = 0;
    const na_token *num = &s->v[f->last];
    if (num->kind == NA_TOK_ALNUM) {
        /* "$5bn": only currency amounts carry a glued suffix */
        f->value = parse_digits(s, num, &glued_end);
        na_token suffix = {.start = glued_end, .end = num->end, .kind = NA_TOK_WORD};
        const struct numword *x = suffixes;
        while (x->word && !na_tok_eq_ci(s->text, &suffix, x->word))
            x++;
        if (!x->word)
            return 0;
        f->value *= x->value;
    }
    for (int k = 0; k < 2 && word_value(s, j, scale_words, &m) && !(s->v[j].flags & NA_TOK_UPPER);
         k++, j++)
        f->value *= m;
    f->unit = currency_before(s, f->first, &f->first);
    if (num->kind == NA_TOK_ALNUM && !f->unit)
        return 0;
    if (!f->unit && punct_is(tok(s, j), '%') && glued(s, j)) {
        f->unit = "percent";
        j++;
    } else if (!f->unit && word_is(s, j, "percent")) {
        f->unit = "percent";
        j++;
    } else if (!f->unit && word_is(s, j, "per") && word_is(s, j + 1, "cent")) {
        f->unit = "percent";
        j += 2;
    }
    if (!f->unit) {
        size_t u = unit_noun(s, j);
        if (u == s->n)
            return 0;
        f->unit_tok = u;
        j = u + 1;
    }
    f->last = j;
    approximator(s, f);
    return 1;
}

static char *lower_copy(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++)
        p[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    p[n] = '\0';
    return p;
}

static int emit(na_article *a, size_t p, const scan *s, const found *f)
{
    const na_token *u = &s->v[f->unit_tok];
    char *unit = f->unit ? strdup(f->unit) : lower_copy(s->text + u->start, u->end - u->start);
    size_t start = s->v[f->first].start, end = s->v[f->last - 1].end;
    char *text = malloc(end - start + 1);
    if (!unit || !text) {
        free(unit);
        free(text);
        return NA_ENOMEM;
    }
    memcpy(text, s->text + start, end - start);
    text[end - start] = '\0';
    return na_article_add_quantity(a, f->value, unit, text, (na_span){p, start, end});
}

int na_quantities_scan(na_article *a, size_t p, const char *text, const na_tokens *tk)
{
    scan s = {text, tk->v, tk->n};
    for (size_t i = 0; i < s.n; i++) {
        const na_token *t = &s.v[i];
        if (t->kind == NA_TOK_PUNCT)
            continue;
        found f = {0};
        size_t j;
        if (t->kind == NA_TOK_ALNUM) {
            if (i == 0 || !glued(&s, i))
                continue;
            f.first = i;
            j = i + 1;
        } else {
            j = number_at(&s, i, &f.value, &f.first);
            if (!j)
                continue;
        }
        f.last = i;
        if (!complete(&s, &f, j))
            continue;
        int rc = emit(a, p, &s, &f);
        if (rc)
            return rc;
        i = f.last - 1;
    }
    return NA_OK;
}
