/* See include/cminhash.h. One-permutation hashing: per shingle, one mix and one minimum.
   The k-permutation scheme: per shingle, four table rows are xored and min-ed into the signature. The x86-64 paths keep the running minima in
   registers (blocks of up to 8 vectors: 128 lanes with AVX-512, 64 with AVX2) and read each
   table row straight from memory; the portable path is the plain loop. */
#include "cminhash.h"

#if defined(__x86_64__) || defined(__i386__)
#define CMINHASH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#include <string.h>

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t sround(uint64_t acc, uint64_t in) {
    acc += in * 0xC2B2AE3D27D4EB4FULL;
    return rotl64(acc, 31) * 0x9E3779B185EBCA87ULL;
}
static inline uint64_t smerge(uint64_t acc, uint64_t v) {
    acc ^= sround(0, v);
    return acc * 0x9E3779B185EBCA87ULL + 0x85EBCA77C2B2AE63ULL;
}

/* Reference XXH64 (seed 0, little-endian host). */
static uint64_t xxh64_ref(const uint8_t *p, size_t len) {
    const uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL, P3 = 0x165667B19E3779F9ULL,
                   P4 = 0x85EBCA77C2B2AE63ULL, P5 = 0x27D4EB2F165667C5ULL;
    size_t i = 0;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
        for (; i + 32 <= len; i += 32) {
            v1 = sround(v1, ld64(p + i));
            v2 = sround(v2, ld64(p + i + 8));
            v3 = sround(v3, ld64(p + i + 16));
            v4 = sround(v4, ld64(p + i + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = smerge(smerge(smerge(smerge(h, v1), v2), v3), v4);
    } else {
        h = P5;
    }
    h += (uint64_t)len;
    for (; i + 8 <= len; i += 8) h = rotl64(h ^ sround(0, ld64(p + i)), 27) * P1 + P4;
    if (i + 4 <= len) { h = rotl64(h ^ ((uint64_t)ld32(p + i) * P1), 23) * P2 + P3; i += 4; }
    for (; i < len; i++) h = rotl64(h ^ ((uint64_t)p[i] * P5), 11) * P1;
    h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
    return h;
}

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

#define XP1 0x9E3779B185EBCA87ULL
#define XP2 0xC2B2AE3D27D4EB4FULL
#define XP3 0x165667B19E3779F9ULL
#define XP4 0x85EBCA77C2B2AE63ULL
#define XP5 0x27D4EB2F165667C5ULL

static inline __attribute__((always_inline, target("avx512f,avx512dq"))) __m512i vround(__m512i acc, __m512i in) {
    acc = _mm512_add_epi64(acc, _mm512_mullo_epi64(in, _mm512_set1_epi64((long long)XP2)));
    return _mm512_mullo_epi64(_mm512_rol_epi64(acc, 31), _mm512_set1_epi64((long long)XP1));
}

static inline __attribute__((always_inline, target("avx512f,avx512dq"))) __m512i vmerge(__m512i acc, __m512i val) {
    acc = _mm512_xor_si512(acc, vround(_mm512_setzero_si512(), val));
    return _mm512_add_epi64(_mm512_mullo_epi64(acc, _mm512_set1_epi64((long long)XP1)), _mm512_set1_epi64((long long)XP4));
}

/* XXH64 of NB × 8 ranges text[lo[j] ..< lo[j] + len[j]], one per 64-bit lane of NB vectors.
   Every step of the reference is computed in all lanes and kept (by mask) where the lane's
   length calls for it; the NB batches are interleaved step by step, which hides the latency of
   vpmullq (the chain of one batch alone is ~10 dependent multiplies). */
#define FOR for (int j = 0; j < NB; j++)
static inline __attribute__((always_inline, target("avx512f,avx512dq"))) void
xxh64_x8n(const uint8_t *text, const __m512i *lo, const __m512i *len, uint64_t *out, const int NB) {
    const __m512i p1 = _mm512_set1_epi64((long long)XP1), p2 = _mm512_set1_epi64((long long)XP2);
    const __m512i p3 = _mm512_set1_epi64((long long)XP3), p4 = _mm512_set1_epi64((long long)XP4);
    const __m512i p5 = _mm512_set1_epi64((long long)XP5), zero = _mm512_setzero_si512();
    __m512i ns[4], h[4], i[4], rem[4], q8[4];
    uint64_t maxns = 0;
    FOR {
        ns[j] = _mm512_srli_epi64(len[j], 5);
        uint64_t m = _mm512_reduce_max_epu64(ns[j]);
        maxns = m > maxns ? m : maxns;
    }
    if (maxns == 0) {
        FOR h[j] = _mm512_add_epi64(p5, len[j]);
    } else {
        __m512i v1[4], v2[4], v3[4], v4[4];
        FOR { v1[j] = _mm512_add_epi64(p1, p2); v2[j] = p2; v3[j] = zero; v4[j] = _mm512_sub_epi64(zero, p1); }
        for (uint64_t st = 0; st < maxns; st++) {
            FOR {
                __mmask8 m = _mm512_cmpgt_epu64_mask(ns[j], _mm512_set1_epi64((long long)st));
                __m512i at = _mm512_add_epi64(lo[j], _mm512_set1_epi64((long long)(32 * st)));
                __m512i a = _mm512_mask_i64gather_epi64(zero, m, at, (const void *)text, 1);
                __m512i b = _mm512_mask_i64gather_epi64(zero, m, _mm512_add_epi64(at, _mm512_set1_epi64(8)), (const void *)text, 1);
                __m512i c = _mm512_mask_i64gather_epi64(zero, m, _mm512_add_epi64(at, _mm512_set1_epi64(16)), (const void *)text, 1);
                __m512i d = _mm512_mask_i64gather_epi64(zero, m, _mm512_add_epi64(at, _mm512_set1_epi64(24)), (const void *)text, 1);
                v1[j] = _mm512_mask_mov_epi64(v1[j], m, vround(v1[j], a));
                v2[j] = _mm512_mask_mov_epi64(v2[j], m, vround(v2[j], b));
                v3[j] = _mm512_mask_mov_epi64(v3[j], m, vround(v3[j], c));
                v4[j] = _mm512_mask_mov_epi64(v4[j], m, vround(v4[j], d));
            }
        }
        FOR {
            __m512i big = _mm512_add_epi64(_mm512_add_epi64(_mm512_rol_epi64(v1[j], 1), _mm512_rol_epi64(v2[j], 7)),
                                           _mm512_add_epi64(_mm512_rol_epi64(v3[j], 12), _mm512_rol_epi64(v4[j], 18)));
            big = vmerge(vmerge(vmerge(vmerge(big, v1[j]), v2[j]), v3[j]), v4[j]);
            __mmask8 isBig = _mm512_cmpneq_epu64_mask(ns[j], zero);
            h[j] = _mm512_add_epi64(_mm512_mask_mov_epi64(p5, isBig, big), len[j]);
        }
    }
    uint64_t maxq8 = 0;
    FOR {
        i[j] = _mm512_add_epi64(lo[j], _mm512_slli_epi64(ns[j], 5));
        rem[j] = _mm512_sub_epi64(len[j], _mm512_slli_epi64(ns[j], 5));
        q8[j] = _mm512_srli_epi64(rem[j], 3);
        uint64_t m = _mm512_reduce_max_epu64(q8[j]);
        maxq8 = m > maxq8 ? m : maxq8;
    }
    for (uint64_t k = 0; k < maxq8; k++) {
        FOR {
            __mmask8 m = _mm512_cmpgt_epu64_mask(q8[j], _mm512_set1_epi64((long long)k));
            __m512i x = _mm512_mask_i64gather_epi64(zero, m, _mm512_add_epi64(i[j], _mm512_set1_epi64((long long)(8 * k))), (const void *)text, 1);
            __m512i h2 = _mm512_xor_si512(h[j], vround(zero, x));
            h2 = _mm512_add_epi64(_mm512_mullo_epi64(_mm512_rol_epi64(h2, 27), p1), p4);
            h[j] = _mm512_mask_mov_epi64(h[j], m, h2);
        }
    }
    /* The last rem & 7 bytes: one load covers them (4-byte step, then single bytes). */
    FOR {
        i[j] = _mm512_add_epi64(i[j], _mm512_slli_epi64(q8[j], 3));
        __mmask8 any = _mm512_test_epi64_mask(rem[j], _mm512_set1_epi64(7));
        __m512i t = _mm512_mask_i64gather_epi64(zero, any, i[j], (const void *)text, 1);
        __mmask8 m4 = _mm512_test_epi64_mask(rem[j], _mm512_set1_epi64(4));
        __m512i w = _mm512_and_si512(t, _mm512_set1_epi64(0xFFFFFFFFLL));
        __m512i h2 = _mm512_xor_si512(h[j], _mm512_mullo_epi64(w, p1));
        h2 = _mm512_add_epi64(_mm512_mullo_epi64(_mm512_rol_epi64(h2, 23), p2), p3);
        h[j] = _mm512_mask_mov_epi64(h[j], m4, h2);
        t = _mm512_mask_srli_epi64(t, m4, t, 32);
        rem[j] = _mm512_and_si512(rem[j], _mm512_set1_epi64(3));
        for (int k = 0; k < 3; k++) {
            __mmask8 m = _mm512_cmpgt_epu64_mask(rem[j], _mm512_set1_epi64(k));
            __m512i b = _mm512_and_si512(t, _mm512_set1_epi64(0xFF));
            __m512i h3 = _mm512_xor_si512(h[j], _mm512_mullo_epi64(b, p5));
            h3 = _mm512_mullo_epi64(_mm512_rol_epi64(h3, 11), p1);
            h[j] = _mm512_mask_mov_epi64(h[j], m, h3);
            t = _mm512_srli_epi64(t, 8);
        }
    }
    FOR {
        __m512i x = h[j];
        x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 33));
        x = _mm512_mullo_epi64(x, p2);
        x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 29));
        x = _mm512_mullo_epi64(x, p3);
        x = _mm512_xor_si512(x, _mm512_srli_epi64(x, 32));
        _mm512_storeu_si512((void *)(out + 8 * j), x);
    }
}
#undef FOR

