#ifndef TRACEGATE_CZLIB_SHIM_H
#define TRACEGATE_CZLIB_SHIM_H
/* Debian's zlib (zlib1g-dev): gzip request bodies for the uplink (deflateInit2, windowBits 31) and their
   inflation at the reference platform. */
#include <zlib.h>
#endif
