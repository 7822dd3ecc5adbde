/*
 * Quotes are the words between double quotation marks (curly or straight; an unclosed one runs
 * to the paragraph's end), plus reported speech ("Blinken confirmed that ..."). The speaker comes
 * from an attribution: a speech verb with a name before it ("Blinken said", "Antony Blinken on
 * Wednesday said", "Peskov, the Kremlin spokesman, said"), or after it when it follows a quote or
 * a comma ("said Secretary of State Antony Blinken") or is "according to". Titles are stripped
 * from names; he/she take the last named speaker that the gazetteer does not know as a place or
 * an organization. An attribution right after the closing mark wins, then one earlier in the
 * same sentence, then the previous quote's speaker for a quote opening a sentence; a paragraph
 * that is only a quote takes the last speaker of the paragraph before, else the first of the
 * paragraph after. See docs/enrichment.md.
 */
#include "enrich/quotes.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsalert/grow.h"
#include "newsalert/error.h"

#define NONE SIZE_MAX
#define MAX_NAME_TOKENS 10

static const char *const verbs[] = {
    "said",     "says",     "told",    "tells",   "added",        "adds",      "confirmed",
    "confirms", "stated",   "states",  "warned",  "warns",        "insisted",  "insists",
    "denied",   "denies",   "asked",   "noted",   "notes",        "wrote",     "writes",
    "declared", "declares", "argued",  "argues",  "according",    "explained", "stressed",
    "claimed",  "admitted", "tweeted", "replied", "acknowledged", NULL};

/* Words that may stand between a subject and its verb: "Blinken on Wednesday also said". */
static const char *const between_words[] = {
    "also",       "has",        "have",       "had",       "later",     "earlier",  "again",
    "previously", "repeatedly", "then",       "on",        "last",      "this",     "recently",
    "reportedly", "publicly",   "separately", "further",   "once",      "would",    "will",
    "night",      "morning",    "evening",    "afternoon", "week",      "in",       "a",
    "statement",  "interview",  "Monday",     "Tuesday",   "Wednesday", "Thursday", "Friday",
    "Saturday",   "Sunday",     NULL};

/* Capitalized words that are not names: titles, demonyms, months. */
static const char *const not_name[] = {"Secretary",
                                       "State",
                                       "of",
                                       "the",
                                       "President",
                                       "Vice",
                                       "Prime",
                                       "Minister",
                                       "Foreign",
                                       "Defence",
                                       "Defense",
                                       "Interior",
                                       "Finance",
                                       "Economy",
                                       "Trade",
                                       "Chancellor",
                                       "Ambassador",
                                       "General",
                                       "Gen",
                                       "Senator",
                                       "Sen",
                                       "Rep",
                                       "Representative",
                                       "Governor",
                                       "Gov",
                                       "Mayor",
                                       "King",
                                       "Queen",
                                       "Prince",
                                       "Princess",
                                       "Pope",
                                       "Spokesman",
                                       "Spokeswoman",
                                       "Spokesperson",
                                       "Chief",
                                       "Executive",
                                       "Director",
                                       "Chairman",
                                       "Chairwoman",
                                       "Chair",
                                       "Commissioner",
                                       "Deputy",
                                       "Leader",
                                       "Mr",
                                       "Mrs",
                                       "Ms",
                                       "Dr",
                                       "Lt",
                                       "Col",
                                       "Colonel",
                                       "Admiral",
                                       "Adm",
                                       "Captain",
                                       "Capt",
                                       "Sergeant",
                                       "Sgt",
                                       "Major",
                                       "Maj",
                                       "Commander",
                                       "Premier",
                                       "Envoy",
                                       "Special",
                                       "National",
                                       "Security",
                                       "Adviser",
                                       "Advisor",
                                       "Press",
                                       "Attorney",
                                       "Justice",
                                       "Speaker",
                                       "Officer",
                                       "Official",
                                       "Head",
                                       "Former",
                                       "Acting",
                                       "Russian",
                                       "Ukrainian",
                                       "American",
                                       "British",
                                       "Chinese",
                                       "French",
                                       "German",
                                       "Israeli",
                                       "Palestinian",
                                       "Iranian",
                                       "Turkish",
                                       "Polish",
                                       "Belarusian",
                                       "Japanese",
                                       "Indian",
                                       "Pakistani",
                                       "Syrian",
                                       "Iraqi",
                                       "Afghan",
                                       "European",
                                       "Italian",
                                       "Spanish",
                                       "Canadian",
                                       "Australian",
                                       "Saudi",
                                       "Egyptian",
                                       "January",
                                       "February",
                                       "March",
                                       "April",
                                       "May",
                                       "June",
                                       "July",
                                       "August",
                                       "September",
                                       "October",
                                       "November",
                                       "December",
                                       NULL};

