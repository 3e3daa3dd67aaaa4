// Per-thread small-block cache for libxml2's allocations (see include/cxmlalloc.h).
#include "cxmlalloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Header before every block: capacity (usable bytes) and a tag. The tag sits where glibc keeps a
   chunk's size word, so a pointer from plain malloc never carries it (chunk sizes are < 2^48). */
typedef struct {
    uint64_t capacity;
    uint64_t tag;
} header_t;

#define TAG_MAGIC 0x5E7E000000000000ull
#define TAG_MASK 0xFFFF000000000000ull
#define CLASS_LARGE 0xFFu
#define NCLASSES 5
/* Cached blocks kept per size class and thread. */
#define MAX_CACHED 128

/* No 128-byte class: libxml2's attribute buffers start at 100 bytes and double right away, so
   100-byte requests get 256 and grow to 200 in place. */
static const uint32_t class_size[NCLASSES] = {32, 64, 256, 512, 1024};

/* A free block's first word links to the next free block of its class. */
typedef struct free_block {
    struct free_block *next;
} free_block_t;

typedef struct {
    free_block_t *head[NCLASSES];
    uint32_t count[NCLASSES];
    /* 0: not yet registered for cleanup at thread exit; 1: live; 2: thread exiting (no caching). */
    uint32_t state;
} cache_t;

static __thread cache_t tls_cache;
static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;

static inline header_t *header_of(const void *p) { return (header_t *)((char *)p - sizeof(header_t)); }

static inline int size_class(size_t size) {
    if (size <= 32) return 0;
    if (size <= 64) return 1;
    if (size <= 256) return 2;
    if (size <= 512) return 3;
    return 4;
}

/* Frees the blocks cached by an exiting thread; later frees on that thread bypass the cache. */
static void cleanup_thread(void *unused) {
    (void)unused;
    cache_t *c = &tls_cache;
    for (int k = 0; k < NCLASSES; k++) {
        free_block_t *b = c->head[k];
        while (b) {
            free_block_t *next = b->next;
            free(header_of(b));
            b = next;
        }
        c->head[k] = NULL;
        c->count[k] = 0;
    }
    c->state = 2;
}

static void make_key(void) { (void)pthread_key_create(&cleanup_key, cleanup_thread); }

/* Registers the calling thread's cache for cleanup; returns 0 if it must not be used. */
static int register_thread(cache_t *c) {
    if (c->state == 2) return 0;
    pthread_once(&cleanup_once, make_key);
    if (pthread_setspecific(cleanup_key, (void *)1) != 0) { c->state = 2; return 0; }
    c->state = 1;
    return 1;
}

static void *alloc_new(size_t capacity, uint64_t cls) {
    if (capacity > SIZE_MAX - sizeof(header_t)) return NULL;
    header_t *h = malloc(sizeof(header_t) + capacity);
    if (!h) return NULL;
    h->capacity = capacity;
    h->tag = TAG_MAGIC | cls;
    return h + 1;
}

void *cxmlalloc_malloc(size_t size) {
    if (size <= CXMLALLOC_MAX_SMALL) {
        int k = size_class(size);
        cache_t *c = &tls_cache;
        free_block_t *b = c->head[k];
        if (b) {
            c->head[k] = b->next;
            c->count[k]--;
            return b;
        }
        return alloc_new(class_size[k], (uint64_t)k);
    }
    return alloc_new(size, CLASS_LARGE);
}

/* Puts a block of class k on this thread's cache (the caller checked there is room). */
static inline void cache_push(cache_t *c, uint32_t k, void *p) {
    free_block_t *b = p;
    b->next = c->head[k];
    c->head[k] = b;
    c->count[k]++;
}

/* free() of a block the fast path does not cache (large, foreign, full cache, new or exiting
   thread). */
static __attribute__((noinline)) void free_slow(void *p) {
    header_t *h = header_of(p);
    if ((h->tag & TAG_MASK) != TAG_MAGIC) { free(p); return; }
    uint32_t k = (uint32_t)(h->tag & 0xFF);
    if (k < NCLASSES) {
        cache_t *c = &tls_cache;
        if (c->count[k] < MAX_CACHED && c->state != 1 && register_thread(c)) {
            cache_push(c, k, p);
            return;
        }
    }
    free(h);
}

void cxmlalloc_free(void *p) {
    if (!p) return;
    uint64_t tag = header_of(p)->tag;
    uint64_t k = tag ^ TAG_MAGIC;  /* the class index when the tag is ours */
    cache_t *c = &tls_cache;
    if (k < NCLASSES && c->state == 1 && c->count[k] < MAX_CACHED) {
        cache_push(c, (uint32_t)k, p);
        return;
    }
    free_slow(p);
}

void *cxmlalloc_realloc(void *p, size_t size) {
    if (!p) return cxmlalloc_malloc(size);
    header_t *h = header_of(p);
    if ((h->tag & TAG_MASK) != TAG_MAGIC) return realloc(p, size);
    if (size <= h->capacity) return p;
    uint32_t k = (uint32_t)(h->tag & 0xFF);
    if (k == CLASS_LARGE) {
        if (size > SIZE_MAX - sizeof(header_t)) return NULL;
        header_t *n = realloc(h, sizeof(header_t) + size);
        if (!n) return NULL;
        n->capacity = size;
        return n + 1;
    }
    void *q = cxmlalloc_malloc(size);
    if (!q) return NULL;
    memcpy(q, p, h->capacity);
    cxmlalloc_free(p);
    return q;
}

char *cxmlalloc_strdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = cxmlalloc_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

size_t cxmlalloc_cached_blocks(void) {
    size_t n = 0;
    for (int k = 0; k < NCLASSES; k++) n += tls_cache.count[k];
    return n;
}

size_t cxmlalloc_capacity(const void *p) {
    if (!p) return 0;
    const header_t *h = header_of(p);
    if ((h->tag & TAG_MASK) != TAG_MAGIC) return 0;
    return (size_t)h->capacity;
}
