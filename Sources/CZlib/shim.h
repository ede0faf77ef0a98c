// zlib from Debian's zlib1g-dev: gzip request bodies for the uplink (RFC 1952 via deflateInit2, windowBits 31).
#include <zlib.h>