/* Capitalized words that open a sentence or stand for a subject but never name one. */
static const char *const openers[] = {
    "The",        "A",         "An",       "But",       "And",        "So",      "Also",
    "However",    "Meanwhile", "Earlier",  "Later",     "Separately", "Asked",   "Still",
    "Yet",        "Then",      "Now",      "When",      "While",      "In",      "On",
    "At",         "After",     "Before",   "Today",     "Yesterday",  "It",      "They",
    "We",         "I",         "You",      "This",      "That",       "There",   "These",
    "Those",      "Officials", "Analysts", "Experts",   "Sources",    "Dealers", "Traders",
    "Economists", "Investors", "Police",   "Residents", "Witnesses",  "Critics", "Others",
    "Some",       "Many",      "Most",     "Both",      "He",         "She",     "Monday",
    "Tuesday",    "Wednesday", "Thursday", "Friday",    "Saturday",   "Sunday",  NULL};

/* Lower-case words skipped after a verb before the name: "said the Kremlin spokesman Peskov". */
static const char *const lead_words[] = {
    "the",       "a",        "an",        "spokesman", "spokeswoman", "spokesperson", "minister",
    "president", "official", "secretary", "leader",    "chief",       "ambassador",   "adviser",
    "foreign",   "defence",  "defense",   "prime",     "deputy",      "former",       NULL};

/* Lower-case name particles: "Ursula von der Leyen". */
static const char *const particles[] = {"von", "van", "der", "de",  "da",  "al", "bin", "ibn",
                                        "la",  "le",  "du",  "dos", "del", "of", NULL};

static const char *const pronouns[] = {"he", "He", "she", "She", NULL};

/* The lists above as hash sets, built once: every check is one probe. */
static na_wordset verb_set, between_set, not_name_set, opener_set, lead_set, particle_set, body_set,
    pronoun_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

struct attr {
    size_t first; /* first token of the attribution (its name, or the verb) */
    size_t verb;
    char *speaker; /* NULL when the subject is a pronoun with no earlier speaker */
};

struct cand {
    size_t start, end;
    char *text, *speaker;
    int pending;
};

struct na_quoter {
    const na_gazetteer *gazetteer;
    char *last_speaker; /* the last named speaker a he/she may stand for */
    char *prev_said;    /* the last attributed speaker of the previous paragraph */
    size_t pending;     /* a->quotes index of a lone quote paragraph awaiting the next paragraph */
    na_ranges pairs;    /* quotation marks: [open, close) token indexes; close = n when unclosed */
    struct attr *attrs;
    size_t n_attrs, cap_attrs;
    struct cand *cands;
    size_t n_cands, cap_cands;
};

typedef struct para {
    const char *text;
    const na_token *v;
    size_t n;
    const na_ranges *sent;
} para;

static int is_word(const para *s, size_t i)
{
    return i < s->n && s->v[i].kind == NA_TOK_WORD;
}

static int is_upper(const para *s, size_t i)
{
    return is_word(s, i) && (s->v[i].flags & NA_TOK_UPPER);
}

static int word_in(const para *s, size_t i, const na_wordset *set)
{
    return is_word(s, i) && na_wordset_find(set, s->text, &s->v[i]);
}

