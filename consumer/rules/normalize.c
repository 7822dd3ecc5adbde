#include "rules/normalize.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "newsalert/error.h"

#define FOLD_OPTS                                                                                  \
    ((utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |                \
                         UTF8PROC_STRIPMARK))

static int cp_word(int32_t c)
{
    if (c < 0x80)
        return c >= 0 && na_norm_ascii_word((unsigned char)c);
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

void na_norm_init(na_norm *n)
{
    memset(n, 0, sizeof *n);
}

void na_norm_free(na_norm *n)
{
    free(n->text);
    free(n->ostart);
    free(n->view);
    na_norm_init(n);
}

void na_norm_reset(na_norm *n)
{
    n->len = 0;
    if (n->text)
        n->text[0] = '\0';
}

static int reserve(na_norm *n, size_t extra)
{
    if (n->len + extra + 1 <= n->cap)
        return NA_OK;
    size_t ncap = n->cap ? n->cap : 4096;
    while (ncap < n->len + extra + 1)
        ncap *= 2;
    char *t = realloc(n->text, ncap);
    if (t)
        n->text = t;
    uint32_t *a = realloc(n->ostart, ncap * sizeof *a);
    if (a)
        n->ostart = a;
    char *v = realloc(n->view, ncap + 1);
    if (v)
        n->view = v;
    if (!t || !a || !v)
        return NA_ENOMEM;
    n->view[0] = ' '; /* a word start at offset 0 follows a space too */
    n->cap = ncap;
    return NA_OK;
}

/* Python's str.isspace() set, so the reference implementation can agree exactly. */
static int is_space(int32_t c)
{
    return (c >= 9 && c <= 13) || (c >= 28 && c <= 32) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
           c == 0x205f || c == 0x3000;
}

static int is_dash(int32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2043 || c == 0x2212 || c == 0xfe58 ||
           c == 0xfe63 || c == 0xff0d;
}

/* Folds quotes, dashes and spaces; returns the replacement code point. */
static int32_t fold(int32_t c)
{
    switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201a:
    case 0x201b:
    case 0x2032:
    case 0x2035:
    case 0x02bc:
        return '\'';
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x201f:
    case 0x2033:
    case 0x2036:
    case 0x00ab:
    case 0x00bb:
        return '"';
    default:
        break;
    }
    if (is_dash(c) || is_space(c))
        return ' ';
    return c;
}

static void put(na_norm *n, int32_t c, uint32_t os)
{
    if (c == ' ' && n->len > 0 && n->text[n->len - 1] == ' ')
        return; /* collapse runs of whitespace */
    uint8_t buf[4];
    utf8proc_ssize_t k = utf8proc_encode_char(c, buf);
    int w = cp_word(c);
    for (utf8proc_ssize_t j = 0; j < k; j++) {
        n->text[n->len] = (char)buf[j];
        n->view[n->len + 1] = w ? (char)buf[j] : ' ';
        n->ostart[n->len] = os;
        n->len++;
    }
}

/* ASCII folding (lower case; dashes and whitespace to a space); 0 marks bytes for the slow path. */
static char fold_tab[256];
static char view_tab[128]; /* an ASCII byte's word view */

