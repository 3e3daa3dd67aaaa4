#include "cicu_words.h"
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <stdlib.h>

struct cicu_word_breaker { UBreakIterator *bi; };

cicu_word_breaker *cicu_words_open(const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, (locale && *locale) ? locale : "", NULL, 0, &status);
    if (U_FAILURE(status) || !bi) return NULL;
    cicu_word_breaker *wb = (cicu_word_breaker *)malloc(sizeof(cicu_word_breaker));
    if (!wb) { ubrk_close(bi); return NULL; }
    wb->bi = bi;
    return wb;
}

void cicu_words_close(cicu_word_breaker *wb) {
    if (!wb) return;
    ubrk_close(wb->bi);
    free(wb);
}

int64_t cicu_words_segment(cicu_word_breaker *wb, const char *text, int64_t length,
                           int64_t *out, int64_t max_segments) {
    if (!wb || length < 0) return -1;
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, length, &status);
    if (U_FAILURE(status)) return -1;
    ubrk_setUText(wb->bi, &ut, &status);
    if (U_FAILURE(status)) { utext_close(&ut); return -1; }
    int64_t count = 0;
    int32_t start = ubrk_first(wb->bi);
    for (int32_t end = ubrk_next(wb->bi); end != UBRK_DONE; start = end, end = ubrk_next(wb->bi)) {
        if (count < max_segments) {
            out[3 * count] = start;
            out[3 * count + 1] = end;
            out[3 * count + 2] = ubrk_getRuleStatus(wb->bi);
        }
        count++;
    }
    utext_close(&ut);
    return count;
}
