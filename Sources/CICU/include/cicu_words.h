#ifndef CICU_WORDS_H
#define CICU_WORDS_H
/* ICU word-break iteration over UTF-8 text, through plain C types only (ICU headers stay in
   the .c file; see cicu_common.h). Offsets are byte offsets into the UTF-8 input. */
#include <stdint.h>

typedef struct cicu_word_breaker cicu_word_breaker;

/** Opens a word-break iterator for `locale` (e.g. "th", "ja"; NULL or "" = root).
    Returns NULL on failure. One breaker must be used by one thread at a time. */
cicu_word_breaker *cicu_words_open(const char *locale);
void cicu_words_close(cicu_word_breaker *wb);

/** Segments text[0..<length] (UTF-8). For each segment writes (start, end, rule_status) into
    `out` (3 entries each), up to `max_segments` segments; rule_status >= 100 means word-like
    (UBRK_WORD_NUMBER / LETTER / KANA / IDEO). Returns the total number of segments, which may
    exceed max_segments (call again with more room), or -1 on error. */
int64_t cicu_words_segment(cicu_word_breaker *wb, const char *text, int64_t length,
                           int64_t *out, int64_t max_segments);

/** `cicu_words_segment` iterating the UTF-8 text in place (through a UTF-8 UText) instead of a
    UTF-16 copy: the same segments, slower (kept as the reference of tests, and for text that is
    not well-formed UTF-8). */
int64_t cicu_words_segment_utf8(cicu_word_breaker *wb, const char *text, int64_t length,
                                int64_t *out, int64_t max_segments);

#endif