static int punct(const para *s, size_t i, uint32_t cp)
{
    return i < s->n && na_tok_is(&s->v[i], cp);
}

static int glued(const para *s, size_t i)
{
    return i < s->n && !(s->v[i].flags & NA_TOK_SPACE);
}

static int is_quote_mark(const para *s, size_t i)
{
    return punct(s, i, '"') || punct(s, i, NA_CP_LDQUO) || punct(s, i, NA_CP_RDQUO);
}

static int is_stop(const para *s, size_t i)
{
    return punct(s, i, '.') || punct(s, i, '!') || punct(s, i, '?') || punct(s, i, ';') ||
           punct(s, i, NA_CP_HELLIP) || is_quote_mark(s, i);
}

static int is_pronoun(const para *s, size_t i)
{
    return word_in(s, i, &pronoun_set);
}

/* Token j may join a name run next to the name word at k (j = k - 1 going back, k + 1 forward). */
static int name_link(const para *s, size_t j, size_t word_after)
{
    if (word_in(s, j, &particle_set))
        return is_upper(s, word_after);
    return (punct(s, j, '-') || punct(s, j, '\'') || punct(s, j, NA_CP_RSQUO)) && glued(s, j) &&
           glued(s, j + 1) && is_upper(s, word_after);
}

/* Words that make a body's name, never a person's: "Foreign Office", not "Office". */
static const char *const body_words[] = {
    "Office", "Department", "Ministry",    "Council",    "Commission", "Bank",     "Agency",
    "Board",  "Committee",  "Service",     "Court",      "Party",      "Union",    "Government",
    "Army",   "Police",     "Group",       "Corp",       "Inc",        "Company",  "Institute",
    "Bureau", "Authority",  "Association", "Federation", "Fund",       "Exchange", NULL};

/* Drops what precedes the name: titles and openers ("K Mart Chairman Bernard Fauber" ->
 * "Bernard Fauber"), and what follows "of" ("Larry Goldstein of Acme Research"), but keeps a
 * body's name whole ("Bank of England"); 1 when a name is left in [*first, *lastp). */
static int strip_titles(const para *s, size_t *first, size_t *lastp)
{
    size_t f = *first, whole = *first, last = *lastp;
    while (whole < last && (punct(s, whole, '.') || word_in(s, whole, &opener_set)))
        whole++;
    for (size_t k = f; k < last; k++)
        if (is_upper(s, k) && word_in(s, k, &not_name_set))
            f = k + 1;
    while (f < last &&
           (punct(s, f, '.') || (s->v[f].flags & NA_TOK_DOTS) || word_in(s, f, &not_name_set) ||
            word_in(s, f, &opener_set) || word_in(s, f, &particle_set)))
        f++;
    if ((f + 1 == last && word_in(s, f, &body_set)) || (f == last && whole < last))
        f = whole; /* "the Foreign Office", "the Russian Foreign Ministry" */
    for (size_t k = f + 1; k < last; k++)
        if (is_word(s, k) && na_tok_eq(s->text, &s->v[k], "of")) {
            if (!word_in(s, k - 1, &body_set))
                last = k;
            break;
        }
    *first = f;
    *lastp = last;
    if (f + 1 == last && s->v[f].end - s->v[f].start == 1)
        return 0; /* "S and P said" */
    return f < last && is_upper(s, f) && !word_in(s, f, &opener_set) &&
           !word_in(s, last - 1, &not_name_set);
}

/* The name run ending at token k, titles stripped: [*first, *last). */
static int name_before(const para *s, size_t k, size_t *first, size_t *last, size_t *run_first)
{
    if (!is_upper(s, k))
        return 0;
    size_t f = k;
    while (f > 0 && k - f < MAX_NAME_TOKENS) {
        if (is_upper(s, f - 1)) {
            f--;
        } else if (f >= 2 && punct(s, f - 1, '.') && glued(s, f - 1) && is_upper(s, f - 2) &&
                   s->v[f - 2].end - s->v[f - 2].start == 1) {
            f -= 2; /* an initial: "J." */
        } else if (f >= 2 && name_link(s, f - 1, f) && is_word(s, f - 2)) {
            f -= 2;
        } else {
            break;
        }
    }
    *run_first = f;
    *first = f;
    *last = k + 1;
    return strip_titles(s, first, last);
}

