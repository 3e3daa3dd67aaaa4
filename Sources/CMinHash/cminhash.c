/* See include/cminhash.h. The hot loop of MinHash signatures: per shingle, four table rows
   are xored and min-ed into the signature. The x86-64 paths keep the running minima in
   registers (blocks of up to 8 vectors: 128 lanes with AVX-512, 64 with AVX2) and read each
   table row straight from memory; the portable path is the plain loop. */
#include "cminhash.h"

#if defined(__x86_64__) || defined(__i386__)
#define CMINHASH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static void update_portable(const int32_t *table, size_t stride, const uint64_t *sh, size_t count,
                            int32_t *mins) {
    for (size_t k = 0; k < count; k++) {
        uint64_t h = sh[k];
        uint32_t x = (uint32_t)(h ^ (h >> 32));
        const int32_t *r0 = table + (size_t)(x & 0xFF) * stride;
        const int32_t *r1 = table + (size_t)(256 + ((x >> 8) & 0xFF)) * stride;
        const int32_t *r2 = table + (size_t)(512 + ((x >> 16) & 0xFF)) * stride;
        const int32_t *r3 = table + (size_t)(768 + (x >> 24)) * stride;
        for (size_t i = 0; i < stride; i++) {
            int32_t v = r0[i] ^ r1[i] ^ r2[i] ^ r3[i];
            mins[i] = v < mins[i] ? v : mins[i];
        }
    }
}

#ifdef CMINHASH_X86
#define ROWS(x, t, stride)                                                        \
    const int32_t *r0 = (t) + (size_t)((x) & 0xFF) * (stride);                    \
    const int32_t *r1 = (t) + (size_t)(256 + (((x) >> 8) & 0xFF)) * (stride);     \
    const int32_t *r2 = (t) + (size_t)(512 + (((x) >> 16) & 0xFF)) * (stride);    \
    const int32_t *r3 = (t) + (size_t)(768 + ((x) >> 24)) * (stride);

/* nv vectors of 16 lanes starting at t / m (nv a constant after inlining). */
static inline __attribute__((always_inline, target("avx512f"))) void
block512(const int32_t *t, size_t stride, const uint64_t *sh, size_t count, int32_t *m, const int nv) {
    __m512i acc[8];
    for (int v = 0; v < nv; v++) acc[v] = _mm512_loadu_si512((const void *)(m + 16 * v));
    for (size_t k = 0; k < count; k++) {
        uint64_t h = sh[k];
        uint32_t x = (uint32_t)(h ^ (h >> 32));
        ROWS(x, t, stride)
        for (int v = 0; v < nv; v++) {
            __m512i a = _mm512_loadu_si512((const void *)(r0 + 16 * v));
            __m512i b = _mm512_loadu_si512((const void *)(r1 + 16 * v));
            __m512i c = _mm512_loadu_si512((const void *)(r2 + 16 * v));
            __m512i d = _mm512_loadu_si512((const void *)(r3 + 16 * v));
            __m512i e = _mm512_xor_si512(_mm512_ternarylogic_epi32(a, b, c, 0x96), d);
            acc[v] = _mm512_min_epi32(acc[v], e);
        }
    }
    for (int v = 0; v < nv; v++) _mm512_storeu_si512((void *)(m + 16 * v), acc[v]);
}

static __attribute__((target("avx512f"))) void
update_avx512(const int32_t *table, size_t stride, const uint64_t *sh, size_t count, int32_t *mins) {
    size_t vectors = stride / 16, v0 = 0;
    while (v0 < vectors) {
        size_t nv = vectors - v0 < 8 ? vectors - v0 : 8;
        const int32_t *t = table + 16 * v0;
        int32_t *m = mins + 16 * v0;
        switch (nv) {
        case 1: block512(t, stride, sh, count, m, 1); break;
        case 2: block512(t, stride, sh, count, m, 2); break;
        case 3: block512(t, stride, sh, count, m, 3); break;
        case 4: block512(t, stride, sh, count, m, 4); break;
        case 5: block512(t, stride, sh, count, m, 5); break;
        case 6: block512(t, stride, sh, count, m, 6); break;
        case 7: block512(t, stride, sh, count, m, 7); break;
        default: block512(t, stride, sh, count, m, 8); break;
        }
        v0 += nv;
    }
}

