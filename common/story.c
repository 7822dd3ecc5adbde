/* Story signatures (SimHash over word shingles) and the producer's story index. */
#include "newsalert/story.h"

#include <stdlib.h>
#include <string.h>

#include "newsalert/error.h"
#include "newsalert/grow.h"

/* Words too common to tell stories apart; dropped before shingling. */
static const char *const stop_words[] = {
    "a",  "an",  "and", "are", "as", "at", "be",   "by",  "for", "from", "has",  "in", "is",
    "it", "its", "of",  "on",  "or", "s",  "that", "the", "to",  "was",  "with", NULL};

static int is_stop(const char *w, size_t n)
{
    if (n > 4) /* the longest stop word */
        return 0;
    for (size_t i = 0; stop_words[i]; i++)
        if (stop_words[i][0] == w[0] && !strncmp(stop_words[i], w, n) && !stop_words[i][n])
            return 1;
    return 0;
}

/* splitmix64's finaliser: spreads a word hash over all 64 bits. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/*
 * Per bit position, the number of features with that bit set: eight 8-bit counters per 64-bit
 * lane (a table spreads a byte's bits over a lane), flushed into wide counters every 255
 * features, so a feature costs 8 table adds instead of 64 branches.
 */
struct acc {
    uint64_t lane[8];
    uint32_t ones[64];
    uint32_t features, pending;
    uint64_t prev; /* the previous word's hash, 0 at the start of a text */
    size_t words;  /* words taken from the current text */
};

static uint64_t spread[256];

static void spread_init(void)
{
    if (spread[255])
        return;
    for (unsigned b = 0; b < 256; b++) {
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; i++)
            v |= (uint64_t)((b >> i) & 1) << (8 * i);
        spread[b] = v;
    }
}

static void flush(struct acc *s)
{
    for (int k = 0; k < 8; k++) {
        for (int i = 0; i < 8; i++)
            s->ones[8 * k + i] += (uint32_t)((s->lane[k] >> (8 * i)) & 0xff);
        s->lane[k] = 0;
    }
    s->pending = 0;
}

static void add_feature(struct acc *s, uint64_t h)
{
    h = mix(h);
    for (int k = 0; k < 8; k++)
        s->lane[k] += spread[(h >> (8 * k)) & 0xff];
    s->features++;
    if (++s->pending == 255)
        flush(s);
}

static void add_word(struct acc *s, const char *w, size_t n)
{
    if (is_stop(w, n))
        return;
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 1099511628211ULL;
    add_feature(s, h);
    if (s->prev)
        add_feature(s, s->prev * 31 + h); /* the word pair */
    s->prev = h;
    s->words++;
}

/* Words are runs of ASCII letters and digits or of non-ASCII bytes (UTF-8 letters), ASCII
 * lower-cased; at most max_words are taken. */
static void add_text(struct acc *s, const char *t, size_t max_words)
{
    char w[64];
    size_t n = 0;
    s->prev = 0;
    s->words = 0;
    for (const unsigned char *p = (const unsigned char *)t; t && s->words < max_words; p++) {
        unsigned char c = *p;
        int in = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80;
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
            in = 1;
        }
        if (in && n < sizeof w)
            w[n++] = (char)c;
        else if (!in && n) {
            add_word(s, w, n);
            n = 0;
        }
        if (!c)
            break;
    }
}

uint64_t na_story_simhash(const char *headline, const char *lead)
{
    struct acc s;
    memset(&s, 0, sizeof s);
    spread_init(); /* idempotent, the same values from any thread */
    add_text(&s, headline, 64);
    add_text(&s, lead, NA_STORY_LEAD_WORDS);
    flush(&s);
    uint64_t sig = 0;
    for (int b = 0; b < 64; b++)
        if (2 * s.ones[b] > s.features) /* more features with the bit set than without */
            sig |= 1ULL << b;
    return sig;
}

uint64_t na_story_article_simhash(const na_article *a)
{
    const char *lead = a->standfirst;
    if (!lead && a->paragraphs.n)
        lead = a->paragraphs.items[0];
    return na_story_simhash(a->headline, lead);
}

int na_story_distance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

struct entry {
    uint64_t sig;
    int64_t time_ms; /* when its story began */
    char *story;
};

struct na_story_index {
    int max_distance;
    int64_t horizon_ms;
    struct entry *v;
    size_t n, cap;
    int64_t latest; /* the latest event time seen: entries older than it - horizon go */
};

na_story_index *na_story_index_new(int max_distance, int64_t horizon_ms)
{
    na_story_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->max_distance = max_distance < 0 ? NA_STORY_MAX_DISTANCE : max_distance;
    ix->horizon_ms = horizon_ms > 0 ? horizon_ms : NA_STORY_HORIZON_MS;
    ix->latest = INT64_MIN;
    return ix;
}

void na_story_index_destroy(na_story_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++)
        free(ix->v[i].story);
    free(ix->v);
    free(ix);
}

/* Drops the stories that began more than a horizon before the latest time (in place). */
static void expire(na_story_index *ix)
{
    size_t w = 0;
    for (size_t i = 0; i < ix->n; i++) {
        if (ix->v[i].time_ms < ix->latest - ix->horizon_ms)
            free(ix->v[i].story);
        else
            ix->v[w++] = ix->v[i];
    }
    ix->n = w;
}

int na_story_index_assign(na_story_index *ix, uint64_t sig, int64_t time_ms, const char *article_id,
                          const char **story, int *distance)
{
    if (time_ms > ix->latest) {
        ix->latest = time_ms;
        if (ix->n == ix->cap) /* expire only when it would grow: amortised O(1) per article */
            expire(ix);
    }
    int best = ix->max_distance + 1;
    size_t at = 0;
    for (size_t i = 0; i < ix->n; i++) {
        const struct entry *e = &ix->v[i];
        int d = na_story_distance(sig, e->sig);
        if (d < best && e->time_ms <= time_ms + ix->horizon_ms &&
            time_ms - e->time_ms <= ix->horizon_ms) {
            best = d;
            at = i;
        }
    }
    if (best <= ix->max_distance) {
        *story = ix->v[at].story;
        if (distance)
            *distance = best;
        return NA_OK;
    }
    if (na_grow((void **)&ix->v, &ix->cap, ix->n + 1, sizeof *ix->v, 64))
        return NA_ENOMEM;
    char *id = strdup(article_id);
    if (!id)
        return NA_ENOMEM;
    ix->v[ix->n++] = (struct entry){sig, time_ms, id};
    *story = id;
    if (distance)
        *distance = 0;
    return NA_OK;
}

size_t na_story_index_size(const na_story_index *ix)
{
    return ix->n;
}
