/* Allocator for libxml2 (installed with xmlGcMemSetup before xmlInitParser).

   libxml2's HTML parser makes several tiny allocations per tag and attribute (a copy of each
   tag name, each attribute value, growing attribute buffers) and frees them right away. These
   functions serve blocks of up to CXMLALLOC_MAX_SMALL bytes from a small per-thread cache of
   recently freed blocks, in a few size classes, instead of going through malloc every time.

   Every block, small or large, is one malloc'd chunk with a 16-byte header recording its size
   class and capacity, so any thread may free or reallocate any block: a small block freed on
   another thread goes to that thread's cache (or back to free()), never to a wrong allocator.
   Caches are bounded and emptied when their thread exits. Pointers not made by these functions
   (no header tag) are passed to free()/realloc() unchanged. */
#ifndef CXMLALLOC_H
#define CXMLALLOC_H
#include <stddef.h>

/** Largest request (bytes) served from the per-thread caches. */
#define CXMLALLOC_MAX_SMALL 1024

/** malloc: a block of at least `size` bytes, 16-byte aligned; NULL when out of memory. */
void *cxmlalloc_malloc(size_t size);
/** realloc: grows in place while the block's size class has room. */
void *cxmlalloc_realloc(void *ptr, size_t size);
/** free: NULL is ignored. */
void cxmlalloc_free(void *ptr);
/** strdup through cxmlalloc_malloc. */
char *cxmlalloc_strdup(const char *s);

/** Blocks currently held in the calling thread's cache (for tests). */
size_t cxmlalloc_cached_blocks(void);
/** Capacity (usable bytes) of a block made by these functions; 0 for other pointers (for tests). */
size_t cxmlalloc_capacity(const void *ptr);

#endif
