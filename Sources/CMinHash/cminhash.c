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

static __attribute__((target("avx512f"))) void
blocked_avx512(const int32_t *blocked, size_t blocks, const uint32_t *off, size_t count, int32_t *mins) {
    for (size_t b = 0; b < blocks; b++) {
        const int32_t *t = blocked + b * 1024 * 16;
        __m512i acc = _mm512_loadu_si512((const void *)(mins + 16 * b));
        __m512i acc2 = acc;
        size_t k = 0;
        for (; k + 2 <= count; k += 2) {
            const uint32_t *o = off + 4 * k;
            __m512i e = _mm512_ternarylogic_epi32(_mm512_loadu_si512((const void *)(t + o[0])),
                                                  _mm512_loadu_si512((const void *)(t + o[1])),
                                                  _mm512_loadu_si512((const void *)(t + o[2])), 0x96);
            __m512i f = _mm512_ternarylogic_epi32(_mm512_loadu_si512((const void *)(t + o[4])),
                                                  _mm512_loadu_si512((const void *)(t + o[5])),
                                                  _mm512_loadu_si512((const void *)(t + o[6])), 0x96);
            acc = _mm512_min_epi32(acc, _mm512_xor_si512(e, _mm512_loadu_si512((const void *)(t + o[3]))));
            acc2 = _mm512_min_epi32(acc2, _mm512_xor_si512(f, _mm512_loadu_si512((const void *)(t + o[7]))));
        }
        for (; k < count; k++) {
            const uint32_t *o = off + 4 * k;
            __m512i e = _mm512_ternarylogic_epi32(_mm512_loadu_si512((const void *)(t + o[0])),
                                                  _mm512_loadu_si512((const void *)(t + o[1])),
                                                  _mm512_loadu_si512((const void *)(t + o[2])), 0x96);
            acc = _mm512_min_epi32(acc, _mm512_xor_si512(e, _mm512_loadu_si512((const void *)(t + o[3]))));
        }
        _mm512_storeu_si512((void *)(mins + 16 * b), _mm512_min_epi32(acc, acc2));
    }
}

static __attribute__((target("avx2"))) void
blocked_avx2(const int32_t *blocked, size_t blocks, const uint32_t *off, size_t count, int32_t *mins) {
    for (size_t b = 0; b < blocks; b++) {
        const int32_t *t = blocked + b * 1024 * 16;
        __m256i lo = _mm256_loadu_si256((const __m256i *)(mins + 16 * b));
        __m256i hi = _mm256_loadu_si256((const __m256i *)(mins + 16 * b + 8));
        for (size_t k = 0; k < count; k++) {
            const uint32_t *o = off + 4 * k;
            const int32_t *r0 = t + o[0], *r1 = t + o[1], *r2 = t + o[2], *r3 = t + o[3];
            __m256i a = _mm256_xor_si256(_mm256_xor_si256(_mm256_loadu_si256((const __m256i *)r0),
                                                          _mm256_loadu_si256((const __m256i *)r1)),
                                         _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)r2),
                                                          _mm256_loadu_si256((const __m256i *)r3)));
            __m256i c = _mm256_xor_si256(_mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(r0 + 8)),
                                                          _mm256_loadu_si256((const __m256i *)(r1 + 8))),
                                         _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(r2 + 8)),
                                                          _mm256_loadu_si256((const __m256i *)(r3 + 8))));
            lo = _mm256_min_epi32(lo, a);
            hi = _mm256_min_epi32(hi, c);
        }
        _mm256_storeu_si256((__m256i *)(mins + 16 * b), lo);
        _mm256_storeu_si256((__m256i *)(mins + 16 * b + 8), hi);
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

static void blocked_portable(const int32_t *blocked, size_t blocks, const uint32_t *off, size_t count,
                             int32_t *mins) {
    for (size_t b = 0; b < blocks; b++) {
        const int32_t *t = blocked + b * 1024 * 16;
        int32_t *m = mins + 16 * b;
        for (size_t k = 0; k < count; k++) {
            const uint32_t *o = off + 4 * k;
            const int32_t *r0 = t + o[0], *r1 = t + o[1], *r2 = t + o[2], *r3 = t + o[3];
            for (int j = 0; j < 16; j++) {
                int32_t v = r0[j] ^ r1[j] ^ r2[j] ^ r3[j];
                m[j] = v < m[j] ? v : m[j];
            }
        }
    }
}

void cminhash_update_blocked(const int32_t *blocked, size_t blocks, const uint64_t *shingles,
                             size_t count, int32_t *mins, uint32_t *scratch) {
    for (size_t k = 0; k < count; k++) {
        uint64_t h = shingles[k];
        uint32_t x = (uint32_t)(h ^ (h >> 32));
        scratch[4 * k] = (x & 0xFF) * 16;
        scratch[4 * k + 1] = (256 + ((x >> 8) & 0xFF)) * 16;
        scratch[4 * k + 2] = (512 + ((x >> 16) & 0xFF)) * 16;
        scratch[4 * k + 3] = (768 + (x >> 24)) * 16;
    }
#ifdef CMINHASH_X86
    switch (cminhash_level()) {
    case 2: blocked_avx512(blocked, blocks, scratch, count, mins); return;
    case 1: blocked_avx2(blocked, blocks, scratch, count, mins); return;
    default: break;
    }
#endif
    blocked_portable(blocked, blocks, scratch, count, mins);
}

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
