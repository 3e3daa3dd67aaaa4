/* SHA-256 from Debian's OpenSSL libcrypto (libssl-dev), which uses the CPU's SHA extensions
 * (SHA-NI) or AVX2 when present. The one-shot SHA256_* API is deprecated in OpenSSL 3 in favour
 * of EVP, but it keeps the context a plain C struct, so the Swift `SHA256` stays a value type
 * with no heap allocation; the deprecation is confined to these wrappers. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

static inline void csha256_init(SHA256_CTX *c) { SHA256_Init(c); }
static inline void csha256_update(SHA256_CTX *c, const void *data, size_t n) { SHA256_Update(c, data, n); }
static inline void csha256_final(unsigned char *md, SHA256_CTX *c) { SHA256_Final(md, c); }
