#ifndef CICU_CONVERT_H
#define CICU_CONVERT_H
/* Charset conversion to UTF-8 through ICU converters. Plain C types only: ICU's headers are
   included by the .c file alone (they clash with Foundation's bundled ICU in Swift modules). */
#include <stdint.h>

/** Opaque converter handle (one ICU UConverter for a source charset, plus a pivot buffer). */
typedef struct cicu_converter cicu_converter;

/** Opens a converter from the charset named `name` (an ICU/IANA name such as "windows-1252",
    "Shift_JIS", "GB18030"); invalid input bytes become U+FFFD. Returns NULL if ICU does not know it. */
cicu_converter *cicu_converter_open(const char *name);

/** Frees a converter (NULL is fine). */
void cicu_converter_close(cicu_converter *c);

/** Converts `len` bytes at `src` (one whole document) to UTF-8 in `dst` of `capacity` bytes.
    Returns the number of UTF-8 bytes written; if the output does not fit, returns the negative of
    the capacity needed (call again with a buffer at least that large). Returns INT32_MIN on other errors. */
int32_t cicu_convert_to_utf8(cicu_converter *c, const uint8_t *src, int32_t len,
                             uint8_t *dst, int32_t capacity);

/** Writes ICU's canonical name for `name` into buf (NUL-terminated); returns 0 if unknown, else 1. */
int32_t cicu_charset_canonical(const char *name, char *buf, int32_t capacity);

#endif
