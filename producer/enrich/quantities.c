/*
 * A quantity is a number (digits, a number word, or a vague plural such as "thousands of"),
 * optionally scaled ("million"), with a unit: a currency sign before it ("$" -> USD), "%" or
 * "percent" after it, or else the noun after it. The noun is a known plural noun ("troops")
 * within the next three words when one is there, so "100,000 Russian troops" has unit "troops";
 * otherwise the next word, lower-cased, unless it is a function word. Approximators before the
 * number ("around", "more than") join the text. Years, dates, times, ordinals, "No. 10" and
 * numbers stuck to words ("F-16", "COVID-19", "10-year") are not quantities.
 */
#include "enrich/quantities.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"

/* "one" is left out: "one of", "no one" and "one day" are rarely quantities. */
static const char *const small_names[] = {
    "two",     "three",     "four",     "five",     "six",      "seven",    "eight",
    "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty",   "thirty",   "forty",
    "fifty",   "sixty",     "seventy",  "eighty",   "ninety",   NULL};
static const double small_values[] = {2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
                                      15, 16, 17, 18, 19, 20, 30, 40, 50, 60, 70, 80, 90};

static const char *const scale_names[] = {"hundred", "thousand", "million", "billion", "trillion",
                                          "mln",     "bln",      "bn",      "tn",      NULL};
static const double scale_values[] = {1e2, 1e3, 1e6, 1e9, 1e12, 1e6, 1e9, 1e9, 1e12};

/* Vague plurals, always followed by "of": "thousands of troops". */
static const char *const vague_names[] = {"dozens",   "scores",   "hundreds", "thousands",
                                          "millions", "billions", "tens",     NULL};
static const double vague_values[] = {12, 20, 100, 1e3, 1e6, 1e9, 10};

/* Suffixes glued to a currency amount: "$5bn", "£600m". */
static const char *const suffix_names[] = {"bn", "m", "mn", "k", "tn", "b", NULL};
static const double suffix_values[] = {1e9, 1e6, 1e6, 1e3, 1e12, 1e9};

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
    "miners",     "journalists", "diplomats",  "ministers",    "lawmakers",     "points",
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
    "where", "whom",   "whose", "what",  "vs",    "last",    "next",    "each",    "ago",
    NULL};

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

/* Unit nouns with a standard name: currencies by ISO code, "pct" as "percent". */
static const char *const unit_aliases[] = {"dollars", "dlrs", "euros", "pct", "stg", "yen", NULL};
static const char *const unit_codes[] = {"USD", "USD", "EUR", "percent", "GBP", "JPY"};

static na_wordset small_set, scale_set, vague_set, suffix_set, unit_set, stop_set, month_set,
    year_set, label_set, time_set, alias_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

static void sets_init(void)
{
    na_wordset_init(&small_set, small_names, 1);
    na_wordset_init(&scale_set, scale_names, 1);
    na_wordset_init(&vague_set, vague_names, 1);
    na_wordset_init(&suffix_set, suffix_names, 1);
    na_wordset_init(&unit_set, unit_nouns, 1);
    na_wordset_init(&stop_set, stop_words, 1);
    na_wordset_init(&month_set, months, 0);
    na_wordset_init(&year_set, year_words, 0);
    na_wordset_init(&label_set, number_labels, 0);
    na_wordset_init(&time_set, time_words, 0);
    na_wordset_init(&alias_set, unit_aliases, 1);
}

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

static int word_value(const scan *s, size_t i, const na_wordset *set, const double *values,
                      double *value)
{
    const na_token *t = tok(s, i);
    int k = is_word(t) ? na_wordset_find(set, s->text, t) : 0;
    if (k)
        *value = values[k - 1];
    return k != 0;
}

