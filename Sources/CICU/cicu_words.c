#include "cicu_words.h"
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct cicu_word_breaker { UBreakIterator *bi; };

/* Opening a break iterator loads rules and dictionaries (about a millisecond); cloning an
   opened one is cheap. One template per locale is kept for the life of the process. */
#define CICU_MAX_TEMPLATES 32
static pthread_mutex_t templates_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { char locale[32]; UBreakIterator *bi; } templates[CICU_MAX_TEMPLATES];
static int template_count = 0;

static UBreakIterator *open_from_template(const char *locale, UErrorCode *status) {
    UBreakIterator *out = NULL;
    pthread_mutex_lock(&templates_lock);
    int i;
    for (i = 0; i < template_count; i++) {
        if (strcmp(templates[i].locale, locale) == 0) break;
    }
    if (i == template_count && strlen(locale) < sizeof(templates[0].locale) && template_count < CICU_MAX_TEMPLATES) {
        UBreakIterator *t = ubrk_open(UBRK_WORD, locale, NULL, 0, status);
        if (U_SUCCESS(*status) && t) {
            strcpy(templates[template_count].locale, locale);
            templates[template_count].bi = t;
            template_count++;
        } else {
            i = -1;
        }
    }
    if (i >= 0 && i < template_count) {
        out = ubrk_clone(templates[i].bi, status);
    } else if (i == template_count) {
        out = ubrk_open(UBRK_WORD, locale, NULL, 0, status);  /* table full: no caching */
    }
    pthread_mutex_unlock(&templates_lock);
    return out;
}

cicu_word_breaker *cicu_words_open(const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = open_from_template((locale && *locale) ? locale : "", &status);
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

/* UTF-16 copy of well-formed UTF-8 text[0..<length] into u16 (room for `length` units) and, per
   UTF-16 unit, the byte offset of its scalar (map[n16] = length). Returns the number of units,
   or -1 when the bytes are not well-formed UTF-8 (shortest form, no surrogates, <= U+10FFFF). */
static int64_t utf8_to_utf16_map(const uint8_t *s, int64_t length, UChar *u16, int32_t *map) {
    int64_t i = 0, j = 0;
    while (i < length) {
        uint32_t b = s[i], v;
        int len;
        if (b < 0x80) {
            /* ASCII runs: one unit per byte. */
            u16[j] = (UChar)b;
            map[j++] = (int32_t)i++;
            continue;
        } else if (b >= 0xC2 && b < 0xE0) {
            len = 2; v = b & 0x1F;
        } else if (b >= 0xE0 && b < 0xF0) {
            len = 3; v = b & 0x0F;
        } else if (b >= 0xF0 && b < 0xF5) {
            len = 4; v = b & 0x07;
        } else {
            return -1;
        }
        if (i + len > length) return -1;
        for (int k = 1; k < len; k++) {
            uint32_t c = s[i + k];
            if ((c & 0xC0) != 0x80) return -1;
            v = (v << 6) | (c & 0x3F);
        }
        if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF))) return -1;
        if (v >= 0x10000) {
            u16[j] = (UChar)(0xD7C0 + (v >> 10));
            map[j++] = (int32_t)i;
            u16[j] = (UChar)(0xDC00 | (v & 0x3FF));
            map[j++] = (int32_t)i;
        } else {
            u16[j] = (UChar)v;
            map[j++] = (int32_t)i;
        }
        i += len;
    }
    map[j] = (int32_t)length;
    return j;
}

int64_t cicu_words_segment(cicu_word_breaker *wb, const char *text, int64_t length,
                           int64_t *out, int64_t max_segments) {
    if (!wb || length < 0) return -1;
    /* ICU iterates UTF-16 text directly (its dictionary engines copy and index-map UTF-8 text
       otherwise); the breaks are the same scalar boundaries, mapped back to byte offsets. */
    if (length < (1 << 30)) {
        UChar *u16 = (UChar *)malloc((size_t)(length + 1) * sizeof(UChar));
        int32_t *map = (int32_t *)malloc((size_t)(length + 1) * sizeof(int32_t));
        int64_t n16 = (u16 && map) ? utf8_to_utf16_map((const uint8_t *)text, length, u16, map) : -1;
        if (n16 >= 0) {
            UErrorCode st = U_ZERO_ERROR;
            ubrk_setText(wb->bi, u16, (int32_t)n16, &st);
            int64_t count = -1;
            if (U_SUCCESS(st)) {
                count = 0;
                int32_t start = ubrk_first(wb->bi);
                for (int32_t end = ubrk_next(wb->bi); end != UBRK_DONE; start = end, end = ubrk_next(wb->bi)) {
                    if (count < max_segments) {
                        out[3 * count] = map[start];
                        out[3 * count + 1] = map[end];
                        out[3 * count + 2] = ubrk_getRuleStatus(wb->bi);
                    }
                    count++;
                }
            }
            /* Detach the iterator from the buffer before freeing it. */
            UErrorCode st2 = U_ZERO_ERROR;
            static const UChar empty[1] = {0};
            ubrk_setText(wb->bi, empty, 0, &st2);
            free(u16);
            free(map);
            if (count >= 0) return count;
        } else {
            free(u16);
            free(map);
        }
    }
    return cicu_words_segment_utf8(wb, text, length, out, max_segments);
}

int64_t cicu_words_segment_utf8(cicu_word_breaker *wb, const char *text, int64_t length,
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
