#include "cicu_script.h"
#include <pthread.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

static void write_code(const char *code, char *out) {
    memcpy(out, code, 4);
    out[4] = 0;
}

static int32_t write_script(UScriptCode sc, char *out) {
    const char *name = uscript_getShortName(sc);
    if (name == NULL || strlen(name) != 4) { write_code("Zzzz", out); return -1; }
    write_code(name, out);
    return 0;
}

int32_t cicu_script_of(int32_t c, char *out, int32_t capacity) {
    if (capacity < 5) return -1;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)c, &err);
    if (U_FAILURE(err)) { write_code("Zzzz", out); return -1; }
    return write_script(sc, out);
}

int32_t cicu_bmp_letter_scripts(int16_t *out) {
    int32_t counted = 0;
    for (UChar32 c = 0; c < 0x10000; c++) {
        out[c] = -1;
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        /* The same test as cicu_dominant_script's loop. */
        if ((U_GET_GC_MASK(c) & U_GC_L_MASK) == 0) continue;
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &err);
        if (U_FAILURE(err) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN) continue;
        if (sc < 0 || sc >= USCRIPT_CODE_LIMIT || sc > INT16_MAX) continue;
        out[c] = (int16_t)sc;
        counted++;
    }
    return counted;
}

/* Simplified/traditional classification of Han text through ICU's transliterators. */
static pthread_once_t han_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t han_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *to_simplified = NULL;
static UTransliterator *to_traditional = NULL;

static void han_init(void) {
    UErrorCode err = U_ZERO_ERROR;
    static const UChar ts[] = u"Traditional-Simplified";
    static const UChar st[] = u"Simplified-Traditional";
    to_simplified = utrans_openU(ts, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) to_simplified = NULL;
    err = U_ZERO_ERROR;
    to_traditional = utrans_openU(st, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) to_traditional = NULL;
}

#define HAN_SAMPLE 1024

/* Number of UTF-16 units that differ after transliteration (0 on failure). */
static int32_t han_changed(UTransliterator *t, const UChar *src, int32_t n) {
    UChar buf[HAN_SAMPLE * 2 + 16];
    if (t == NULL || n > HAN_SAMPLE * 2) return 0;
    memcpy(buf, src, (size_t)n * sizeof(UChar));
    int32_t len = n, limit = n;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t, buf, &len, (int32_t)(sizeof(buf) / sizeof(buf[0])), 0, &limit, &err);
    if (U_FAILURE(err)) return 0;
    int32_t changed = 0;
    int32_t m = len < n ? len : n;
    for (int32_t i = 0; i < m; i++) changed += buf[i] != src[i];
    return changed + (len > n ? len - n : n - len);
}

/* Per-character memo of the two transliterations (bit 1: known, 2: changed by
   Traditional-Simplified, i.e. traditional-only, 4: changed by Simplified-Traditional), filled
   on first sight under han_lock. Both transliterators map one character to one character, so
   counting changed characters one by one gives the counts of transliterating the whole sample,
   at a fraction of the cost (ICU's rule matching dominated language identification of Han text). */
static uint8_t han_bmp[0x10000];

static uint8_t han_char_class(UChar32 c) {
    UChar one[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(one, n, c);
    uint8_t k = 1;
    if (han_changed(to_simplified, one, n) > 0) k |= 2;
    if (han_changed(to_traditional, one, n) > 0) k |= 4;
    return k;
}

static const char *han_variant(const uint8_t *s, int32_t length) {
    int32_t i = 0, chars = 0, trad = 0, simp = 0;
    int locked = 0;
    while (i < length && chars < HAN_SAMPLE) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) continue;
        UErrorCode err = U_ZERO_ERROR;
        if (uscript_getScript(c, &err) != USCRIPT_HAN || U_FAILURE(err)) continue;
        chars++;
        uint8_t k = c < 0x10000 ? __atomic_load_n(&han_bmp[c], __ATOMIC_ACQUIRE) : 0;
        if (k == 0) {
            if (!locked) {
                pthread_once(&han_once, han_init);
                pthread_mutex_lock(&han_lock);
                locked = 1;
            }
            k = han_char_class(c);
            if (c < 0x10000) __atomic_store_n(&han_bmp[c], k, __ATOMIC_RELEASE);
        }
        trad += (k >> 1) & 1;
        simp += (k >> 2) & 1;
    }
    if (locked) pthread_mutex_unlock(&han_lock);
    if (chars == 0) return "Hani";
    if (trad > simp) return "Hant";
    if (simp > trad) return "Hans";
    return "Hani";
}

int32_t cicu_dominant_script(const uint8_t *s, int32_t length, int32_t max_bytes, char *out,
                             int32_t capacity) {
    if (capacity < 5) return -1;
    if (length < 0) length = 0;
    if (max_bytes > 0 && length > max_bytes) length = max_bytes;
    int32_t counts[USCRIPT_CODE_LIMIT];
    memset(counts, 0, sizeof(counts));
    int32_t letters = 0, i = 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) continue;
        if ((U_GET_GC_MASK(c) & U_GC_L_MASK) == 0) continue;
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &err);
        if (U_FAILURE(err) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN) continue;
        if (sc < 0 || sc >= USCRIPT_CODE_LIMIT) continue;
        counts[sc]++;
        letters++;
    }
    if (letters == 0) { write_code("Zyyy", out); return 0; }
    int32_t best = -1, bestCount = 0;
    for (int32_t k = 0; k < USCRIPT_CODE_LIMIT; k++) {
        if (counts[k] > bestCount) { best = k; bestCount = counts[k]; }  /* ties: lowest code */
    }
    int32_t han = counts[USCRIPT_HAN], kana = counts[USCRIPT_HIRAGANA] + counts[USCRIPT_KATAKANA];
    int32_t hang = counts[USCRIPT_HANGUL];
    if (best == USCRIPT_HAN || best == USCRIPT_HIRAGANA || best == USCRIPT_KATAKANA || best == USCRIPT_HANGUL) {
        if (kana > 0 && kana >= hang && kana + han >= bestCount) { write_code("Jpan", out); return letters; }
        if (hang > 0 && hang + han >= bestCount) { write_code("Kore", out); return letters; }
        if (best == USCRIPT_HAN) { write_code(han_variant(s, length), out); return letters; }
    }
    write_script((UScriptCode)best, out);
    return letters;
}
