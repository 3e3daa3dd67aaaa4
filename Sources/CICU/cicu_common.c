#include "cicu_common.h"
#include <unicode/uversion.h>
#include <string.h>

void cicu_version(char *buf, int32_t capacity) {
    UVersionInfo v;
    u_getVersion(v);
    char tmp[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(v, tmp);
    if (capacity <= 0) return;
    strncpy(buf, tmp, (size_t)capacity - 1);
    buf[capacity - 1] = 0;
}
