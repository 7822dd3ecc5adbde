/* Stream rules through the rule engine: frequency, spike, group_by, lateness, cooldown,
 * duplicates, determinism of alert ids, and the loader's messages for bad windows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsalert/error.h"
#include "rules/alert.h"
#include "newsalert/article.h"
#include "rules/rules.h"

#define H 3600000LL
#define MAX_ALERTS 16

struct got {
    size_t n;
    char *id[MAX_ALERTS], *key[MAX_ALERTS], *event[MAX_ALERTS];
    size_t count[MAX_ALERTS], n_evidence[MAX_ALERTS];
    int64_t start[MAX_ALERTS], end[MAX_ALERTS];
};

static int keep(na_alert *al, void *ud)
{
    struct got *g = ud;
    assert_true(g->n < MAX_ALERTS);
    g->id[g->n] = strdup(al->id);
    g->key[g->n] = al->group_key ? strdup(al->group_key) : NULL;
    g->event[g->n] = strdup(al->event_id);
    g->count[g->n] = al->window_count;
    g->n_evidence[g->n] = al->n_evidence;
    g->start[g->n] = al->window_start;
    g->end[g->n] = al->window_end;
    g->n++;
    na_alert_destroy(al);
    return 0;
}

static void got_clear(struct got *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->id[i]);
        free(g->key[i]);
        free(g->event[i]);
    }
    memset(g, 0, sizeof *g);
}

static na_rules *load(const char *text)
{
    char err[512];
    na_rules *r =
        na_rules_load_text("t.json", text, strlen(text), NULL, NULL, NULL, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

/* The window stage's copy of text's rules (na_rules_load_windows reads a file). */
static na_rules *load_windows(const char *text)
{
    char path[] = "/tmp/na-test-stage-XXXXXX", err[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    na_rules *r = na_rules_load_windows(path, err, sizeof err);
    unlink(path);
    if (!r)
        fail_msg("%s", err);
    return r;
}

/* Feeds one article: id, published time, headline, and up to two places (NULL: none);
 * emit 0 is the rebuild mode (no alert may reach the callback). */
static void feed_ex(na_rules *r, struct got *g, const char *id, int64_t t, const char *headline,
                    const char *place1, const char *place2, int emit)
{
    na_article *a = na_article_new();
    assert_non_null(a);
    assert_int_equal(na_article_set(&a->id, id), 0);
    assert_int_equal(na_article_set(&a->headline, headline), 0);
    assert_int_equal(na_article_set(&a->outlet, "Example Times"), 0);
    a->published_ms = t;
    if (place1)
        assert_int_equal(na_strlist_push(&a->places, place1), 0);
    if (place2)
        assert_int_equal(na_strlist_push(&a->places, place2), 0);
    assert_int_equal(emit ? na_rules_eval(r, a, keep, g) : na_rules_eval_ex(r, a, NULL, NULL, 0),
                     0);
    na_article_destroy(a);
}

static void feed(na_rules *r, struct got *g, const char *id, int64_t t, const char *headline,
                 const char *place1, const char *place2)
{
    feed_ex(r, g, id, t, headline, place1, place2, 1);
}

static const char *const FREQ =
    "{\"rules\":[{\"id\":\"surge\",\"match\":\"invasion\","
    "\"window\":{\"type\":\"frequency\",\"min_events\":3,\"within\":\"6h\"},\"cooldown\":\"4h\"}]}";

static void test_frequency_and_cooldown(void **state)
{
    (void)state;
    na_rules *r = load(FREQ);
    struct got g = {0};
    feed(r, &g, "a", 1 * H, "Invasion feared", NULL, NULL);
    feed(r, &g, "x", 1 * H + 1, "Markets calm", NULL, NULL); /* no match: not counted */
    feed(r, &g, "b", 2 * H, "Invasion talk grows", NULL, NULL);
    assert_int_equal(g.n, 0);
    feed(r, &g, "c", 3 * H, "Invasion begins", NULL, NULL);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.key[0], "*");
    assert_string_equal(g.event[0], "c");
    assert_int_equal(g.count[0], 3);
    assert_int_equal(g.start[0], 3 * H - 6 * H);
    assert_int_equal(g.end[0], 3 * H);
    assert_int_equal(g.n_evidence[0], 3);
    feed(r, &g, "d", 4 * H, "Invasion day two", NULL, NULL); /* 4 in window, cooling */
    assert_int_equal(g.n, 1);
    feed(r, &g, "e", 7 * H + 1, "Invasion day three", NULL, NULL); /* (1h,7h]: b c d e */
    assert_int_equal(g.n, 2);
    assert_int_equal(g.count[1], 4);
    feed(r, &g, "f", 20 * H, "Invasion over?", NULL, NULL); /* alone in its window */
    assert_int_equal(g.n, 2);
    got_clear(&g);
    na_rules_destroy(r);
}

