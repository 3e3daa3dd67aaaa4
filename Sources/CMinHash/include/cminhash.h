#ifndef CMINHASH_H
#define CMINHASH_H
/* The MinHash kernels of SieveDedup: n-gram hashing, one-permutation hashing, and the
   min-update of the k-permutation scheme with runtime CPU dispatch (AVX-512F, AVX2, or the
   portable C loop the compiler vectorises at the x86-64 / AArch64 baseline). Plain C types. */
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

/** One-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification (Shrivastava
    2017), k values from one hash per shingle. Each shingle hash h is mixed with the seed,
    g = fmix64(h ^ fmix64(seed ^ 0x9E3779B97F4A7C15)) (MurmurHash3's 64-bit finaliser); its bin is
    (hi32(g) * k) >> 32 and its value lo32(g); out[i] is the least value of bin i. An empty bin i
    takes the value of the first non-empty bin in its own probe sequence b_a(i) = (hi32(g_a) * k)
    >> 32, g_a = fmix64(s ^ (i << 32) ^ a), a = 1, 2, … (the same sequence for every document).
    `probes` holds the first `depth` (≤ 65534) bins of every probe sequence and `first` (k × k,
    may be NULL) the first position of each bin in each sequence, both from
    cminhash_probe_table; later probes are computed. `filled` is scratch of k bytes. With count 0
    every out[i] is UINT32_MAX. Thread-safe. */
void cminhash_one_permutation(const uint64_t *shingles, size_t count, size_t k, uint64_t seed,
                              const uint32_t *probes, size_t depth, const uint16_t *first,
                              uint8_t *filled, uint32_t *out);

/** probes[i * depth + a - 1] = b_a(i), the a-th bin of bin i's probe sequence (see
    cminhash_one_permutation), for i < k and 1 ≤ a ≤ depth; if `first` is not NULL,
    first[i * k + b] = the least a ≤ depth with b_a(i) = b, or UINT16_MAX. */
void cminhash_probe_table(size_t k, uint64_t seed, size_t depth, uint32_t *probes, uint16_t *first);

/** The path cminhash_update takes on this CPU: 2 = AVX-512 (F and DQ), 1 = AVX2, 0 = portable. */
int cminhash_level(void);

/** Forces a path (for tests): a level above what the CPU supports is clamped; -1 = automatic. */
void cminhash_force_level(int level);
#endif
