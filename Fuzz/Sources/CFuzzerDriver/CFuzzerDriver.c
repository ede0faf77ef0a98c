// Empty: the target exists to export the LLVMFuzzerRunDriver declaration to Swift.
#include "CFuzzerDriver.h"