static void test_duplicates_and_lateness(void **state)
{
    (void)state;
    na_rules *r = load("{\"rules\":[{\"id\":\"surge\",\"match\":\"invasion\",\"window\":{"
                       "\"type\":\"frequency\",\"min_events\":3,\"within\":\"6h\","
                       "\"lateness\":\"1h\"}}]}");
    struct got g = {0};
    feed(r, &g, "a", 10 * H, "Invasion", NULL, NULL);
    feed(r, &g, "a", 10 * H, "Invasion", NULL, NULL);  /* the same event again */
    feed(r, &g, "old", 8 * H, "Invasion", NULL, NULL); /* 2h behind the newest: too late */
    assert_int_equal(g.n, 0);
    feed(r, &g, "late", 9 * H + H / 2, "Invasion", NULL, NULL); /* 30 min late: counts */
    assert_int_equal(g.n, 0); /* its window (3.5h, 9.5h] holds only itself */
    feed(r, &g, "b", 11 * H, "Invasion", NULL, NULL);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.count[0], 3); /* a, late, b: not the duplicate, not the old one */
    got_clear(&g);
    na_rules_destroy(r);
}

static void test_group_by_places(void **state)
{
    (void)state;
    na_rules *r = load("{\"rules\":[{\"id\":\"by-place\",\"match\":\"invasion\",\"window\":{"
                       "\"type\":\"frequency\",\"min_events\":2,\"within\":\"6h\","
                       "\"group_by\":\"places\"}}]}");
    struct got g = {0};
    feed(r, &g, "a", 1 * H, "Invasion", "Ukraine", NULL);
    feed(r, &g, "b", 2 * H, "Invasion", "Taiwan", NULL);
    feed(r, &g, "n", 2 * H, "Invasion", NULL, NULL); /* no place: no key, not counted */
    assert_int_equal(g.n, 0);
    feed(r, &g, "c", 3 * H, "Invasion", "Ukraine", "Taiwan"); /* counts for both */
    assert_int_equal(g.n, 2);
    assert_string_equal(g.key[0], "Ukraine");
    assert_string_equal(g.key[1], "Taiwan");
    assert_int_equal(g.count[0], 2);
    assert_int_equal(g.count[1], 2);
    assert_string_not_equal(g.id[0], g.id[1]);
    got_clear(&g);
    na_rules_destroy(r);
}

static void test_spike(void **state)
{
    (void)state;
    na_rules *r = load("{\"rules\":[{\"id\":\"spike\",\"match\":\"sanctions\",\"window\":{"
                       "\"type\":\"spike\",\"within\":\"1d\",\"factor\":3,\"min_events\":3}}]}");
    struct got g = {0};
    int64_t D = 24 * H;
    feed(r, &g, "p1", 1 * H, "New sanctions", NULL, NULL); /* previous day: one event */
    feed(r, &g, "c1", D + 2 * H, "New sanctions", NULL, NULL);
    feed(r, &g, "c2", D + 3 * H, "New sanctions", NULL, NULL);
    assert_int_equal(g.n, 0); /* 2 < min_events; and 2 < 3 x 1 */
    feed(r, &g, "c3", D + 4 * H, "New sanctions", NULL, NULL);
    assert_int_equal(g.n, 1); /* (4h, 1d+4h] holds c1 c2 c3; (-20h, 4h] holds p1: 3 >= 3 x 1 */
    assert_int_equal(g.count[0], 3);
    got_clear(&g);
    na_rules_destroy(r);

    /* Two events in the previous window: three now is no spike at factor 3. */
    r = load("{\"rules\":[{\"id\":\"spike\",\"match\":\"sanctions\",\"window\":{"
             "\"type\":\"spike\",\"within\":\"1d\",\"factor\":3,\"min_events\":3}}]}");
    feed(r, &g, "p1", 1 * H, "New sanctions", NULL, NULL);
    feed(r, &g, "p2", 2 * H, "New sanctions", NULL, NULL);
    feed(r, &g, "c1", D + 3 * H, "New sanctions", NULL, NULL);
    feed(r, &g, "c2", D + 4 * H, "New sanctions", NULL, NULL);
    feed(r, &g, "c3", D + 5 * H, "New sanctions", NULL, NULL);
    assert_int_equal(g.n, 0);
    got_clear(&g);
    na_rules_destroy(r);
}

