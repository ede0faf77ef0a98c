// libFuzzer's driver entry point (compiler-rt FuzzerInterface.h). SwiftPM links Linux executables with
// --defsym main=<module>_main, so the Swift entry point calls this instead of libFuzzer's own main.
#include <stddef.h>
#include <stdint.h>

typedef int (*FuzzerTestOneInput)(const uint8_t *data, size_t size);

int LLVMFuzzerRunDriver(int *argc, char ***argv, FuzzerTestOneInput callback);
