/* libdeflate (Debian libdeflate-dev): whole-buffer gzip member decompression, 2-3x zlib's inflate. */
#include <libdeflate.h>
