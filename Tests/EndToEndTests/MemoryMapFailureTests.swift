import Foundation
import Testing

extension TraceGateProcessTests {
    /// A memory map the ledger needs is refused. SQLite maps the write-ahead log's index (`ledger.db-shm`) when it
    /// opens the ledger; the map fails on a file system without shared maps (some FUSE and network mounts) or when
    /// the address space is exhausted. A preloaded shim makes `mmap` of a `-shm` file fail with ENOMEM while a
    /// trigger file exists, so exactly that map fails and nothing else in the daemon.
    @Suite("Storage: the ledger's memory map refused")
    struct MemoryMapFailureTests {
        /// The shim (compiled by the test with the system C compiler, as the ioctl shim of the umockdev tests is).
        static let shimSource = #"""
            #define _GNU_SOURCE
            #include <dlfcn.h>
            #include <errno.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <unistd.h>

            typedef void *(*map_function)(void *, size_t, int, int, int, off_t);

            /* Whether the map of `fd` is to be refused: a trigger file exists and `fd` is a SQLite -shm file. */
            static int refused(int fd) {
                const char *trigger = getenv("TRACEGATE_TEST_REFUSE_SHM_MAP");
                if (fd < 0 || trigger == NULL || access(trigger, F_OK) != 0) return 0;
                char link[64], path[4096];
                snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
                ssize_t length = readlink(link, path, sizeof path - 1);
                if (length < 4) return 0;
                path[length] = 0;
                return strcmp(path + length - 4, "-shm") == 0;
            }

            static void *map(const char *name, void *address, size_t size, int protection, int flags, int fd, off_t offset) {
                if (refused(fd)) { errno = ENOMEM; return MAP_FAILED; }
                map_function real = (map_function)dlsym(RTLD_NEXT, name);
                return real(address, size, protection, flags, fd, offset);
            }

            void *mmap(void *a, size_t s, int p, int f, int fd, off_t o) { return map("mmap", a, s, p, f, fd, o); }
            void *mmap64(void *a, size_t s, int p, int f, int fd, off_t o) { return map("mmap64", a, s, p, f, fd, o); }
            """#

        /// The daemon cannot open its ledger because the map is refused: it says so, naming the ledger and the
        /// cause, and acknowledges nothing; once maps work again the same ledger continues where it stopped, with
        /// every acknowledged trade stored and no code issued twice.
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"), "needs a C compiler"))
        func refusedMapIsReportedAndLosesNothing() async throws {
            let directory = try ScratchDirectory("refused-map")
            defer { directory.remove() }
            let shim = directory.file("refuse_shm_map.so")
            let source = try directory.write("refuse_shm_map.c", Self.shimSource)
            #expect(await MountNamespace.status(of: "/usr/bin/cc -shared -fPIC -o '\(shim)' '\(source)' -ldl") == 0)
            let trigger = directory.file("refuse-now")
            let launcher = [
                "/usr/bin/env", "LD_PRELOAD=\(shim)", "TRACEGATE_TEST_REFUSE_SHM_MAP=\(trigger)",
            ]

            let ledgerPath = directory.file("ledger.db")
            let stall = TestGateway.stall(1, in: directory)
            let simulator = try await SimulatedStall(stall, in: directory, seed: 101, noise: 0)
            defer { simulator.kill() }
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: [stall]).yaml)

            // The shim loaded but not triggered changes nothing.
            let first = try GatewayDaemon(
                configurationPath: configuration, in: directory, name: "daemon before", launcher: launcher)
            defer { first.kill() }
            _ = try await first.waitUntilReady()
            try await first.waitForTrades(2)
            #expect(try await first.stop() == 0, "\(first.process.standardErrorTail)")

            // Maps of the ledger's index refused: the daemon does not start, and says why.
            _ = try directory.write("refuse-now", "")
            let refused = try GatewayDaemon(
                configurationPath: configuration, in: directory, name: "daemon refused", launcher: launcher)
            defer { refused.kill() }
            let status = try await refused.process.waitForExit(timeout: .seconds(60))
            #expect(status != 0)
            let message = refused.process.standardError
            #expect(message.contains(ledgerPath), "the error does not name the ledger:\n\(message)")
            #expect(
                message.contains("the memory map of its index \(ledgerPath)-shm failed"),
                "the error does not name the failed map:\n\(message)")
            #expect(try refused.acknowledgedTrades().isEmpty)

            // Maps work again: the same ledger continues.
            try FileManager.default.removeItem(atPath: trigger)
            let second = try GatewayDaemon(
                configurationPath: configuration, in: directory, name: "daemon after", launcher: launcher)
            defer { second.kill() }
            _ = try await second.waitUntilReady()
            try await second.waitForTrades(2)
            #expect(try await second.stop() == 0, "\(second.process.standardErrorTail)")
            try await RealStorageFailureTests.expectEveryAcknowledgedTradeStored(
                [first, second], ledgerPath: ledgerPath)
        }
    }
}
