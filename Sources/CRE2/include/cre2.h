#ifndef CRE2_H
#define CRE2_H
/* A small C interface over RE2 (linear-time regular expressions), so that Swift needs no
   C++ interop. Offsets are byte offsets into the UTF-8 input. */
#include <stdint.h>
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct cre2_regex cre2_regex;

/** Compiles `pattern` (UTF-8). Returns NULL on error and writes a message into `err`. */
cre2_regex *cre2_new(const char *pattern, size_t length, int case_insensitive,
                     char *err, size_t err_capacity);
void cre2_free(cre2_regex *re);

/** Finds successive non-overlapping matches of the whole pattern in text[0..<length].
    Writes up to `max_matches` (start, end) pairs into `spans` (2 entries each) and
    returns how many matches were found (may exceed max_matches: call again with more room). */
int64_t cre2_find_all(const cre2_regex *re, const char *text, size_t length,
                      int64_t *spans, int64_t max_matches);

#ifdef __cplusplus
}
#endif
#endif