/* The name run starting at token k, titles stripped: [*first, *last). */
static int name_after(const para *s, size_t k, size_t *first, size_t *last)
{
    if (!is_upper(s, k))
        return 0;
    size_t l = k + 1;
    while (l < s->n && l - k < MAX_NAME_TOKENS) {
        if (is_upper(s, l))
            l++;
        else if (punct(s, l, '.') && glued(s, l) && s->v[l - 1].end - s->v[l - 1].start == 1 &&
                 is_upper(s, l + 1))
            l++;
        else if (name_link(s, l, l + 1))
            l += 2;
        else
            break;
    }
    *first = k;
    *last = l;
    return strip_titles(s, first, last);
}

static char *copy_range(const para *s, size_t first, size_t last)
{
    size_t a = s->v[first].start, b = s->v[last - 1].end;
    char *p = malloc(b - a + 1);
    if (p) {
        memcpy(p, s->text + a, b - a);
        p[b - a] = '\0';
    }
    return p;
}

enum subject { SUBJ_NONE, SUBJ_NAME, SUBJ_PRONOUN };

/* The subject before verb v: a name, a pronoun, or a name before an appositive in commas. */
static enum subject subject_before(const para *s, size_t v, size_t *first, size_t *last,
                                   size_t *run_first)
{
    size_t k = v;
    for (int skipped = 0; k > 0 && skipped < 4 && word_in(s, k - 1, &between_set); skipped++)
        k--;
    if (k == 0)
        return SUBJ_NONE;
    size_t c = k - 1;
    if (is_pronoun(s, c)) {
        *run_first = c;
        return SUBJ_PRONOUN;
    }
    if (punct(s, c, ',') && k == v) {
        if (c > 0 && name_before(s, c - 1, first, last, run_first))
            return SUBJ_NAME; /* "Putin's spokesman, Dmitry Peskov, said" */
        for (size_t j = c; j > 1 && c - j < 12; j--) {
            if (is_stop(s, j - 1))
                break;
            if (punct(s, j - 1, ','))
                return name_before(s, j - 2, first, last, run_first) ? SUBJ_NAME : SUBJ_NONE;
        }
        return SUBJ_NONE;
    }
    return name_before(s, c, first, last, run_first) ? SUBJ_NAME : SUBJ_NONE;
}

/* The subject after a verb: "said Secretary of State Antony Blinken", "said he". */
static enum subject subject_after(const para *s, size_t k, size_t *first, size_t *last)
{
    for (int skipped = 0; skipped < 4 && word_in(s, k, &lead_set); skipped++)
        k++;
    if (is_pronoun(s, k))
        return SUBJ_PRONOUN;
    size_t j = k;
    while (is_upper(s, j))
        j++;
    if (j > k && (punct(s, j, '\'') || punct(s, j, NA_CP_RSQUO)) && is_word(s, j + 1) &&
        na_tok_eq(s->text, &s->v[j + 1], "s"))
        k = j + 2; /* "said Ukraine's President Volodymyr Zelenskiy" */
    return name_after(s, k, first, last) ? SUBJ_NAME : SUBJ_NONE;
}

static int push_attr(na_quoter *q, struct attr a)
{
    if (na_grow((void **)&q->attrs, &q->cap_attrs, q->n_attrs, sizeof *q->attrs, 16))
        return NA_ENOMEM;
    q->attrs[q->n_attrs++] = a;
    return NA_OK;
}

static int dup_or_null(const char *s, char **out)
{
    *out = s ? strdup(s) : NULL;
    return s && !*out ? NA_ENOMEM : NA_OK;
}