/* nv vectors of 8 lanes. */
static inline __attribute__((always_inline, target("avx2"))) void
block256(const int32_t *t, size_t stride, const uint64_t *sh, size_t count, int32_t *m, const int nv) {
    __m256i acc[8];
    for (int v = 0; v < nv; v++) acc[v] = _mm256_loadu_si256((const __m256i *)(m + 8 * v));
    for (size_t k = 0; k < count; k++) {
        uint64_t h = sh[k];
        uint32_t x = (uint32_t)(h ^ (h >> 32));
        ROWS(x, t, stride)
        for (int v = 0; v < nv; v++) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(r0 + 8 * v));
            __m256i b = _mm256_loadu_si256((const __m256i *)(r1 + 8 * v));
            __m256i c = _mm256_loadu_si256((const __m256i *)(r2 + 8 * v));
            __m256i d = _mm256_loadu_si256((const __m256i *)(r3 + 8 * v));
            __m256i e = _mm256_xor_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(c, d));
            acc[v] = _mm256_min_epi32(acc[v], e);
        }
    }
    for (int v = 0; v < nv; v++) _mm256_storeu_si256((__m256i *)(m + 8 * v), acc[v]);
}

static __attribute__((target("avx2"))) void
update_avx2(const int32_t *table, size_t stride, const uint64_t *sh, size_t count, int32_t *mins) {
    size_t vectors = stride / 8, v0 = 0;
    while (v0 < vectors) {
        /* stride is a multiple of 16: vectors is even; blocks of 8, 6, 4 or 2. */
        size_t nv = vectors - v0 < 8 ? vectors - v0 : 8;
        const int32_t *t = table + 8 * v0;
        int32_t *m = mins + 8 * v0;
        switch (nv) {
        case 2: block256(t, stride, sh, count, m, 2); break;
        case 4: block256(t, stride, sh, count, m, 4); break;
        case 6: block256(t, stride, sh, count, m, 6); break;
        case 8: block256(t, stride, sh, count, m, 8); break;
        default: block256(t, stride, sh, count, m, 1); nv = 1; break;
        }
        v0 += nv;
    }
}

/* CPUID + XGETBV: the CPU has the instructions and the OS saves the registers. */
static int detect_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 0x6) != 0x6) return 0; /* XMM and YMM state */
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (avx512f && (lo & 0xE6) == 0xE6) return 2; /* + opmask, ZMM_Hi256, Hi16_ZMM state */
    return avx2 ? 1 : 0;
}
#else
static int detect_level(void) { return 0; }
#endif

static int cached = -1; /* detected level, -1 = not yet */
static int forced = -1;

int cminhash_level(void) {
    int l = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (l < 0) {
        l = detect_level();
        __atomic_store_n(&cached, l, __ATOMIC_RELAXED);
    }
    int f = __atomic_load_n(&forced, __ATOMIC_RELAXED);
    return f >= 0 && f < l ? f : l;
}

void cminhash_force_level(int level) { __atomic_store_n(&forced, level, __ATOMIC_RELAXED); }

void cminhash_update(const int32_t *table, size_t stride, const uint64_t *shingles, size_t count,
                     int32_t *mins) {
#ifdef CMINHASH_X86
    switch (cminhash_level()) {
    case 2: update_avx512(table, stride, shingles, count, mins); return;
    case 1: update_avx2(table, stride, shingles, count, mins); return;
    default: break;
    }
#endif
    update_portable(table, stride, shingles, count, mins);
}