static void tab_init(void)
{
    for (int c = 1; c < 0x80; c++)
        fold_tab[c] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    const char spaces[] = {'\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, '-'};
    for (size_t k = 0; k < sizeof spaces; k++)
        fold_tab[(unsigned char)spaces[k]] = ' ';
    for (int c = 0; c < 0x80; c++)
        view_tab[c] = na_norm_ascii_word((unsigned char)c) ? (char)c : ' ';
}

static pthread_once_t tab_once = PTHREAD_ONCE_INIT; /* evaluators may run in threads */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Eight bytes that fold byte for byte: ASCII, no control characters, '-' or double spaces. */
static int swar_plain(uint64_t x)
{
    uint64_t low = (x - ONES * 0x20) & ~x & HIGHS; /* a byte below 0x20 */
    uint64_t dash = ((x ^ (ONES * '-')) - ONES) & ~(x ^ (ONES * '-')) & HIGHS;
    uint64_t sp = ((x ^ (ONES * ' ')) - ONES) & ~(x ^ (ONES * ' ')) & HIGHS;
    return !(x & HIGHS) && !low && !dash && !(sp & (sp >> 8));
}

/* ASCII upper case to lower case in all eight bytes. */
static uint64_t swar_lower(uint64_t x)
{
    uint64_t ge_a = x + ONES * (0x80 - 'A'), gt_z = x + ONES * (0x7f - 'Z');
    return x | (((ge_a ^ gt_z) & HIGHS) >> 2);
}

/* 0x80 in each byte of x (all below 0x80) that lies in [lo, hi]. */
static uint64_t in_range(uint64_t x, unsigned lo, unsigned hi)
{
    return (x + ONES * (0x80 - lo)) & ~(x + ONES * (0x7f - hi)) & HIGHS;
}

/* The word view of eight ASCII bytes; lower says they hold no upper case letter. */
static uint64_t swar_view(uint64_t x, int lower)
{
    uint64_t w = in_range(x, 'a', 'z') | in_range(x, '0', '9') | in_range(x, '_', '_');
    if (!lower)
        w |= in_range(x, 'A', 'Z');
    uint64_t keep = (w >> 7) * 0xff; /* 0xff in each word byte */
    return (x & keep) | (ONES * ' ' & ~keep);
}

#ifdef __SSE2__ /* every x86-64 */
/*
 * swar_plain, swar_lower and swar_view on sixteen bytes at once: 0 when they do not fold byte
 * for byte, else the folded text written to t and its word view to v.
 */
static int sse_fold16(const uint8_t *u, char *t, char *v)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)u);
    if (_mm_movemask_epi8(x)) /* a byte above 0x7f: signed compares below see only ASCII */
        return 0;
    __m128i sp = _mm_cmpeq_epi8(x, _mm_set1_epi8(' '));
    __m128i bad =
        _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
    bad = _mm_or_si128(bad, _mm_and_si128(sp, _mm_srli_si128(sp, 1))); /* two spaces */
    if (_mm_movemask_epi8(bad))
        return 0;
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
    x = _mm_or_si128(x, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)(void *)t, x);
    __m128i word = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
                                 _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
    word = _mm_or_si128(word, _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                            _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1))));
    word = _mm_or_si128(word, _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
    x = _mm_or_si128(_mm_and_si128(word, x), _mm_andnot_si128(word, _mm_set1_epi8(' ')));
    _mm_storeu_si128((__m128i *)(void *)v, x);
    return 1;
}
#endif

/* Switches an append from identity offsets to an explicit map, filling it so far. */
static void leave_ident(na_norm *n, size_t base, size_t o, int *ident)
{
    if (*ident)
        for (size_t k = base; k < o; k++)
            n->ostart[k] = (uint32_t)(k - base);
    *ident = 0;
}

/* One character from the slow path: non-ASCII (decomposed, folded) or a NUL. */
static size_t slow_char(na_norm *n, const uint8_t *u, size_t i, size_t len)
{
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) { /* not UTF-8: keep the byte's place with a replacement character */
        put(n, 0xfffd, (uint32_t)i);
        return 1;
    }
    int32_t dec[24];
    int last = 0;
    utf8proc_ssize_t m = utf8proc_decompose_char(cp, dec, 24, FOLD_OPTS, &last);
    if (m < 0 || m > 24) {
        dec[0] = cp;
        m = 1;
    }
    for (utf8proc_ssize_t j = 0; j < m; j++)
        put(n, fold(dec[j]), (uint32_t)i);
    return (size_t)k;
}

int na_norm_append(na_norm *n, const char *s, size_t len)
{
    pthread_once(&tab_once, tab_init);
    const uint8_t *u = (const uint8_t *)s;
    size_t i = 0, base = n->len;
    /* ASCII never grows; each other character gets room for its longest decomposition below. */
    if (reserve(n, len + 80))
        return NA_ENOMEM;
    size_t o = n->len;
    int ident = 1; /* output offsets are input offsets so far (the common, ASCII case) */
    while (i < len) {
        char *t = n->text, *v = n->view + 1;
        uint32_t *os = n->ostart;
#ifdef __SSE2__
        /* Sixteen bytes at a time while they are ASCII that folds byte for byte. */
        while (i + 16 <= len && !(u[i] == ' ' && o > base && t[o - 1] == ' ') &&
               sse_fold16(u + i, t + o, v + o)) {
            if (!ident)
                for (unsigned k = 0; k < 16; k++)
                    os[o + k] = (uint32_t)(i + k);
            o += 16;
            i += 16;
        }
#endif
        /* Eight bytes at a time while they are ASCII that folds byte for byte. */
        while (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, u + i, 8);
            if (!swar_plain(x) || (u[i] == ' ' && o > base && t[o - 1] == ' '))
                break;
            x = swar_lower(x);
            memcpy(t + o, &x, 8);
            x = swar_view(x, 1);
            memcpy(v + o, &x, 8);
            if (!ident)
                for (unsigned k = 0; k < 8; k++)
                    os[o + k] = (uint32_t)(i + k);
            o += 8;
            i += 8;
        }
        /* Then byte by byte across the eight that did not, back to the above after them. */
        size_t stop = len - i > 8 ? i + 8 : len;
        for (; i < stop; i++) {
            char f = fold_tab[u[i]];
            if (!f)
                break;
            if (f == ' ' && o > base && t[o - 1] == ' ') { /* collapse runs of whitespace */
                leave_ident(n, base, o, &ident);
                continue;
            }
            t[o] = f;
            v[o] = view_tab[(unsigned char)f];
            if (!ident)
                os[o] = (uint32_t)i;
            o++;
        }
        if (i == stop)
            continue;
        leave_ident(n, base, o, &ident);
        n->len = o;
        /* NFKD of one character is at most 18 code points; 4 bytes each is a safe bound. */
        if (reserve(n, (len - i) + 80))
            return NA_ENOMEM;
        i += slow_char(n, u, i, len);
        o = n->len;
    }
    n->len = o;
    n->ident = ident;
    n->text[o] = '\0';
    return NA_OK;
}