static void test_cooldown_per_article(void **state)
{
    (void)state;
    na_rules *r = load("{\"rules\":[{\"id\":\"deny\",\"match\":\"denied\",\"realert\":\"6h\"}]}");
    struct got g = {0};
    feed(r, &g, "a", 1 * H, "Kremlin denied it", NULL, NULL);
    feed(r, &g, "b", 2 * H, "Kremlin denied it again", NULL, NULL); /* within 6h: dropped */
    feed(r, &g, "c", 7 * H + 1, "Kremlin denied it once more", NULL, NULL);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.event[0], "a");
    assert_string_equal(g.event[1], "c");
    assert_null(g.key[0]); /* per-article alerts keep their per-article shape and ids */
    assert_int_equal(g.count[0], 0);
    got_clear(&g);
    na_rules_destroy(r);
}

static void run_freq(struct got *g)
{
    na_rules *r = load(FREQ);
    for (int i = 0; i < 12; i++) {
        char id[16];
        snprintf(id, sizeof id, "e%d", i);
        feed(r, g, id, (int64_t)i * 2 * H, "Invasion", NULL, NULL);
    }
    na_rules_destroy(r);
}

static void test_determinism(void **state)
{
    (void)state;
    struct got a = {0}, b = {0};
    run_freq(&a);
    run_freq(&b);
    assert_true(a.n >= 2);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.id[i], b.id[i]);
        assert_string_equal(a.event[i], b.event[i]);
    }
    assert_string_not_equal(a.id[0], a.id[1]);
    got_clear(&a);
    got_clear(&b);
}

/* A restart: a, b, c re-read in rebuild mode fill the window and mark c's alert, so d (still
 * cooling) raises nothing and e raises the uninterrupted run's second alert, same id. */
static void test_rebuild_mode(void **state)
{
    (void)state;
    struct got ref = {0}, g = {0};
    na_rules *r = load(FREQ);
    const char *ids[] = {"a", "b", "c", "d", "e"};
    const int64_t ts[] = {1 * H, 2 * H, 3 * H, 4 * H, 7 * H + 1};
    for (int i = 0; i < 5; i++)
        feed(r, &ref, ids[i], ts[i], "Invasion", NULL, NULL);
    assert_int_equal(ref.n, 2);
    assert_int_equal(na_rules_state_horizon_ms(r), 6 * H + 1 * H); /* within + lateness */
    na_rules_destroy(r);
    r = load(FREQ);
    for (int i = 0; i < 5; i++)
        feed_ex(r, &g, ids[i], ts[i], "Invasion", NULL, NULL, i >= 3);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.id[0], ref.id[1]);
    assert_int_equal(g.count[0], 4);
    na_rules_destroy(r);
    r = load("{\"rules\":[{\"id\":\"plain\",\"match\":\"invasion\"}]}");
    assert_int_equal(na_rules_state_horizon_ms(r), 0); /* nothing to rebuild */
    feed_ex(r, &g, "z", 1 * H, "Invasion", NULL, NULL, 0);
    assert_int_equal(g.n, 1);
    na_rules_destroy(r);
    got_clear(&ref);
    got_clear(&g);
}

/* The match stage's output, copied (the strings na_match borrows are gone after eval). */
struct matches {
    size_t n;
    char rule[64][16], group[64][32], article[64][16], value[64][32];
    int64_t t[64];
};

