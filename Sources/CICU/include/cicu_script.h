#ifndef CICU_SCRIPT_H
#define CICU_SCRIPT_H
/* Script detection through ICU (plain C types only; ICU headers stay in the .c file). */
#include <stdint.h>

/** Detects the dominant ISO 15924 script of UTF-8 text from its letters (general category L).
    Letters of the Common, Inherited and Unknown scripts are ignored; invalid UTF-8 is skipped.
    Writes the 4-letter code, NUL-terminated, into out (capacity >= 5):
    - kana (with or without kanji) → "Jpan"; hangul (with or without hanja) → "Kore";
    - Han alone → "Hans" or "Hant" when simplified-only or traditional-only characters decide it,
      else "Hani";
    - no letters → "Zyyy".
    At most max_bytes bytes are examined (max_bytes <= 0: all). Returns the number of letters counted,
    or -1 if out is too small. Thread-safe. */
int32_t cicu_dominant_script(const uint8_t *utf8, int32_t length, int32_t max_bytes, char *out,
                             int32_t capacity);

/** The 4-letter ISO 15924 code of one code point's script (e.g. "Latn", "Zyyy"), written into out
    (capacity >= 5). Returns 0, or -1 on error. */
int32_t cicu_script_of(int32_t code_point, char *out, int32_t capacity);

/** For every BMP code point c (0..0xFFFF), writes into out[c] the ICU script code
    (UScriptCode) under which cicu_dominant_script counts c, or -1 when it does not count it (not a
    letter, Common/Inherited/Unknown script, surrogate). out must hold 0x10000 entries. Returns the
    number of code points counted. */
int32_t cicu_bmp_letter_scripts(int16_t *out);

#endif