/* One attribution at verb v, if it has a subject; updates the last named speaker. */
static int attribution(na_quoter *q, const para *s, size_t v)
{
    int according = na_tok_eq(s->text, &s->v[v], "according");
    if (according && !(is_word(s, v + 1) && na_tok_eq(s->text, &s->v[v + 1], "to")))
        return NA_OK;
    size_t first = 0, last = 0, run_first = v;
    enum subject subj = according ? SUBJ_NONE : subject_before(s, v, &first, &last, &run_first);
    if (subj == SUBJ_NONE && v > 0 &&
        (according || punct(s, v - 1, ',') || punct(s, v - 1, NA_CP_RDQUO) ||
         punct(s, v - 1, '"'))) {
        run_first = v;
        subj = subject_after(s, according ? v + 2 : v + 1, &first, &last);
    }
    if (subj == SUBJ_NONE)
        return NA_OK;
    struct attr a = {run_first < v ? run_first : v, v, NULL};
    if (subj == SUBJ_PRONOUN) {
        if (dup_or_null(q->last_speaker, &a.speaker))
            return NA_ENOMEM;
    } else {
        a.speaker = copy_range(s, first, last);
        if (!a.speaker)
            return NA_ENOMEM;
        int kind = q->gazetteer
                       ? na_gazetteer_kind(q->gazetteer, s->text, &s->v[first], last - first)
                       : -1;
        if (kind == -1 || kind == NA_ENT_PERSON) { /* "Russia said" is no "he" */
            char *again = strdup(a.speaker);
            if (!again) {
                free(a.speaker);
                return NA_ENOMEM;
            }
            free(q->last_speaker);
            q->last_speaker = again;
        }
    }
    if (push_attr(q, a)) {
        free(a.speaker);
        return NA_ENOMEM;
    }
    return NA_OK;
}

/* Pairs of quotation marks: curly ones pair open with close, straight ones alternate. */
static int find_pairs(na_quoter *q, const para *s)
{
    q->pairs.n = 0;
    size_t open = NONE;
    int straight = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i].kind != NA_TOK_PUNCT)
            continue;
        uint32_t cp = s->v[i].cp;
        if ((cp == NA_CP_LDQUO || cp == '"') && open == NONE) {
            open = i;
            straight = cp == '"';
        } else if (open != NONE && ((cp == NA_CP_RDQUO && !straight) || (cp == '"' && straight))) {
            if (na_ranges_push(&q->pairs, (na_range){open, i}))
                return NA_ENOMEM;
            open = NONE;
        }
    }
    if (open != NONE && na_ranges_push(&q->pairs, (na_range){open, s->n}))
        return NA_ENOMEM;
    return NA_OK;
}

static int attributions(na_quoter *q, const para *s)
{
    size_t pi = 0;
    for (size_t v = 0; v < s->n; v++) {
        while (pi < q->pairs.n && q->pairs.v[pi].last < v)
            pi++;
        if (pi < q->pairs.n && q->pairs.v[pi].first <= v) {
            v = q->pairs.v[pi].last; /* speech verbs inside a quote attribute nothing */
            continue;
        }
        if (is_word(s, v) && !(s->v[v].flags & NA_TOK_UPPER) &&
            na_wordset_find(&verb_set, s->text, &s->v[v])) {
            int rc = attribution(q, s, v);
            if (rc)
                return rc;
        }
    }
    return NA_OK;
}

/* Binary searches keep every per-quote lookup logarithmic, so no paragraph turns quadratic. */

