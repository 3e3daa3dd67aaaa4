#include "cre2.h"
#include <re2/re2.h>
#include <string.h>

struct cre2_regex { re2::RE2 *re; };

extern "C" cre2_regex *cre2_new(const char *pattern, size_t length, int case_insensitive,
                                char *err, size_t err_capacity) {
    RE2::Options opts;
    opts.set_encoding(RE2::Options::EncodingUTF8);
    opts.set_log_errors(false);
    opts.set_case_sensitive(!case_insensitive);
    opts.set_max_mem(64 << 20);
    auto *re = new RE2(re2::StringPiece(pattern, length), opts);
    if (!re->ok()) {
        if (err && err_capacity > 0) {
            strncpy(err, re->error().c_str(), err_capacity - 1);
            err[err_capacity - 1] = 0;
        }
        delete re;
        return nullptr;
    }
    return new cre2_regex{re};
}

extern "C" void cre2_free(cre2_regex *re) {
    if (!re) return;
    delete re->re;
    delete re;
}

extern "C" int64_t cre2_find_all(const cre2_regex *re, const char *text, size_t length,
                                 int64_t *spans, int64_t max_matches) {
    re2::StringPiece input(text, length);
    re2::StringPiece match;
    size_t pos = 0;
    int64_t count = 0;
    while (pos <= length) {
        if (!re->re->Match(input, pos, length, RE2::UNANCHORED, &match, 1)) break;
        size_t start = (size_t)(match.data() - text);
        size_t end = start + match.size();
        if (count < max_matches) { spans[2 * count] = (int64_t)start; spans[2 * count + 1] = (int64_t)end; }
        count++;
        pos = end > start ? end : end + 1;
    }
    return count;
}
