// Debian's libsnappy-dev: the plain C API (snappy_uncompress, snappy_compress, ...).
#include <snappy-c.h>