static int collect(const na_match *m, void *ud)
{
    struct matches *ms = ud;
    assert_true(ms->n < 64);
    snprintf(ms->value[ms->n], sizeof ms->value[0], "%s", m->value ? m->value : "");
    snprintf(ms->rule[ms->n], sizeof ms->rule[0], "%s", m->rule_id);
    snprintf(ms->group[ms->n], sizeof ms->group[0], "%s", m->group);
    snprintf(ms->article[ms->n], sizeof ms->article[0], "%s", m->article_id);
    ms->t[ms->n++] = m->time_ms;
    return 0;
}

static na_match at(const struct matches *ms, size_t i)
{
    return (na_match){
        ms->rule[i], ms->group[i], ms->article[i], ms->t[i],
        "h",         NULL,         NULL,           *ms->value[i] ? ms->value[i] : NULL};
}

static const char *const PLACES =
    "{\"rules\":[{\"id\":\"surge\",\"match\":\"invasion\",\"window\":{"
    "\"type\":\"frequency\",\"min_events\":2,\"within\":\"6h\",\"group_by\":\"places\"}},"
    "{\"id\":\"plain\",\"match\":\"invasion\"}]}";

static void feed_places(na_rules *r, struct got *g)
{
    feed(r, g, "a", 1 * H, "Invasion", "Kyiv", "Lviv");
    feed(r, g, "b", 2 * H, "Invasion", "Kyiv", NULL);
    feed(r, g, "c", 3 * H, "Invasion", "Lviv", NULL);
    feed(r, g, "d", 20 * H, "Invasion", "Kyiv", NULL);
    feed(r, g, "e", 21 * H, "Invasion", "Kyiv", NULL);
}

/* Match stage then window stage (its windows-only copy, in time order) raise the offline run's
 * window alerts, ids included; per-article rules alert in the match stage; a rebuild (emit 0)
 * raises nothing and leaves the state that makes the next match alert; repeats are recognised. */
static void test_stages_equal_offline(void **state)
{
    (void)state;
    na_rules *off = load(PLACES), *ms_rules = load(PLACES), *ws = load_windows(PLACES);
    struct got want = {0}, per = {0}, win = {0};
    feed_places(off, &want);
    struct matches ms = {0};
    na_rules_set_match_sink(ms_rules, collect, &ms);
    assert_int_equal(na_rules_window_count(ms_rules), 1);
    feed_places(ms_rules, &per);
    assert_int_equal(ms.n, 6);  /* a: Kyiv, Lviv; b, c, d, e */
    assert_int_equal(per.n, 5); /* the plain rule, once per article */
    for (size_t i = 0; i < ms.n; i++) {
        na_match m = at(&ms, i);
        assert_int_equal(na_rules_window_apply(ws, &m, "0|", keep, &win, 1), 0);
    }
    size_t n_win = 0;
    for (size_t i = 0; i < want.n; i++) {
        if (!want.key[i] || !strcmp(want.key[i], "*"))
            continue; /* the plain rule */
        assert_true(n_win < win.n);
        assert_string_equal(want.id[i], win.id[n_win]);
        assert_string_equal(want.key[i], win.key[n_win]); /* the group, not the scoped key */
        n_win++;
    }
    assert_int_equal(n_win, win.n);
    assert_int_equal(win.n, 3); /* Kyiv at b, Lviv at c, Kyiv at e */
    na_match again = at(&ms, 0);
    assert_true(na_rules_window_holds(ws, &again, "0|"));
    assert_false(na_rules_window_holds(ws, &again, "1|"));
    assert_true(na_rules_window_lateness(ws, "surge") == 3600000);
    assert_true(na_rules_window_lateness(ws, "plain") < 0);
    na_match unknown = {"nope", "*", "z", 1, NULL, NULL, NULL, NULL};
    assert_int_equal(na_rules_window_apply(ws, &unknown, NULL, keep, &win, 1), NA_ENOTFOUND);
    size_t events;
    assert_true(na_rules_window_memory(ws, &events) > 0);
    assert_int_equal(events, 6);
    na_rules_window_forget(ws, "0|");
    assert_int_equal(na_rules_window_memory(ws, &events) > 0, 1);
    assert_int_equal(events, 0);

    /* A rebuild of the first four matches, then the fifth: only e's alert is raised. */
    na_rules *rb = load(PLACES);
    struct got after = {0};
    for (size_t i = 0; i < ms.n; i++) {
        na_match m = at(&ms, i);
        assert_int_equal(na_rules_window_apply(rb, &m, "3|", keep, &after, i + 1 == ms.n), 0);
    }
    assert_int_equal(after.n, 1);
    assert_string_equal(after.id[0], win.id[2]);
    /* The window stage's copy has no automaton: it cannot evaluate an article. */
    na_article *a = na_article_new();
    assert_non_null(a);
    assert_int_equal(na_article_set(&a->headline, "Invasion"), 0);
    assert_int_equal(na_rules_eval(ws, a, keep, &after), NA_EINVAL);
    assert_int_equal(after.n, 1);
    na_article_destroy(a);
    got_clear(&want);
    got_clear(&per);
    got_clear(&win);
    got_clear(&after);
    na_rules_destroy(off);
    na_rules_destroy(ms_rules);
    na_rules_destroy(ws);
    na_rules_destroy(rb);
}