size_t na_norm_orig(const na_norm *n, size_t base, int ident, size_t i)
{
    return ident ? i - base : n->ostart[i];
}

size_t na_norm_orig_end(const na_norm *n, const char *orig, size_t base, int ident, size_t i)
{
    size_t o = na_norm_orig(n, base, ident, i);
    uint8_t c = (uint8_t)orig[o];
    return o + (c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4);
}

int na_norm_append_raw(na_norm *n, char c, uint32_t at)
{
    if (reserve(n, 1))
        return NA_ENOMEM;
    pthread_once(&tab_once, tab_init);
    n->text[n->len] = c;
    n->view[n->len + 1] = (unsigned char)c < 0x80 ? view_tab[(unsigned char)c] : ' ';
    n->ostart[n->len] = at;
    n->len++;
    n->text[n->len] = '\0';
    return NA_OK;
}

char *na_norm_string(const char *s)
{
    na_norm n;
    na_norm_init(&n);
    if (na_norm_append(&n, s, strlen(s))) {
        na_norm_free(&n);
        return NULL;
    }
    size_t b = 0, e = n.len;
    while (b < e && n.text[b] == ' ')
        b++;
    while (e > b && n.text[e - 1] == ' ')
        e--;
    char *out = malloc(e - b + 1);
    if (out) {
        memcpy(out, n.text + b, e - b);
        out[e - b] = '\0';
    }
    na_norm_free(&n);
    return out;
}

/* Decodes the character at t[i]; returns its length (1 for a stray byte). */
static size_t decode(const char *t, size_t len, size_t i, int32_t *cp)
{
    const uint8_t *u = (const uint8_t *)t;
    if (u[i] < 0x80) {
        *cp = u[i];
        return 1;
    }
    utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), cp);
    if (k <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)k;
}

int na_norm_word_at(const char *t, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    if ((unsigned char)t[i] < 0x80)
        return na_norm_ascii_word((unsigned char)t[i]);
    int32_t cp;
    decode(t, len, i, &cp);
    return cp_word(cp);
}

int na_norm_word_before(const char *t, size_t i)
{
    if (i == 0)
        return 0;
    const uint8_t *u = (const uint8_t *)t;
    if (u[i - 1] < 0x80)
        return na_norm_ascii_word(u[i - 1]);
    size_t b = i - 1;
    while (b > 0 && i - b < 4 && (u[b] & 0xc0) == 0x80)
        b--;
    int32_t cp;
    decode(t, i, b, &cp);
    return cp_word(cp);
}

void na_norm_word_view(const char *t, size_t len, char *out)
{
    pthread_once(&tab_once, tab_init);
    const uint8_t *u = (const uint8_t *)t;
    for (size_t i = 0; i < len;) {
        uint64_t x;
        if (i + 8 <= len && (memcpy(&x, u + i, 8), !(x & HIGHS))) { /* eight ASCII bytes */
            x = swar_view(x, 0);
            memcpy(out + i, &x, 8);
            i += 8;
            continue;
        }
        if (u[i] < 0x80) {
            out[i] = view_tab[u[i]];
            i++;
            continue;
        }
        int32_t cp;
        size_t k = decode(t, len, i, &cp);
        if (cp_word(cp))
            memcpy(out + i, t + i, k);
        else
            memset(out + i, ' ', k);
        i += k;
    }
}

size_t na_norm_word_end(const char *t, size_t len, size_t i)
{
    while (i < len) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (!na_norm_ascii_word(c))
                break;
            i++;
            continue;
        }
        int32_t cp;
        size_t k = decode(t, len, i, &cp);
        if (!cp_word(cp))
            break;
        i += k;
    }
    return i;
}
