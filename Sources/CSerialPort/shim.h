#ifndef TRACEGATE_CSERIALPORT_SHIM_H
#define TRACEGATE_CSERIALPORT_SHIM_H
#include <libserialport.h>
#include <stddef.h>
/* epoll for DeviceIO's PollReactor (the Swift Glibc module does not include <sys/epoll.h>). */
#include <sys/epoll.h>
/* mallopt for the daemon's allocation policy (`tracegate run`); the Swift Glibc module has no <malloc.h>. */
#include <malloc.h>

/* POSIX/GNU calls the Swift Glibc module hides (they need _XOPEN_SOURCE/_GNU_SOURCE, which the
 * precompiled module is not built with). Prototypes as in glibc's <stdlib.h> and <unistd.h>; used by
 * DeviceIO's PseudoTerminal and PollReactor. */
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
int ptsname_r(int fd, char *buf, size_t buflen);
int pipe2(int pipefd[2], int flags);

#endif
