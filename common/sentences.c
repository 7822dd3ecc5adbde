/*
 * A sentence ends at ".", "!", "?" or an ellipsis, after any closing quotes or brackets stuck to
 * it, when whitespace follows and the next word does not continue the sentence: a lower-case
 * word, or a capital after a title ("Mr."), an initial ("J."), or a dotted abbreviation ("U.S.")
 * that is not followed by a typical sentence opener.
 */
#include "newsalert/sentences.h"

#include <pthread.h>
#include <stdlib.h>

#include "newsalert/grow.h"
#include "newsalert/error.h"

/* Abbreviations never ending a sentence: titles and the like precede a name. */
static const char *const abbr_always[] = {
    "Mr",   "Mrs",  "Ms",   "Dr",  "Prof", "Gen", "Lt",     "Col", "Sgt",   "Capt", "Cpl",
    "Pvt",  "Gov",  "Sen",  "Rep", "Rev",  "Sr",  "Jr",     "St",  "Mt",    "Ft",   "Adm",
    "Maj",  "Brig", "Cmdr", "Cdr", "Supt", "Det", "Insp",   "Hon", "Mme",   "Gens", "Sens",
    "Reps", "Pres", "Atty", "Rt",  "Fr",   "vs",  "Messrs", "Amb", "Lieut", NULL};

/* Abbreviations that do not end a sentence when a number follows ("Jan. 5", "No. 10"). */
static const char *const abbr_before_digit[] = {
    "No",  "Nos", "no",  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Art", "Vol", "p",   "pp",  "Fig", "Ch",  "Sec", "ca",  NULL};

/* Abbreviations that end a sentence only when a typical sentence opener follows. */
static const char *const abbr_ambiguous[] = {"Inc",  "Corp", "Co",  "Ltd",
                                             "Bros", "etc",  "Ave", NULL};

/* Words that usually open a sentence; after "U.S." or "Inc." they mark a boundary. */
static const char *const openers[] = {
    "The",       "A",     "An",    "He",    "She",  "It",    "They",      "We",
    "I",         "You",   "But",   "And",   "This", "That",  "These",     "Those",
    "There",     "In",    "On",    "At",    "His",  "Her",   "Their",     "Its",
    "Our",       "If",    "When",  "While", "As",   "After", "Before",    "However",
    "Meanwhile", "So",    "Yet",   "Some",  "Many", "Most",  "Officials", "Asked",
    "Earlier",   "Later", "Since", "Last",  "What", "Who",   "Why",       "How",
    "Both",      "Such",  "Still", "Now",   "Then", "For",   NULL};

static na_wordset always_set, before_digit_set, ambiguous_set, opener_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

static void sets_init(void)
{
    na_wordset_init(&always_set, abbr_always, 0);
    na_wordset_init(&before_digit_set, abbr_before_digit, 0);
    na_wordset_init(&ambiguous_set, abbr_ambiguous, 0);
    na_wordset_init(&opener_set, openers, 0);
}

static int is_terminator(const na_token *t)
{
    return t->kind == NA_TOK_PUNCT &&
           (t->cp == '.' || t->cp == '!' || t->cp == '?' || t->cp == NA_CP_HELLIP);
}

static int is_closer(const na_token *t)
{
    return t->kind == NA_TOK_PUNCT && (t->cp == '"' || t->cp == '\'' || t->cp == NA_CP_RDQUO ||
                                       t->cp == NA_CP_RSQUO || t->cp == ')' || t->cp == ']');
}

static int is_opening_quote(const na_token *t)
{
    return t->kind == NA_TOK_PUNCT &&
           (t->cp == '"' || t->cp == NA_CP_LDQUO || t->cp == NA_CP_LSQUO || t->cp == '(');
}

/* Whether the terminator at tk[i] (its run ending before tk[j], the next token) ends a sentence. */
static int ends_sentence(const char *text, const na_tokens *tk, size_t i, size_t j)
{
    const na_token *t = &tk->v[i], *next = &tk->v[j];
    if (next->kind == NA_TOK_WORD && !(next->flags & NA_TOK_UPPER))
        return 0;
    if (next->kind == NA_TOK_PUNCT && !is_opening_quote(next) && next->cp != NA_CP_HELLIP &&
        next->cp != '-' && next->cp != 0x2014)
        return 0;
    int opener = is_opening_quote(next) ||
                 (next->kind == NA_TOK_WORD && na_wordset_find(&opener_set, text, next));
    if (t->kind == NA_TOK_WORD) /* a dotted abbreviation such as "U.S." */
        return opener;
    if (t->cp != '.' || (i + 1 < j && is_terminator(&tk->v[i + 1])))
        return 1; /* "!", "?", or an ellipsis */
    if (i == 0 || (t->flags & NA_TOK_SPACE) || tk->v[i - 1].kind != NA_TOK_WORD)
        return 1;
    const na_token *prev = &tk->v[i - 1];
    if (prev->end - prev->start == 1 && (prev->flags & NA_TOK_UPPER))
        return 0; /* an initial: "Antony J. Blinken" */
    if (na_wordset_find(&always_set, text, prev))
        return 0;
    if (na_wordset_find(&before_digit_set, text, prev))
        return next->kind != NA_TOK_NUM;
    if (na_wordset_find(&ambiguous_set, text, prev))
        return opener;
    return 1;
}

int na_ranges_push(na_ranges *r, na_range x)
{
    if (na_grow((void **)&r->v, &r->cap, r->n, sizeof *r->v, 32))
        return NA_ENOMEM;
    r->v[r->n++] = x;
    return NA_OK;
}

void na_ranges_free(na_ranges *r)
{
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

int na_sentences_split(const char *text, const na_tokens *tk, na_ranges *out)
{
    pthread_once(&sets_once, sets_init);
    out->n = 0;
    size_t start = 0;
    for (size_t i = 0; i < tk->n; i++) {
        const na_token *t = &tk->v[i];
        if (!is_terminator(t) && !(t->kind == NA_TOK_WORD && (t->flags & NA_TOK_DOTS)))
            continue;
        size_t j = i + 1;
        while (j < tk->n && !(tk->v[j].flags & NA_TOK_SPACE) &&
               (is_terminator(&tk->v[j]) || is_closer(&tk->v[j])))
            j++;
        if (j == tk->n)
            break;
        if (!(tk->v[j].flags & NA_TOK_SPACE) || !ends_sentence(text, tk, i, j))
            continue;
        if (na_ranges_push(out, (na_range){start, j}))
            return NA_ENOMEM;
        start = j;
        i = j - 1;
    }
    if (start < tk->n && na_ranges_push(out, (na_range){start, tk->n}))
        return NA_ENOMEM;
    return NA_OK;
}
