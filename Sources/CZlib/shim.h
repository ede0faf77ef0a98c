#ifndef TRACEGATE_CZLIB_SHIM_H
#define TRACEGATE_CZLIB_SHIM_H
/* Debian's zlib (zlib1g-dev), for gzip request bodies at the reference platform. */
#include <zlib.h>
#endif
