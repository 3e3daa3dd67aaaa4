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

/** XXH64 (seed 0) of the word n-grams of `text` (normalised: words separated by single
    spaces, none leading or trailing), given the offsets of its `nspaces` spaces: n-gram i spans
    from after space i-1 (or the start) to space i+n-1 (or the end); a text of at most n words
    is one n-gram. Writes the hashes to `out` (room for max(1, nspaces + 2 - n)) and returns
    their number (0 when len is 0). At least 32 readable bytes must follow text[len - 1]
    (they are loaded, never used). With AVX-512 eight n-grams are hashed at once; the values
    equal the reference XXH64. Thread-safe. */
size_t cminhash_ngram_hashes(const uint8_t *text, size_t len, const int32_t *spaces, size_t nspaces,
                             size_t n, uint64_t *out);

/** The path cminhash_update takes on this CPU: 2 = AVX-512 (F and DQ), 1 = AVX2, 0 = portable. */
int cminhash_level(void);

/** Forces a path (for tests): a level above what the CPU supports is clamped; -1 = automatic. */
void cminhash_force_level(int level);
#endif