/* The index of the sentence holding token i (sentences are in order). */
static size_t sentence_of(const para *s, size_t i)
{
    size_t lo = 0, hi = s->sent->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->sent->v[mid].last <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t sentence_start(const para *s, size_t i)
{
    size_t k = sentence_of(s, i);
    return k < s->sent->n ? s->sent->v[k].first : 0;
}

static size_t sentence_end(const para *s, size_t i)
{
    size_t k = sentence_of(s, i);
    return k < s->sent->n ? s->sent->v[k].last : s->n;
}

/* The first attribution whose verb comes after token i (attributions are in token order). */
static size_t attr_after(const na_quoter *q, size_t i)
{
    size_t lo = 0, hi = q->n_attrs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (q->attrs[mid].verb <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* 1 when a quotation opens within tokens [f, l) (pairs are in order of their opening mark). */
static int quotes_within(const na_quoter *q, size_t f, size_t l)
{
    size_t lo = 0, hi = q->pairs.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (q->pairs.v[mid].first < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < q->pairs.n && q->pairs.v[lo].first < l;
}

static int push_cand(na_quoter *q, const para *s, size_t first, size_t last, const char *speaker,
                     int pending)
{
    if (na_grow((void **)&q->cands, &q->cap_cands, q->n_cands, sizeof *q->cands, 16))
        return NA_ENOMEM;
    struct cand c = {s->v[first].start, s->v[last - 1].end, copy_range(s, first, last), NULL,
                     pending};
    if (!c.text || dup_or_null(speaker, &c.speaker)) {
        free(c.text);
        return NA_ENOMEM;
    }
    q->cands[q->n_cands++] = c;
    return NA_OK;
}

/* The speaker of the quote in marks [o, c), pair index pi; *alone: the quote is the paragraph. */
static const struct attr *quote_speaker(na_quoter *q, const para *s, size_t pi, int *alone)
{
    size_t o = q->pairs.v[pi].first, c = q->pairs.v[pi].last;
    /* an attribution starting within 3 tokens of the closing mark has its verb near too */
    for (size_t k = attr_after(q, c); k < q->n_attrs && q->attrs[k].verb <= c + 40; k++) {
        const struct attr *a = &q->attrs[k];
        if (a->first <= c || a->first > c + 3)
            continue;
        size_t j = c + 1;
        while (j < a->first && !is_stop(s, j))
            j++;
        if (j == a->first)
            return a;
    }
    size_t k = o > 0 ? attr_after(q, o - 1) : 0;
    if (k > 0 && q->attrs[k - 1].verb >= sentence_start(s, o))
        return &q->attrs[k - 1];
    size_t after = c;
    while (after + 1 < s->n && s->v[after + 1].kind == NA_TOK_PUNCT)
        after++;
    *alone = o == 0 && after + 1 >= s->n;
    return NULL;
}

static int quote_cands(na_quoter *q, const para *s)
{
    const char *previous = NULL;
    for (size_t pi = 0; pi < q->pairs.n; pi++) {
        size_t f = q->pairs.v[pi].first + 1, l = q->pairs.v[pi].last;
        while (l > f && punct(s, l - 1, ','))
            l--;
        if (l <= f)
            continue;
        int alone = 0;
        const struct attr *a = quote_speaker(q, s, pi, &alone);
        const char *speaker = a ? a->speaker : alone ? q->prev_said : NULL;
        /* a quote opening a sentence continues the paragraph's previous quote: same speaker */
        if (!a && !alone && previous && sentence_start(s, f - 1) == f - 1)
            speaker = previous;
        int rc = push_cand(q, s, f, l, speaker, alone && !q->prev_said);
        if (rc)
            return rc;
        previous = q->cands[q->n_cands - 1].speaker;
    }
    return NA_OK;
}

static int is_closing(const para *s, size_t i)
{
    return is_stop(s, i) || punct(s, i, ',') || punct(s, i, ')') || punct(s, i, NA_CP_RSQUO) ||
           punct(s, i, '\'');
}

/* "Blinken confirmed that ...": the clause up to the sentence's end, if it quotes nothing. */
static int reported_cands(na_quoter *q, const para *s)
{
    for (size_t k = 0; k < q->n_attrs; k++) {
        const struct attr *a = &q->attrs[k];
        if (!a->speaker || na_tok_eq(s->text, &s->v[a->verb], "according"))
            continue;
        size_t t = a->verb + 1;
        while (t < a->verb + 4 && is_word(s, t) && !na_tok_eq(s->text, &s->v[t], "that"))
            t++;
        if (!is_word(s, t) || !na_tok_eq(s->text, &s->v[t], "that"))
            continue;
        size_t f = t + 1, l = sentence_end(s, a->verb);
        while (l > f && is_closing(s, l - 1))
            l--;
        if (l <= f || quotes_within(q, f, l))
            continue;
        int rc = push_cand(q, s, f, l, a->speaker, 0);
        if (rc)
            return rc;
    }
    return NA_OK;
}

static int cand_cmp(const void *x, const void *y)
{
    const struct cand *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

na_quoter *na_quoter_new(const na_gazetteer *g)
{
    na_quoter *q = calloc(1, sizeof *q);
    if (q) {
        q->pending = NONE;
        q->gazetteer = g;
    }
    return q;
}

static void clear_paragraph(na_quoter *q)
{
    for (size_t k = 0; k < q->n_attrs; k++)
        free(q->attrs[k].speaker);
    q->n_attrs = 0;
    for (size_t k = 0; k < q->n_cands; k++) {
        free(q->cands[k].text);
        free(q->cands[k].speaker);
    }
    q->n_cands = 0;
}

void na_quoter_begin(na_quoter *q)
{
    clear_paragraph(q);
    free(q->last_speaker);
    free(q->prev_said);
    q->last_speaker = q->prev_said = NULL;
    q->pending = NONE;
}

void na_quoter_destroy(na_quoter *q)
{
    if (!q)
        return;
    na_quoter_begin(q);
    na_ranges_free(&q->pairs);
    free(q->attrs);
    free(q->cands);
    free(q);
}

/* Hands the candidates to a in text order and carries this paragraph's speaker forward. */
static int finish_paragraph(na_quoter *q, na_article *a, size_t p)
{
    const char *first = NULL, *last = NULL;
    for (size_t k = 0; k < q->n_attrs; k++)
        if (q->attrs[k].speaker) {
            first = first ? first : q->attrs[k].speaker;
            last = q->attrs[k].speaker;
        }
    if (q->pending != NONE && first && !a->quotes[q->pending].speaker &&
        dup_or_null(first, &a->quotes[q->pending].speaker))
        return NA_ENOMEM;
    q->pending = NONE;
    free(q->prev_said);
    if (dup_or_null(last, &q->prev_said))
        return NA_ENOMEM;
    if (q->n_cands > 1)
        qsort(q->cands, q->n_cands, sizeof *q->cands, cand_cmp);
    int rc = NA_OK;
    for (size_t k = 0; k < q->n_cands; k++) {
        struct cand *c = &q->cands[k];
        if (!rc) {
            rc = na_article_add_quote(a, c->text, c->speaker, (na_span){p, c->start, c->end});
            if (!rc && c->pending)
                q->pending = a->n_quotes - 1;
        } else {
            free(c->text);
            free(c->speaker);
        }
    }
    q->n_cands = 0;
    return rc;
}

static void sets_init(void)
{
    na_wordset_init(&verb_set, verbs, 0);
    na_wordset_init(&between_set, between_words, 0);
    na_wordset_init(&not_name_set, not_name, 0);
    na_wordset_init(&opener_set, openers, 0);
    na_wordset_init(&lead_set, lead_words, 0);
    na_wordset_init(&particle_set, particles, 0);
    na_wordset_init(&body_set, body_words, 0);
    na_wordset_init(&pronoun_set, pronouns, 0);
}

int na_quotes_paragraph(na_quoter *q, na_article *a, size_t p, const char *text,
                        const na_tokens *tk, const na_ranges *sent)
{
    pthread_once(&sets_once, sets_init);
    para s = {text, tk->v, tk->n, sent};
    clear_paragraph(q);
    int rc = find_pairs(q, &s);
    if (!rc)
        rc = attributions(q, &s);
    if (!rc)
        rc = quote_cands(q, &s);
    if (!rc)
        rc = reported_cands(q, &s);
    if (!rc)
        rc = finish_paragraph(q, a, p);
    return rc;
}
