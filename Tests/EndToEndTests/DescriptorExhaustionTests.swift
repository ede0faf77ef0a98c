import Foundation
import Testing

extension TraceGateProcessTests {
    /// The daemon out of file descriptors (`ulimit -n` reached: a leak elsewhere, or a limit set too low by an
    /// installer). The limit of the running daemon is lowered with `prlimit --pid` to what it has open plus half of
    /// `DescriptorReserve.count`, so every device open lands in the reserve the gateway keeps for its runtime, and
    /// raised again later.
    ///
    /// Not lower: with no descriptor at all left, libdispatch's thread-pool monitor aborts any Swift process within
    /// a second while work is queued (it opens `/proc/<tid>/stat` and crashes on EMFILE; see `DescriptorReserve`).
    /// That is what this test hit in CI under load when it lowered the limit to exactly the open count; the daemon
    /// now refuses its own device opens before the runtime's last descriptors are gone, and a complete exhaustion by
    /// something else ends in the runtime's abort and systemd's restart, which loses nothing acknowledged (the
    /// kill -9 tests).
    @Suite("Storage: the daemon out of file descriptors")
    struct DescriptorExhaustionTests {
        /// Trades keep being recorded (the ledger's files are already open), a device that must be opened again
        /// is reported with the cause and retried, the local API refuses nothing it acknowledged, and when
        /// descriptors are free again the device comes back without a restart; every acknowledged trade is stored.
        @Test func tradingSurvivesAndDevicesRecoverWhenDescriptorsRunOut() async throws {
            let directory = try ScratchDirectory("no-fds")
            defer { directory.remove() }
            let ledgerPath = directory.file("ledger.db")
            let stalls = (1...2).map { TestGateway.stall($0, in: directory) }
            var simulators: [SimulatedStall] = []
            defer { for simulator in simulators { simulator.kill() } }
            for (index, stall) in stalls.enumerated() {
                simulators.append(try await SimulatedStall(stall, in: directory, seed: 81 + UInt64(index), noise: 0))
            }
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml)
            let daemon = try GatewayDaemon(configurationPath: configuration, in: directory)
            defer { daemon.kill() }
            let api = LocalAPIProbe(port: try await daemon.waitUntilReady())
            try await daemon.waitForTrades(2)
            let pid = daemon.process.pid
            let limit = try Self.openFileLimit(of: pid)

            // Every descriptor the gateway could open for a device from here on is in its runtime's reserve.
            let exhausted = try Self.lowestFreeDescriptor(of: pid) + Self.runtimeRoom
            #expect(await MountNamespace.status(of: "prlimit --pid \(pid) --nofile=\(exhausted):\(limit.hard)") == 0)

            // The ledger needs no new descriptor to commit: trading goes on.
            let atExhaustion = try daemon.acknowledgedTrades().count
            try await daemon.waitForTrades(atExhaustion + 3, timeout: .seconds(60))

            // Stall 1's devices go away (an unplugged adapter): the daemon closes them, which frees two descriptors,
            // and the limit is lowered again so that only the runtime's room is free when they come back.
            let process = daemon.process
            simulators[0].kill()
            _ = try await simulators[0].process.waitForExit()
            try await Polling.until(
                "the daemon to notice stall 1's devices are gone", evidence: { process.standardErrorTail }
            ) { () -> Bool? in
                let gone = process.standardError.split(separator: "\n").filter {
                    $0.contains("waitingForDevice") && ($0.contains("scale-1") || $0.contains("scanner-1"))
                }
                return gone.count >= 2 ? true : nil
            }
            let reported = process.standardError.count
            #expect(
                await MountNamespace.status(
                    of:
                        "prlimit --pid \(pid) --nofile=\(try Self.lowestFreeDescriptor(of: pid) + Self.runtimeRoom):\(limit.hard)"
                ) == 0)

            // They come back: opening them fails with EMFILE, and the daemon says so, naming the device, instead
            // of dying or spinning.
            simulators[0] = try await SimulatedStall(stalls[0], in: directory, seed: 91, noise: 0)
            try await Polling.until(
                "the daemon to report that it cannot open a device for lack of descriptors", timeout: .seconds(60),
                evidence: { process.standardErrorTail }
            ) { () -> Bool? in
                guard process.isRunning else { throw TestFailure("the daemon exited\n\(process.standardErrorTail)") }
                return process.standardError.dropFirst(reported).split(separator: "\n").contains {
                    $0.contains("Too many open files") && $0.contains("descriptors the gateway may hold are in use")
                        && $0.contains("LimitNOFILE") && ($0.contains("scale-1") || $0.contains("scanner-1"))
                } ? true : nil
            }
            #expect(process.isRunning)

            // Descriptors free again: the device is opened again without a restart, stall 1 trades, /health is ok.
            #expect(
                await MountNamespace.status(of: "prlimit --pid \(pid) --nofile=\(limit.soft):\(limit.hard)") == 0)
            let beforeRecovery = try daemon.acknowledgedTrades().filter { $0.station == "stall-1" }.count
            try await Polling.until(
                "stall 1 to trade again after descriptors were freed", timeout: .seconds(90),
                evidence: { process.standardErrorTail }
            ) {
                try daemon.acknowledgedTrades().filter { $0.station == "stall-1" }.count > beforeRecovery ? true : nil
            }
            #expect(try await api.get("/health", as: HealthLine.self).status == "ok")

            #expect(try await daemon.stop() == 0, "\(daemon.process.standardErrorTail)")
            try await RealStorageFailureTests.expectEveryAcknowledgedTradeStored([daemon], ledgerPath: ledgerPath)
        }

        /// Descriptors left free above what the daemon holds: fewer than the gateway's reserve
        /// (`DescriptorReserve.count`, 16), so a device open is refused, and enough for the runtime.
        static let runtimeRoom = 8

        /// `Max open files` of a running process.
        static func openFileLimit(of pid: Int32) throws -> (soft: String, hard: String) {
            let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
            guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }) else {
                throw TestFailure("no open-file limit in /proc/\(pid)/limits")
            }
            let fields = line.dropFirst("Max open files".count).split(separator: " ")
            guard fields.count >= 2 else { throw TestFailure("cannot read \(line)") }
            return (String(fields[0]), String(fields[1]))
        }

        /// The lowest descriptor number the process does not use: the next `open` would get it.
        static func lowestFreeDescriptor(of pid: Int32) throws -> Int {
            let used = Set(try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap(Int.init))
            return (0...).first { !used.contains($0) }!
        }
    }
}
