/* The engine's waiting rooms: FIFOs per destination and a heap of jobs waiting to retry. */
#include <stdlib.h>

#include "delivery/job.h"
#include "newsalert/error.h"
#include "newsalert/grow.h"

void na_job_fifo_push(na_job_fifo *q, na_job *j)
{
    j->next = NULL;
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
}

na_job *na_job_fifo_pop(na_job_fifo *q)
{
    na_job *j = q->head;
    if (j) {
        q->head = j->next;
        if (!q->head)
            q->tail = NULL;
        j->next = NULL;
    }
    return j;
}

static void swap(na_job **a, na_job **b)
{
    na_job *t = *a;
    *a = *b;
    *b = t;
}

int na_job_heap_push(na_job_heap *h, na_job *j)
{
    if (na_grow((void **)&h->items, &h->cap, h->n, sizeof *h->items, 64))
        return NA_ENOMEM;
    size_t i = h->n++;
    h->items[i] = j;
    while (i && h->items[(i - 1) / 2]->due_ms > h->items[i]->due_ms) {
        swap(&h->items[(i - 1) / 2], &h->items[i]);
        i = (i - 1) / 2;
    }
    return NA_OK;
}

na_job *na_job_heap_peek(const na_job_heap *h)
{
    return h->n ? h->items[0] : NULL;
}

static void sift_down(na_job_heap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->items[l]->due_ms < h->items[m]->due_ms)
            m = l;
        if (r < h->n && h->items[r]->due_ms < h->items[m]->due_ms)
            m = r;
        if (m == i)
            break;
        swap(&h->items[m], &h->items[i]);
        i = m;
    }
}

na_job *na_job_heap_pop(na_job_heap *h)
{
    if (!h->n)
        return NULL;
    na_job *top = h->items[0];
    h->items[0] = h->items[--h->n];
    sift_down(h, 0);
    return top;
}

void na_job_heap_rebuild(na_job_heap *h)
{
    for (size_t i = h->n / 2; i-- > 0;)
        sift_down(h, i);
}