/* One article of outlet at t (minutes), matching "zebra"; into r offline, or its match stage. */
static void feed_outlet(na_rules *r, struct got *g, const char *id, int64_t min, const char *outlet)
{
    na_article *a = na_article_new();
    assert_non_null(a);
    assert_int_equal(na_article_set(&a->id, id), 0);
    assert_int_equal(na_article_set(&a->headline, "Zebra news"), 0);
    assert_int_equal(na_article_set(&a->outlet, outlet), 0);
    a->published_ms = min * 60000;
    assert_int_equal(na_rules_eval(r, a, keep, g), 0);
    na_article_destroy(a);
}

static const char *const CARD =
    "{\"rules\":[{\"id\":\"corroborated\",\"match\":\"zebra\",\"window\":{\"type\":"
    "\"cardinality\",\"field\":\"outlet\",\"min_distinct\":3,\"within\":\"2h\"}}]}";

/* At least 3 distinct outlets within 2 h: the third outlet raises it; 3 articles from 2
 * outlets, or a third outlet after the window, do not. */
static void test_cardinality(void **state)
{
    (void)state;
    na_rules *r = load(CARD);
    struct got g = {0};
    feed_outlet(r, &g, "a1", 0, "alpha");
    feed_outlet(r, &g, "a2", 10, "alpha");
    feed_outlet(r, &g, "b1", 20, "beta");
    feed_outlet(r, &g, "a3", 30, "alpha");
    assert_int_equal(g.n, 0); /* near miss: 4 events, 2 outlets */
    feed_outlet(r, &g, "c1", 40, "gamma");
    assert_int_equal(g.n, 1);
    assert_int_equal(g.count[0], 3); /* distinct outlets */
    assert_true(g.start[0] == 40 * 60000 - 2 * H && g.end[0] == 40 * 60000);
    char *id = strdup(g.id[0]);
    na_rules_destroy(r);
    got_clear(&g);

    r = load(CARD); /* near miss in time: the third outlet comes after the window */
    feed_outlet(r, &g, "a1", 0, "alpha");
    feed_outlet(r, &g, "b1", 10, "beta");
    feed_outlet(r, &g, "c1", 130, "gamma");
    assert_int_equal(g.n, 0);
    na_rules_destroy(r);

    /* Through the stages: one match per value, the same alert id. */
    na_rules *ms_rules = load(CARD), *ws = load(CARD);
    struct matches ms = {0};
    struct got per = {0}, win = {0};
    na_rules_set_match_sink(ms_rules, collect, &ms);
    const char *outlets[] = {"alpha", "alpha", "beta", "alpha", "gamma"};
    const char *ids[] = {"a1", "a2", "b1", "a3", "c1"};
    for (int i = 0; i < 5; i++)
        feed_outlet(ms_rules, &per, ids[i], 10 * i, outlets[i]);
    assert_int_equal(ms.n, 5);
    assert_string_equal(ms.value[2], "beta");
    for (size_t i = 0; i < ms.n; i++) {
        na_match m = at(&ms, i);
        assert_int_equal(na_rules_window_apply(ws, &m, "0|", keep, &win, 1), 0);
    }
    assert_int_equal(win.n, 1);
    assert_string_equal(win.id[0], id);
    na_match again = at(&ms, 2);
    assert_true(na_rules_window_holds(ws, &again, "0|"));
    free(id);
    got_clear(&per);
    got_clear(&win);
    na_rules_destroy(ms_rules);
    na_rules_destroy(ws);
}

