#include "newsalert/article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "newsalert/error.h"
#include "newsalert/sha256.h"
#include "newsalert/grow.h"

na_article *na_article_new(void)
{
    na_article *a = calloc(1, sizeof *a);
    if (a)
        a->published_ms = -1;
    return a;
}

void na_strlist_clear(na_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

void na_article_clear_derived(na_article *a)
{
    free(a->sentences);
    a->sentences = NULL;
    a->n_sentences = a->cap_sentences = 0;
    for (size_t i = 0; i < a->n_quotes; i++) {
        free(a->quotes[i].text);
        free(a->quotes[i].speaker);
    }
    free(a->quotes);
    a->quotes = NULL;
    a->n_quotes = a->cap_quotes = 0;
    for (size_t i = 0; i < a->n_quantities; i++) {
        free(a->quantities[i].unit);
        free(a->quantities[i].text);
    }
    free(a->quantities);
    a->quantities = NULL;
    a->n_quantities = a->cap_quantities = 0;
    na_strlist_clear(&a->people);
    na_strlist_clear(&a->places);
    na_strlist_clear(&a->organizations);
}

void na_article_destroy(na_article *a)
{
    if (!a)
        return;
    na_article_clear_derived(a);
    free(a->id);
    free(a->headline);
    free(a->standfirst);
    free(a->url);
    free(a->outlet);
    free(a->story);
    free(a->language);
    na_strlist_clear(&a->paragraphs);
    free(a);
}

int na_article_set_n(char **field, const char *value, size_t n)
{
    char *copy = NULL;
    if (value) {
        copy = malloc(n + 1);
        if (!copy)
            return NA_ENOMEM;
        memcpy(copy, value, n);
        copy[n] = '\0';
    }
    free(*field);
    *field = copy;
    return NA_OK;
}

int na_article_set(char **field, const char *value)
{
    return na_article_set_n(field, value, value ? strlen(value) : 0);
}

static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    return na_grow(arr, cap, n, elem, 8);
}

int na_article_add_sentence(na_article *a, na_span s)
{
    if (grow((void **)&a->sentences, &a->cap_sentences, a->n_sentences, sizeof s))
        return NA_ENOMEM;
    a->sentences[a->n_sentences++] = s;
    return NA_OK;
}

const char *na_article_span_text(const na_article *a, na_span s)
{
    return s.paragraph == NA_SPAN_HEADLINE ? a->headline : a->paragraphs.items[s.paragraph];
}

int na_article_add_quote(na_article *a, char *text, char *speaker, na_span span)
{
    if (grow((void **)&a->quotes, &a->cap_quotes, a->n_quotes, sizeof *a->quotes)) {
        free(text);
        free(speaker);
        return NA_ENOMEM;
    }
    a->quotes[a->n_quotes++] = (na_quote){text, speaker, span};
    return NA_OK;
}

int na_article_add_quantity(na_article *a, double value, char *unit, char *text, na_span span)
{
    if (grow((void **)&a->quantities, &a->cap_quantities, a->n_quantities, sizeof *a->quantities)) {
        free(unit);
        free(text);
        return NA_ENOMEM;
    }
    a->quantities[a->n_quantities++] = (na_quantity){value, unit, text, span};
    return NA_OK;
}

int na_strlist_push_owned(na_strlist *l, char *s)
{
    if (!s)
        return NA_ENOMEM;
    if (grow((void **)&l->items, &l->cap, l->n, sizeof *l->items)) {
        free(s);
        return NA_ENOMEM;
    }
    l->items[l->n++] = s;
    return NA_OK;
}

int na_strlist_push_n(na_strlist *l, const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return na_strlist_push_owned(l, copy);
}

int na_strlist_push(na_strlist *l, const char *s)
{
    return na_strlist_push_n(l, s, strlen(s));
}

int na_strlist_contains(const na_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i], s) == 0)
            return 1;
    return 0;
}

size_t na_article_text_size(const na_article *a)
{
    size_t n =
        (a->headline ? strlen(a->headline) : 0) + (a->standfirst ? strlen(a->standfirst) : 0);
    for (size_t i = 0; i < a->paragraphs.n; i++)
        n += strlen(a->paragraphs.items[i]);
    return n;
}

int na_article_ensure_id(na_article *a)
{
    if (a->id && *a->id)
        return NA_OK;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return NA_ENOMEM;
    EVP_DigestInit_ex(ctx, na_sha256(), NULL);
    char prefix;
    if (a->url && *a->url) {
        prefix = 'u';
        EVP_DigestUpdate(ctx, a->url, strlen(a->url));
    } else {
        prefix = 'c';
        if (a->headline)
            EVP_DigestUpdate(ctx, a->headline, strlen(a->headline));
        for (size_t i = 0; i < a->paragraphs.n; i++) {
            EVP_DigestUpdate(ctx, "\n", 1);
            EVP_DigestUpdate(ctx, a->paragraphs.items[i], strlen(a->paragraphs.items[i]));
        }
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    char id[2 + 16 + 1];
    id[0] = prefix;
    id[1] = '-';
    for (int i = 0; i < 8; i++)
        snprintf(id + 2 + 2 * i, 3, "%02x", md[i]);
    return na_article_set(&a->id, id);
}
