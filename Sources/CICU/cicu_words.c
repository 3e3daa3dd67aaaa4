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