static __attribute__((target("avx512f,avx512dq"))) void
ngrams_avx512(const uint8_t *text, size_t len, const int32_t *spaces, size_t nspaces, size_t n,
              uint64_t *out, size_t count) {
    size_t k = 0;
    while (k + 8 <= count) {
        const int nb = k + 24 <= count ? 3 : 1;
        __m512i lo[3], ln[3];
        for (int b = 0; b < nb; b++) {
            int64_t l[8], e[8];
            for (int j = 0; j < 8; j++) {
                size_t g = k + 8 * (size_t)b + (size_t)j, last = g + n - 1;
                int64_t a = g == 0 ? 0 : (int64_t)spaces[g - 1] + 1;
                int64_t z = last < nspaces ? (int64_t)spaces[last] : (int64_t)len;
                l[j] = a;
                e[j] = z - a;
            }
            lo[b] = _mm512_loadu_si512((const void *)l);
            ln[b] = _mm512_loadu_si512((const void *)e);
        }
        if (nb == 3) xxh64_x8n(text, lo, ln, out + k, 3); else xxh64_x8n(text, lo, ln, out + k, 1);
        k += 8 * (size_t)nb;
    }
    for (; k < count; k++) {
        size_t last = k + n - 1;
        size_t a = k == 0 ? 0 : (size_t)spaces[k - 1] + 1;
        size_t b = last < nspaces ? (size_t)spaces[last] : len;
        out[k] = xxh64_ref(text + a, b - a);
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
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1;
    if (avx512f && avx512dq && (lo & 0xE6) == 0xE6) return 2; /* + opmask, ZMM_Hi256, Hi16_ZMM state */
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

size_t cminhash_ngram_hashes(const uint8_t *text, size_t len, const int32_t *spaces, size_t nspaces,
                             size_t n, uint64_t *out) {
    if (len == 0) return 0;
    if (n == 0) n = 1;
    if (nspaces + 1 <= n) { out[0] = xxh64_ref(text, len); return 1; }
    size_t count = nspaces + 2 - n;
#ifdef CMINHASH_X86
    if (cminhash_level() == 2) { ngrams_avx512(text, len, spaces, nspaces, n, out, count); return count; }
#endif
    for (size_t k = 0; k < count; k++) {
        size_t last = k + n - 1;
        size_t a = k == 0 ? 0 : (size_t)spaces[k - 1] + 1;
        size_t b = last < nspaces ? (size_t)spaces[last] : len;
        out[k] = xxh64_ref(text + a, b - a);
    }
    return count;
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

static inline uint64_t fmix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ULL;
    x ^= x >> 33;
    return x;
}

static inline uint32_t fastrange32(uint64_t g, size_t k) { return (uint32_t)(((g >> 32) * (uint64_t)k) >> 32); }

void cminhash_probe_table(size_t k, uint64_t seed, size_t depth, uint32_t *probes, uint16_t *first) {
    const uint64_t s = fmix64(seed ^ 0x9E3779B97F4A7C15ULL);
    for (size_t i = 0; i < k; i++)
        for (size_t a = 1; a <= depth; a++)
            probes[i * depth + a - 1] = fastrange32(fmix64(s ^ ((uint64_t)i << 32) ^ (uint64_t)a), k);
    if (!first) return;
    for (size_t i = 0; i < k * k; i++) first[i] = UINT16_MAX;
    for (size_t i = 0; i < k; i++)
        for (size_t a = depth; a >= 1; a--) first[i * k + probes[i * depth + a - 1]] = (uint16_t)a;
}

void cminhash_one_permutation(const uint64_t *shingles, size_t count, size_t k, uint64_t seed,
                              const uint32_t *probes, size_t depth, const uint16_t *first,
                              uint8_t *filled, uint32_t *out) {
    const uint64_t s = fmix64(seed ^ 0x9E3779B97F4A7C15ULL);
    memset(filled, 0, k);
    for (size_t i = 0; i < k; i++) out[i] = UINT32_MAX;
    for (size_t j = 0; j < count; j++) {
        uint64_t g = fmix64(shingles[j] ^ s);
        uint32_t bin = fastrange32(g, k), v = (uint32_t)g;
        filled[bin] = 1;
        out[bin] = v < out[bin] ? v : out[bin];
    }
    if (count == 0) return;
    uint32_t few[16];
    size_t nfilled = 0;
    for (size_t i = 0; i < k; i++)
        if (filled[i]) { if (nfilled < 16) few[nfilled] = (uint32_t)i; nfilled++; }
    if (nfilled == k) return;
    if (nfilled == 1) { /* every probe sequence ends at the one filled bin */
        for (size_t i = 0; i < k; i++) out[i] = out[few[0]];
        return;
    }
    /* Densification reads only bins filled by shingles (flag 1), never ones filled here (2).
       With few filled bins, bin i's first filled probe is the filled bin b of least first[i][b]
       (its first position in i's sequence); otherwise the sequence is scanned. */
    const int byFirst = first != NULL && nfilled <= 16 && nfilled * nfilled < k;
    for (size_t i = 0; i < k; i++) {
        if (filled[i]) continue;
        size_t a = 1;
        if (byFirst) {
            uint16_t best = UINT16_MAX;
            uint32_t from = 0;
            for (size_t f = 0; f < nfilled; f++) {
                uint16_t p = first[i * k + few[f]];
                if (p < best) { best = p; from = few[f]; }
            }
            if (best != UINT16_MAX) { out[i] = out[from]; filled[i] = 2; continue; }
            a = depth + 1;
        }
        for (; a <= depth; a++) {
            uint32_t b = probes[i * depth + a - 1];
            if (filled[b] == 1) { out[i] = out[b]; filled[i] = 2; break; }
        }
        if (filled[i]) continue;
        for (;; a++) {
            uint32_t b = fastrange32(fmix64(s ^ ((uint64_t)i << 32) ^ (uint64_t)a), k);
            if (filled[b] == 1) { out[i] = out[b]; filled[i] = 2; break; }
        }
    }
}
