#ifndef TRACEGATE_CSERIALPORT_SHIM_H
#define TRACEGATE_CSERIALPORT_SHIM_H
#include <libserialport.h>
#endif
