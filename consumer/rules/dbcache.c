/*
 * Compiled Vectorscan databases kept on disk (--rules-cache): a start or reload whose literals
 * were compiled before reads the database back instead of compiling it again.
 *
 * A file is named by the SHA-256 of everything the compiler reads (the Vectorscan version, the
 * host platform, the mode, each literal with its id, length and flags), so a changed rule, a
 * library upgrade or another CPU gives another name. Its content is a magic line, the SHA-256
 * of the serialised database, then the database: a truncated or damaged file fails that check
 * and is compiled again, never loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "newsalert/error.h"
#include "newsalert/file.h"
#include "newsalert/log.h"
#include "newsalert/sha256.h"
#include "rules/rules_int.h"

#define MAGIC "NAHSDB1\n"
#define MAGIC_LEN 8
#define KEEP 8 /* files kept: a few rule sets back, for a rollback; the oldest go first */

static char *cache_dir; /* NULL: no cache */

int na_rules_set_cache_dir(const char *dir)
{
    free(cache_dir);
    cache_dir = NULL;
    if (dir && *dir && !(cache_dir = strdup(dir)))
        return NA_ENOMEM;
    return NA_OK;
}

static void digest_add(EVP_MD_CTX *c, const void *p, size_t n)
{
    EVP_DigestUpdate(c, p, n);
}

int na_rules_db_key(const char *const *lits, const unsigned *flags, const unsigned *ids,
                    const size_t *lens, unsigned n, unsigned mode, char key[65])
{
    hs_platform_info_t plat;
    unsigned char md[32];
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || hs_populate_platform(&plat) != HS_SUCCESS ||
        !EVP_DigestInit_ex(c, na_sha256(), NULL)) {
        EVP_MD_CTX_free(c);
        return NA_ENOMEM;
    }
    const char *v = hs_version();
    digest_add(c, v, strlen(v) + 1);
    digest_add(c, &plat, sizeof plat);
    digest_add(c, &mode, sizeof mode);
    digest_add(c, &n, sizeof n);
    for (unsigned i = 0; i < n; i++) {
        uint64_t len = lens[i];
        digest_add(c, &ids[i], sizeof ids[i]);
        digest_add(c, &flags[i], sizeof flags[i]);
        digest_add(c, &len, sizeof len);
        digest_add(c, lits[i], lens[i]);
    }
    int ok = EVP_DigestFinal_ex(c, md, NULL);
    EVP_MD_CTX_free(c);
    for (int i = 0; i < 32; i++)
        snprintf(key + 2 * i, 3, "%02x", md[i]);
    return ok ? NA_OK : NA_ENOMEM;
}

static int file_of(char *path, size_t size, const char *key)
{
    int n = snprintf(path, size, "%s/rules-%s.hsdb", cache_dir, key);
    return n > 0 && (size_t)n < size;
}

static int sum(const char *p, size_t n, unsigned char md[32])
{
    return EVP_Digest(p, n, md, NULL, na_sha256(), NULL) ? NA_OK : NA_ENOMEM;
}

hs_database_t *na_rules_db_cache_load(const char *key)
{
    char path[4096], err[512];
    size_t len = 0;
    if (!cache_dir || !file_of(path, sizeof path, key))
        return NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL; /* not compiled before: the usual miss */
    char *buf = na_file_read(path, 0, &len, err, sizeof err);
    unsigned char md[32];
    hs_database_t *db = NULL;
    if (!buf) {
        na_warn("rules", "rules cache: %s", err);
    } else if (len < MAGIC_LEN + 32 || memcmp(buf, MAGIC, MAGIC_LEN) ||
               sum(buf + MAGIC_LEN + 32, len - MAGIC_LEN - 32, md) ||
               memcmp(md, buf + MAGIC_LEN, 32)) {
        na_warn("rules", "rules cache: %s: damaged (compiled again)", path);
    } else if (hs_deserialize_database(buf + MAGIC_LEN + 32, len - MAGIC_LEN - 32, &db) !=
               HS_SUCCESS) {
        na_warn("rules", "rules cache: %s: not a database of this Vectorscan (compiled again)",
                path);
        db = NULL;
    } else {
        utimensat(AT_FDCWD, path, NULL, 0); /* recently used: pruned last */
        na_debug("rules", "rules cache: %s: read", path);
    }
    free(buf);
    return db;
}

/* Removes all but the KEEP newest cache files (by modification time). */
static void prune(void)
{
    DIR *dir = opendir(cache_dir);
    if (!dir)
        return;
    struct {
        char name[128];
        struct timespec t;
    } old[KEEP + 1];
    size_t n = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(dir))) {
        size_t nl = strlen(e->d_name);
        struct stat st;
        if (strncmp(e->d_name, "rules-", 6) || nl < 6 || nl >= sizeof old[0].name ||
            strcmp(e->d_name + nl - 5, ".hsdb") ||
            snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0)
            continue;
        /* Insert by age, newest first; the one pushed past KEEP is removed. */
        size_t i = n++;
        memcpy(old[i].name, e->d_name, nl + 1); /* nl < sizeof name, checked above */
        old[i].t = st.st_mtim;
        for (; i > 0 &&
               (old[i - 1].t.tv_sec < old[i].t.tv_sec || (old[i - 1].t.tv_sec == old[i].t.tv_sec &&
                                                          old[i - 1].t.tv_nsec < old[i].t.tv_nsec));
             i--) {
            __typeof__(old[0]) x = old[i];
            old[i] = old[i - 1];
            old[i - 1] = x;
        }
        if (n == KEEP + 1) {
            snprintf(path, sizeof path, "%s/%s", cache_dir, old[KEEP].name);
            if (unlink(path) != 0 && errno != ENOENT)
                na_warn("rules", "rules cache: %s: %s", path, strerror(errno));
            n = KEEP;
        }
    }
    closedir(dir);
}

void na_rules_db_cache_store(const char *key, const hs_database_t *db)
{
    char path[4096], err[4200], *bytes = NULL;
    size_t len = 0;
    if (!cache_dir || !file_of(path, sizeof path, key))
        return;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS) {
        na_warn("rules", "rules cache: cannot serialise the database (not cached)");
        return;
    }
    char *buf = malloc(MAGIC_LEN + 32 + len);
    if (!buf || sum(bytes, len, (unsigned char *)buf + MAGIC_LEN)) {
        na_warn("rules", "rules cache: out of memory (not cached)");
    } else {
        memcpy(buf, MAGIC, MAGIC_LEN);
        memcpy(buf + MAGIC_LEN + 32, bytes, len);
        if (na_file_replace(path, buf, MAGIC_LEN + 32 + len, err, sizeof err))
            na_warn("rules", "rules cache: %s (not cached)", err);
        else
            prune();
    }
    free(buf);
    free(bytes);
}
