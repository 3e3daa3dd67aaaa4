#ifndef CMINHASH_H
#define CMINHASH_H
/* The MinHash min-update kernel of SieveDedup, with runtime CPU dispatch (AVX-512F, AVX2, or
   the portable C loop the compiler vectorises at the x86-64 / AArch64 baseline). Plain C types. */
#include <stddef.h>
#include <stdint.h>

/** For every 64-bit shingle hash h of shingles[0..<count], folds it to x = lo32(h) ^ hi32(h)
    and sets, for every lane i < stride,
        mins[i] = min(mins[i], T[x & 255][i] ^ T[256 + (x >> 8 & 255)][i]
                               ^ T[512 + (x >> 16 & 255)][i] ^ T[768 + (x >> 24)][i])
    (signed 32-bit minimum), where T[r] = table + r * stride (1024 rows of `stride` int32).
    `stride` must be a multiple of 16. All paths give bit-identical results. Thread-safe. */
void cminhash_update(const int32_t *table, size_t stride, const uint64_t *shingles, size_t count,
                     int32_t *mins);

/** The path cminhash_update takes on this CPU: 2 = AVX-512F, 1 = AVX2, 0 = portable. */
int cminhash_level(void);

/** Forces a path (for tests): a level above what the CPU supports is clamped; -1 = automatic. */
void cminhash_force_level(int level);
#endif
