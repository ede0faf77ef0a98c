/* LD_PRELOAD shim for tests: answers the modem-line ioctls that ptys (and umockdev's mock ttys) reject.
 *
 * libserialport's sp_open() calls TIOCMGET/TIOCMBIS/TIOCMBIC, which the pty driver refuses with ENOTTY
 * (testing.md §Serial). When the real ioctl fails with ENOTTY or EINVAL for one of these four requests,
 * answer from a process-local bit mask instead; every other request goes to the next ioctl unchanged
 * (umockdev's preload library, then libc). Test-only: never ship this. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/ioctl.h>

static int modem_bits = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR | TIOCM_CD;

int ioctl(int fd, unsigned long request, ...) {
    static int (*next_ioctl)(int, unsigned long, ...);
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (!next_ioctl) next_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    int result = next_ioctl(fd, request, arg);
    if (result == 0 || (errno != ENOTTY && errno != EINVAL) || arg == 0) return result;
    int *bits = (int *)arg;
    switch (request) {
    case TIOCMGET: *bits = modem_bits; return 0;
    case TIOCMSET: modem_bits = *bits; return 0;
    case TIOCMBIS: modem_bits |= *bits; return 0;
    case TIOCMBIC: modem_bits &= ~*bits; return 0;
    default: return result;
    }
}
