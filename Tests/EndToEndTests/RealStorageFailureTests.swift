import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension TraceGateProcessTests {
    /// The ledger on real file systems that run out of space and turn read-only, not a SQLite page quota.
    ///
    /// A holder process owns a private mount namespace (`unshare -m`); the daemon runs inside it (`nsenter`), with its
    /// ledger on a small tmpfs (full disk) or on an ext4 image mounted `errors=remount-ro` (a worn SD card: after an
    /// error the kernel turns the file system read-only under the running daemon). The test fills, frees, breaks
    /// and repairs those file systems from inside the namespace; nothing is mounted outside it.
    @Suite("Storage: a real full file system and a card that turns read-only")
    struct RealStorageFailureTests {
        /// Mount namespaces, loop devices and mkfs need root (CI runs as root); elsewhere the suite is skipped.
        static let canMount =
            getuid() == 0
            && ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/mkfs.ext4", "/usr/sbin/fsck.ext4"]
                .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

        /// Trades flow from two simulated stalls while the card fills up and is freed: trades are refused with
        /// "NOT recorded" (never acknowledged and lost), `/health` raises an alarm, trading resumes without a
        /// restart, and every acknowledged trade is in the ledger, chain intact.
        @Test(.enabled(if: canMount, "needs root for unshare -m and mount"))
        func fullFileSystemLosesNothingAndResumesWithoutRestart() async throws {
            let directory = try ScratchDirectory("full-card")
            defer { directory.remove() }
            let card = directory.file("card")
            let namespace = try MountNamespace(holding: "mount -t tmpfs -o size=2m tracegate-card '\(card)'", at: card)
            defer { namespace.close() }
            let market = try await Market(in: directory, ledgerPath: card + "/ledger.db", seed: 61)
            defer { market.stop() }
            let daemon = try market.startDaemon(in: namespace, name: "daemon")
            defer { daemon.kill() }
            let api = LocalAPIProbe(port: try await daemon.waitUntilReady())
            try await daemon.waitForTrades(2)

            // Ballast takes every free block; the next trades are refused, not acknowledged.
            await namespace.run("cat /dev/zero > '\(card)/ballast'")
            try await Self.waitForRefusal(after: 0, of: daemon, containing: "is full")
            let health = try await api.get("/health", as: HealthLine.self)
            #expect(health.alarms?.contains { $0.contains("is full") } == true, "\(health)")

            // Space returns: trading resumes without a restart and the alarm clears.
            let beforeFreed = try daemon.acknowledgedTrades().count
            await namespace.run("rm '\(card)/ballast'")
            try await daemon.waitForTrades(beforeFreed + 2, timeout: .seconds(60))
            #expect(try await api.get("/health", as: HealthLine.self).status == "ok")

            try await Self.expectEveryAcknowledgedTradeStored([daemon], ledgerPath: card + "/ledger.db", in: namespace)
            #expect(try await daemon.stop() == 0, "\(daemon.process.standardErrorTail)")
        }

        /// The card turns read-only under the running daemon (an ext4 error with `errors=remount-ro`, as a worn SD
        /// card does): trades are refused with "NOT recorded" naming the read-only card, `/health` raises an alarm,
        /// nothing acknowledged is lost; after the card is repaired (fsck) and mounted again, a restarted daemon
        /// continues the same ledger without reissuing a code.
        @Test(.enabled(if: canMount, "needs root for unshare -m, loop devices and mkfs"))
        func cardTurningReadOnlyLosesNothingAndRecoversAfterRepair() async throws {
            let directory = try ScratchDirectory("ro-card")
            defer { directory.remove() }
            let card = directory.file("card")
            let image = directory.file("card.img")
            let mount = "mount -o loop,errors=remount-ro '\(image)' '\(card)'"
            #expect(
                await MountNamespace.status(
                    of: "truncate -s 16M '\(image)' && /usr/sbin/mkfs.ext4 -q -F -m 0 '\(image)'")
                    == 0)
            let namespace = try MountNamespace(holding: mount, at: card)
            defer { namespace.close() }
            let ledgerPath = card + "/ledger.db"
            let market = try await Market(in: directory, ledgerPath: ledgerPath, seed: 71)
            defer { market.stop() }
            let first = try market.startDaemon(in: namespace, name: "daemon before the error")
            defer { first.kill() }
            let api = LocalAPIProbe(port: try await first.waitUntilReady())
            try await first.waitForTrades(3)

            // The kernel finds an error on the card and turns it read-only (what `errors=remount-ro` does).
            #expect(
                await namespace.run(
                    "echo 1 > /sys/fs/ext4/$(basename $(findmnt -n -o SOURCE '\(card)'))/trigger_fs_error") == 0)
            try await Self.waitForRefusal(after: 0, of: first, containing: "turned read-only")
            let health = try await api.get("/health", as: HealthLine.self)
            #expect(health.alarms?.contains { $0.contains("read-only") } == true, "\(health)")
            let acknowledgedBefore = try first.acknowledgedTrades().count
            try await Task.sleep(for: .seconds(2))
            #expect(try first.acknowledgedTrades().count == acknowledgedBefore, "a trade was acknowledged read-only")
            #expect(try await first.stop() == 0, "\(first.process.standardErrorTail)")

            // Repair: unmount, fsck, mount again; a restarted daemon continues the ledger.
            #expect(
                await namespace.run("umount '\(card)' && /usr/sbin/fsck.ext4 -y '\(image)' >/dev/null; \(mount)") == 0)
            let second = try market.startDaemon(in: namespace, name: "daemon after the repair")
            defer { second.kill() }
            _ = try await second.waitUntilReady()
            try await second.waitForTrades(2, timeout: .seconds(60))
            try await Self.expectEveryAcknowledgedTradeStored(
                [first, second], ledgerPath: ledgerPath, in: namespace)
            #expect(try await second.stop() == 0, "\(second.process.standardErrorTail)")
        }

        /// Two simulated stalls and the configuration of a daemon whose ledger is at `ledgerPath`.
        struct Market {
            /// The simulators.
            let simulators: [SimulatedStall]
            /// The configuration file.
            let configuration: String
            /// The scratch directory.
            let directory: ScratchDirectory

            /// Starts the simulators and writes the configuration.
            init(in directory: ScratchDirectory, ledgerPath: String, seed: UInt64) async throws {
                let stalls = (1...2).map { TestGateway.stall($0, in: directory) }
                var simulators: [SimulatedStall] = []
                do {
                    for (index, stall) in stalls.enumerated() {
                        simulators.append(
                            try await SimulatedStall(stall, in: directory, seed: seed + UInt64(index), noise: 0))
                    }
                } catch {
                    for simulator in simulators { simulator.kill() }
                    throw error
                }
                self.simulators = simulators
                self.directory = directory
                configuration = try directory.write(
                    "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml)
            }

            /// Starts `tracegate run` inside the namespace.
            func startDaemon(in namespace: MountNamespace, name: String) throws -> GatewayDaemon {
                try GatewayDaemon(
                    configurationPath: configuration, in: directory, name: name, launcher: namespace.launcher)
            }

            /// Stops the simulators.
            func stop() { for simulator in simulators { simulator.kill() } }
        }

        /// Waits until the daemon refused more trades than `count`, the newest naming `reason`.
        static func waitForRefusal(after count: Int, of daemon: GatewayDaemon, containing reason: String)
            async throws
        {
            let process = daemon.process
            try await Polling.until(
                "a trade refused with \"NOT recorded\" (\(reason))", timeout: .seconds(90),
                evidence: { process.standardErrorTail }
            ) { () -> Bool? in
                guard process.isRunning else { throw TestFailure("the daemon exited\n\(process.standardErrorTail)") }
                let lines = process.standardError.split(separator: "\n").filter { $0.contains("NOT recorded") }
                guard lines.count > count, let last = lines.last else { return nil }
                return last.contains(reason) ? true : nil
            }
        }

        /// Every trade the daemons acknowledged is in the ledger as printed, no code twice, the chain intact (read
        /// inside the namespace, where the card is mounted, when there is one).
        static func expectEveryAcknowledgedTradeStored(
            _ daemons: [GatewayDaemon], ledgerPath: String, in namespace: MountNamespace? = nil
        ) async throws {
            let launcher = namespace?.launcher ?? []
            let (listed, listing) = await MountNamespace.shell(
                "'\(TraceGateBinary.path)' trades list --ledger '\(ledgerPath)' --json", launcher: launcher)
            #expect(listed == 0, "trades list exited \(listed)")
            let recorded = try TradeLine.parse(listing.split(separator: "\n").map(String.init))
            let codes = recorded.map(\.trace_code)
            #expect(Set(codes).count == codes.count, "a trace code was issued twice")
            let stored = Dictionary(recorded.map { ($0.trace_code, $0) }, uniquingKeysWith: { first, _ in first })
            var acknowledged = 0
            for daemon in daemons {
                for trade in try daemon.acknowledgedTrades() {
                    acknowledged += 1
                    #expect(stored[trade.trace_code] == trade, "acknowledged \(trade.trace_code) not stored as printed")
                }
            }
            #expect(
                acknowledged > 0 && recorded.count == acknowledged,
                "\(recorded.count) stored, \(acknowledged) acknowledged")
            let verify = "'\(TraceGateBinary.path)' verify --ledger '\(ledgerPath)' >/dev/null"
            #expect(await MountNamespace.shell(verify, launcher: launcher).status == 0)
        }
    }
}