static int word_in(const scan *s, size_t i, const na_wordset *set)
{
    const na_token *t = tok(s, i);
    return is_word(t) && na_wordset_find(set, s->text, t);
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
    if (word_in(s, i - (prev && punct_is(prev, '.') ? 2 : 1), &month_set) && i > 0)
        return 1;
    if (word_in(s, i + 1, &month_set) || word_in(s, i + 1, &time_set))
        return 1;
    if (i > 0 && word_in(s, i - (punct_is(prev, '.') && i > 1 ? 2 : 1), &label_set))
        return 1;
    size_t len = t->end - t->start;
    if (len == 4 && !memchr(s->text + t->start, ',', len) &&
        !memchr(s->text + t->start, '.', len)) {
        long y = strtol(s->text + t->start, NULL, 10);
        if (y >= 1800 && y <= 2100 && !(prev && glued(s, i) && prev->kind == NA_TOK_PUNCT) &&
            (word_in(s, i - 1, &year_set) || !word_in(s, i + 1, &unit_set)))
            return 1; /* a year, unless a known noun follows: "2000 troops" */
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
    if (word_value(s, i, &small_set, small_values, &v)) {
        double u;
        if (punct_is(tok(s, i + 1), '-') && glued(s, i + 1) && glued(s, i + 2) &&
            word_value(s, i + 2, &small_set, small_values, &u) && v >= 20 && u < 10) {
            v += u; /* "twenty-five" */
            i += 2;
        }
        *value = v;
        return i + 1;
    }
    if (word_value(s, i, &vague_set, vague_values, &v)) {
        double m;
        size_t j = i + 1;
        if (!word_is(s, j, "of"))
            return 0;
        if ((v == 10 || v == 100) && word_value(s, j + 1, &vague_set, vague_values, &m) &&
            m >= 1e3 && word_is(s, j + 2, "of")) {
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
static int plural_like(const scan *s, size_t k)
{
    const na_token *t = tok(s, k);
    if (!is_word(t) || (t->flags & (NA_TOK_UPPER | NA_TOK_DOTS)) || word_in(s, k, &stop_set) ||
        t->end - t->start < 3)
        return 0;
    const char *e = s->text + t->end;
    return e[-1] == 's' && e[-2] != 's' && e[-2] != 'u' && e[-2] != 'i';
}

static size_t unit_noun(const scan *s, size_t j)
{
    for (size_t k = j; k < j + 3 && is_word(tok(s, k)); k++) {
        if (word_in(s, k, &unit_set))
            return k;
        if (word_in(s, k, &stop_set) && !(s->v[k].flags & NA_TOK_UPPER))
            break;
    }
    const na_token *t = tok(s, j);
    if (!is_word(t) || (t->flags & NA_TOK_DOTS))
        return s->n;
    size_t n = t->end - t->start;
    if (t->flags & NA_TOK_UPPER) {
        /* "12 Palestinians", but not "10 Downing Street" */
        const na_token *after = tok(s, j + 1);
        if (plural_like(s, j + 1))
            return j + 1; /* "5 Swiss francs" */
        if (s->text[t->end - 1] != 's' || (is_word(after) && (after->flags & NA_TOK_UPPER)))
            return s->n;
        return j;
    }
    if (word_in(s, j, &stop_set) || (n > 2 && memcmp(s->text + t->end - 2, "ly", 2) == 0))
        return s->n; /* function words and adverbs ("respectively") */
    if (plural_like(s, j))
        return j;
    for (size_t k = j + 1; k < j + 3 && is_word(tok(s, k)); k++) {
        if (plural_like(s, k)) /* "three large banks": an adjective before a plural noun */
            return k;
        if (word_in(s, k, &stop_set))
            break;
    }
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
        suffix.hash = na_word_hash(s->text + glued_end, num->end - glued_end);
        int k = na_wordset_find(&suffix_set, s->text, &suffix);
        if (!k)
            return 0;
        f->value *= suffix_values[k - 1];
    }
    for (int k = 0; k < 2 && word_value(s, j, &scale_set, scale_values, &m); k++, j++)
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
    int alias = f->unit ? 0 : na_wordset_find(&alias_set, s->text, u);
    const char *fixed = f->unit ? f->unit : alias ? unit_codes[alias - 1] : NULL;
    char *unit = fixed ? strdup(fixed) : lower_copy(s->text + u->start, u->end - u->start);
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
    pthread_once(&sets_once, sets_init);
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
