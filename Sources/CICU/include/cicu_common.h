#ifndef CICU_COMMON_H
#define CICU_COMMON_H
/* Public headers of this shim use plain C types only: ICU's own headers must never be
   visible to Swift (they clash with Foundation's bundled ICU on clean builds). */
#include <stdint.h>

/** ICU's version string, e.g. "72.1", written into buf (NUL-terminated). */
void cicu_version(char *buf, int32_t capacity);

#endif
