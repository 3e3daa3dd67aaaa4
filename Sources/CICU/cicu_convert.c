#include "cicu_convert.h"
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucnv_cb.h>
#include <stdlib.h>
#include <string.h>

struct cicu_converter {
    UConverter *from;
    UConverter *utf8;
};

/* toUnicode callback: every unassigned, illegal or truncated sequence becomes one U+FFFD
   (ICU's own SUBSTITUTE callback writes U+001A for converters whose substitution byte is 0x1A). */
static void cicu_to_u_fffd(const void *context, UConverterToUnicodeArgs *args, const char *codeUnits,
                           int32_t length, UConverterCallbackReason reason, UErrorCode *err) {
    (void)context; (void)codeUnits; (void)length;
    if (reason > UCNV_IRREGULAR) return;
    static const UChar fffd[1] = {0xFFFD};
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, fffd, 1, 0, err);
}

cicu_converter *cicu_converter_open(const char *name) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter *from = ucnv_open(name, &err);
    if (U_FAILURE(err) || from == NULL) {
        if (from) ucnv_close(from);
        return NULL;
    }
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(from, cicu_to_u_fffd, NULL, NULL, NULL, &err);
    err = U_ZERO_ERROR;
    UConverter *utf8 = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err) || utf8 == NULL) {
        ucnv_close(from);
        if (utf8) ucnv_close(utf8);
        return NULL;
    }
    cicu_converter *c = (cicu_converter *)calloc(1, sizeof(cicu_converter));
    if (!c) { ucnv_close(from); ucnv_close(utf8); return NULL; }
    c->from = from;
    c->utf8 = utf8;
    return c;
}

void cicu_converter_close(cicu_converter *c) {
    if (!c) return;
    ucnv_close(c->from);
    ucnv_close(c->utf8);
    free(c);
}

int32_t cicu_convert_to_utf8(cicu_converter *c, const uint8_t *src, int32_t len,
                             uint8_t *dst, int32_t capacity) {
    if (!c || len < 0 || capacity < 0) return INT32_MIN;
    ucnv_resetToUnicode(c->from);
    ucnv_resetFromUnicode(c->utf8);
    UErrorCode err = U_ZERO_ERROR;
    /* ucnv_convertEx with our own pivot: reset both sides, flush at the end. */
    UChar pivot[4096];
    UChar *ps = pivot, *pt = pivot;
    const char *s = (const char *)src;
    char *t = (char *)dst;
    ucnv_convertEx(c->utf8, c->from, &t, (char *)dst + capacity, &s, (const char *)src + len,
                   pivot, &ps, &pt, pivot + 4096, 1, 1, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        /* Measure: continue into a scratch buffer to learn the full size. */
        int64_t total = (int64_t)(t - (char *)dst);
        char scratch[8192];
        while (err == U_BUFFER_OVERFLOW_ERROR) {
            err = U_ZERO_ERROR;
            char *st = scratch;
            ucnv_convertEx(c->utf8, c->from, &st, scratch + sizeof scratch, &s, (const char *)src + len,
                           pivot, &ps, &pt, pivot + 4096, 0, 1, &err);
            total += (int64_t)(st - scratch);
        }
        if (U_FAILURE(err)) return INT32_MIN;
        if (total > INT32_MAX) return INT32_MIN;
        return -(int32_t)total;
    }
    if (U_FAILURE(err)) return INT32_MIN;
    return (int32_t)(t - (char *)dst);
}

int32_t cicu_charset_canonical(const char *name, char *buf, int32_t capacity) {
    UErrorCode err = U_ZERO_ERROR;
    const char *canon = ucnv_getCanonicalName(name, "IANA", &err);
    if (U_FAILURE(err) || canon == NULL) {
        err = U_ZERO_ERROR;
        canon = ucnv_getAlias(name, 0, &err);
        if (U_FAILURE(err) || canon == NULL) return 0;
    }
    if (capacity <= 0) return 1;
    strncpy(buf, canon, (size_t)capacity - 1);
    buf[capacity - 1] = 0;
    return 1;
}