static const char *const FLAT =
    "{\"rules\":[{\"id\":\"went-silent\",\"match\":\"zebra\",\"window\":{\"type\":"
    "\"flatline\",\"min_events\":2,\"within\":\"1h\",\"group_by\":\"outlet\",\"lateness\":"
    "\"10m\"}}]}";

/* Outlet beta publishes every 15 minutes until 5h11m (the clock); alpha at :15 and :45 of
 * each hour h, or per[h] times when per[h] >= 0. */
static void feed_flat(na_rules *r, struct got *g, const int *per)
{
    char id[16];
    for (int64_t m = 0; m <= 310; m += 15) {
        int hour = (int)(m / 60);
        int n = per[hour] >= 0 ? per[hour] : 2;
        if ((m % 60 == 15 && n > 0) || (m % 60 == 45 && n > 1)) {
            snprintf(id, sizeof id, "a%lld", (long long)m);
            feed_outlet(r, g, id, m, "alpha");
        }
        snprintf(id, sizeof id, "c%lld", (long long)m);
        feed_outlet(r, g, id, m + 1, "beta");
    }
}

/* A flatline raises one alert, for the window where alpha fell below 2 after a window with 2;
 * an alpha that keeps to 2 an hour (the near miss) raises none; the stages agree. */
static void test_flatline(void **state)
{
    (void)state;
    const int steady[] = {-1, -1, -1, -1, -1, -1}, dropped[] = {-1, -1, 1, -1, -1, -1};
    na_rules *r = load(FLAT);
    struct got g = {0};
    feed_flat(r, &g, steady);
    assert_int_equal(g.n, 0);
    na_rules_destroy(r);

    r = load(FLAT);
    feed_flat(r, &g, dropped);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.key[0], "alpha");
    assert_int_equal(g.count[0], 1);
    assert_true(g.start[0] == 2 * H && g.end[0] == 3 * H); /* the window (2h, 3h] */
    na_rules_destroy(r);

    /* The stages: matches applied in time order, the clock advanced by each article's time. */
    na_rules *ms_rules = load(FLAT), *ws = load(FLAT);
    struct matches ms = {0};
    struct got per = {0}, win = {0};
    na_rules_set_match_sink(ms_rules, collect, &ms);
    feed_flat(ms_rules, &per, dropped);
    assert_int_equal(per.n, 0);
    for (size_t i = 0; i < ms.n; i++) {
        na_match m = at(&ms, i);
        assert_int_equal(na_rules_window_apply(ws, &m, "0|", keep, &win, 1), 0);
        assert_int_equal(na_rules_window_advance(ws, "0|", m.time_ms, keep, &win, 1), 0);
    }
    assert_int_equal(win.n, 1);
    assert_string_equal(win.id[0], g.id[0]);
    assert_string_equal(win.key[0], "alpha"); /* the group, not the scoped key */
    /* A rebuild (emit 0) of the same raises nothing, and marks it: no alert when it goes on. */
    na_rules *rb = load(FLAT);
    struct got none = {0};
    for (size_t i = 0; i < ms.n; i++) {
        na_match m = at(&ms, i);
        assert_int_equal(na_rules_window_apply(rb, &m, "1|", keep, &none, 0), 0);
        assert_int_equal(na_rules_window_advance(rb, "1|", m.time_ms, keep, &none, 0), 0);
    }
    assert_int_equal(none.n, 0);
    got_clear(&g);
    got_clear(&per);
    got_clear(&win);
    na_rules_destroy(ms_rules);
    na_rules_destroy(ws);
    na_rules_destroy(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_frequency_and_cooldown),
                                       cmocka_unit_test(test_duplicates_and_lateness),
                                       cmocka_unit_test(test_group_by_places),
                                       cmocka_unit_test(test_spike),
                                       cmocka_unit_test(test_cooldown_per_article),
                                       cmocka_unit_test(test_determinism),
                                       cmocka_unit_test(test_rebuild_mode),
                                       cmocka_unit_test(test_stages_equal_offline),
                                       cmocka_unit_test(test_cardinality),
                                       cmocka_unit_test(test_flatline)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