/// `GET /health` (the fields the tests read).
struct HealthLine: Decodable, Sendable {
    /// "ok" or "alarm".
    var status: String
    /// The alarms, when any.
    var alarms: [String]?
}

/// A private mount namespace kept alive by a holder process (`unshare -m … sleep`), with one file system mounted
/// in it; commands and daemons enter it with `nsenter -t HOLDER -m`.
final class MountNamespace {
    /// The holder process.
    private let holder: Process

    /// Creates the mount point, then starts the holder, which runs `mount` inside the new namespace.
    init(holding mount: String, at mountPoint: String) throws {
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        holder.arguments = [
            "--mount", "--propagation", "private", "/bin/sh", "-c", "\(mount) && echo mounted && exec sleep 3600",
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("mounted") else {
            holder.terminate()
            throw TestFailure("could not mount in a private namespace: `\(mount)`")
        }
    }

    /// The launcher that runs a command inside the namespace.
    var launcher: [String] { ["/usr/bin/nsenter", "-t", String(holder.processIdentifier), "-m", "--"] }

    /// Runs `script` with /bin/sh inside the namespace; returns its exit status.
    @discardableResult
    func run(_ script: String) async -> Int32 { await Self.shell(script, launcher: launcher).status }

    /// Runs `script` inside the namespace and returns its standard output; throws when it fails.
    func capture(_ script: String) async throws -> String {
        let (status, output) = await Self.shell(script, launcher: launcher)
        guard status == 0 else { throw TestFailure("`\(script)` in the namespace exited \(status)") }
        return output
    }

    /// Ends the namespace (its mounts go with the holder).
    func close() {
        if holder.isRunning { holder.terminate() }
        holder.waitUntilExit()
    }

    /// Runs `script` with /bin/sh (after `launcher`, if any) on a thread of its own (waiting for a child process on
    /// the concurrency pool's few threads would starve the tests running beside it); its status and output.
    static func shell(_ script: String, launcher: [String]) async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: shellBlocking(script, launcher: launcher)) }
        }
    }

    /// Runs `script` and waits for it.
    private static func shellBlocking(_ script: String, launcher: [String]) -> (status: Int32, output: String) {
        let process = Process()
        let command = launcher + ["/bin/sh", "-c", script]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return (-1, "") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs `script` outside any namespace; its exit status.
    static func status(of script: String) async -> Int32 { await shell(script, launcher: []).status }
}
