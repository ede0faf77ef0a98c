// libusb-1.0 (Debian libusb-1.0-0-dev); pkg-config libusb-1.0 adds -I/usr/include/libusb-1.0.
#include <libusb.h>
