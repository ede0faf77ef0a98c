import Foundation
import Testing

extension TraceGateProcessTests {
    /// The daemon restarted with its wall clock a day back, a year ahead, then back to now, faked for the daemon
    /// alone by Debian's libfaketime (`LD_PRELOAD`, monotonic clocks left alone), while two simulated stalls weigh
    /// and a reference platform receives (docs/ledger-format.md "The wall clock", docs/outbox.md "Retention and
    /// the wall clock").
    @Suite("Clock: restarts with the wall clock set back and ahead")
    struct ClockRestartTests {
        /// One daemon run: its clock's offset from the real one (a libfaketime `FAKETIME` value) in seconds.
        struct Phase: CustomStringConvertible {
            let name: String
            let offsetSeconds: Int
            var description: String { name }
        }

        /// Now, a day back, a year ahead (twice), back to now.
        static let phases = [
            Phase(name: "now", offsetSeconds: 0),
            Phase(name: "a day back", offsetSeconds: -86_400),
            Phase(name: "a year ahead", offsetSeconds: 365 * 86_400),
            Phase(name: restartedAhead, offsetSeconds: 365 * 86_400),
            Phase(name: "back to now", offsetSeconds: 0),
        ]

        /// The run that starts a year ahead after trades were recorded a year ahead: its retention run at start sees
        /// the gap and holds pruning back (docs/outbox.md).
        static let restartedAhead = "a year ahead, restarted"

        /// A trace-code template with the date, so the "never back in time" rule of the sequences is exercised.
        static let template = "{operator}{date:yyMMdd}{seq:4}"

        /// Debian's libfaketime (package `libfaketime`, pulled in by `faketime`), in the multiarch directory.
        static func libfaketime() throws -> String {
            let candidates =
                ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? []).sorted()
                .map { "/usr/lib/\($0)/faketime/libfaketime.so.1" } + ["/usr/lib/faketime/libfaketime.so.1"]
            guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw TestFailure(
                    "libfaketime.so.1 not found: install the Debian package faketime (scripts/install-deps --test)")
            }
            return found
        }

        /// The environment that fakes the daemon's wall clock by `offsetSeconds` (none for 0): `CLOCK_REALTIME` only,
        /// so timers and sleeps (monotonic) run as usual.
        ///
        /// `FAKETIME_SHARED` names a semaphore and shared memory that do not exist, so libfaketime uses none. Without
        /// it, libfaketime 0.9.10 creates them and sets `FAKETIME_SHARED` itself while the process starts, and the
        /// Swift runtime then finds no command-line arguments (`tracegate` prints its help and exits).
        static func fakedClock(_ offsetSeconds: Int) throws -> [String: String] {
            guard offsetSeconds != 0 else { return [:] }
            return [
                "LD_PRELOAD": try libfaketime(), "FAKETIME": (offsetSeconds > 0 ? "+" : "") + String(offsetSeconds),
                "FAKETIME_DONT_FAKE_MONOTONIC": "1", "FAKETIME_SHARED": "/tracegate-test-no-sem /tracegate-test-no-shm",
            ]
        }

        /// Each phase's daemon records trades that are delivered; then a last run without new trades drains the
        /// outbox. Trace codes unique and growing per operator; `committed_at` as the faked clock said; the flag on
        /// exactly the first trade of each run whose clock is behind the run before it; both verifiers pass; every
        /// trade reached the platform once; retention pruned nothing (every trade is younger than retention).
        @Test("trace codes, commit times, the clock flag, delivery and retention across clock jumps")
        func restartsWithTheClockSetBackAndAhead() async throws {
            let directory = try ScratchDirectory("clock")
            defer { directory.remove() }
            let platform = try await PlatformProcess(in: directory, faults: [])
            defer { platform.kill() }
            let stalls = (1...2).map { TestGateway.stall($0, in: directory) }
            var simulators: [SimulatedStall] = []
            defer { for simulator in simulators { simulator.kill() } }
            for (index, stall) in stalls.enumerated() {
                simulators.append(try await SimulatedStall(stall, in: directory, seed: UInt64(71 + index), noise: 0.02))
            }
            let ledgerPath = directory.file("ledger.db")
            let uplink = """
                uplink:
                  retention_days: 30
                  platforms:
                    - name: city
                      url: "\(platform.url)"
                      format: tracegate-v1
                      backoff_initial_ms: 20
                      backoff_max_ms: 200

                """
            let configuration = try directory.write(
                "tracegate.yaml",
                TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml.replacingOccurrences(
                    of: "{operator}{seq:7}", with: Self.template) + uplink)

            // Per phase: the trades it acknowledged, and the real time around its run.
            var runs: [(phase: Phase, trades: [TradeLine], from: Date, to: Date, log: String)] = []
            for phase in Self.phases {
                let from = Date()
                let daemon = try GatewayDaemon(
                    configurationPath: configuration, in: directory, name: "daemon \(phase)",
                    environment: try Self.fakedClock(phase.offsetSeconds))
                defer { daemon.kill() }
                let api = LocalAPIProbe(port: try await daemon.waitUntilReady())
                try await daemon.waitForTrades(3)
                try await Self.waitUntilDelivered(api, daemon)
                #expect(try await daemon.stop() == 0, "\(phase): \(daemon.process.standardErrorTail)")
                runs.append((phase, try daemon.acknowledgedTrades(), from, Date(), daemon.process.standardError))
            }
            for simulator in simulators { simulator.kill() }
            let drain = try GatewayDaemon(configurationPath: configuration, in: directory, name: "daemon drain")
            defer { drain.kill() }
            try await Self.waitUntilDelivered(LocalAPIProbe(port: try await drain.waitUntilReady()), drain)
            #expect(try await drain.stop() == 0, "\(drain.process.standardErrorTail)")

            let ledger = LedgerCommands(ledgerPath: ledgerPath, directory: directory)
            let recorded = try await ledger.trades()
            let acknowledged = runs.flatMap(\.trades) + (try drain.acknowledgedTrades())
            // Retention pruned nothing: every acknowledged trade is still in the ledger, which holds no other.
            #expect(
                recorded.map(\.trace_code) == acknowledged.map(\.trace_code),
                "the ledger's trades are not the acknowledged ones (pruned by retention?): ledger \(recorded.count), acknowledged \(acknowledged.count)"
            )

            // Trace codes: unique, and each operator's grow in commit order.
            let codes = recorded.map(\.trace_code)
            #expect(Set(codes).count == codes.count, "a trace code was issued twice: \(codes)")
            for stall in stalls {
                let own = recorded.filter { $0.operator_code == stall.operatorCode }.map(\.trace_code)
                #expect(own == own.sorted() && own.count >= 2, "\(stall.station)'s codes are not increasing: \(own)")
            }

            // committed_at: what the faked clock said during the run.
            for run in runs {
                let earliest = run.from.addingTimeInterval(Double(run.phase.offsetSeconds) - 1)
                let latest = run.to.addingTimeInterval(Double(run.phase.offsetSeconds) + 1)
                for trade in run.trades {
                    let committed = try Self.date(trade.committed_at)
                    #expect(
                        committed >= earliest && committed <= latest,
                        "\(run.phase): \(trade.trace_code) committed at \(trade.committed_at), not between \(earliest) and \(latest) (the daemon's wall clock was not faked as asked?)"
                    )
                }
            }

            // The flag: on exactly the first trade of "a day back" and of "back to now"; shown in `run --json`
            // and `trades list --json` alike, and logged.
            let flagged = recorded.filter { $0.clock_went_back }.map(\.trace_code)
            let wentBack = zip(runs, runs.dropFirst()).filter { $1.phase.offsetSeconds < $0.phase.offsetSeconds }
            #expect(flagged == wentBack.map { $1.trades[0].trace_code } && flagged.count == 2, "flagged: \(flagged)")
            for (previous, trade) in zip(recorded, recorded.dropFirst()) {
                #expect(trade.clock_went_back == (trade.committed_at < previous.committed_at), "\(trade.trace_code)")
            }
            #expect(acknowledged.filter(\.clock_went_back).map(\.trace_code) == flagged)
            for run in runs {
                let warned = run.log.contains("wall clock went backwards")
                #expect(warned == run.trades.contains { $0.clock_went_back }, "\(run.phase): warning logged: \(warned)")
                let heldBack = run.log.contains("retention pruning held back")
                #expect(heldBack == (run.phase.name == Self.restartedAhead), "\(run.phase): held back: \(heldBack)")
            }

            // Both verifiers.
            let verification = try await ledger.verify()
            #expect(verification.status == 0, "\(verification)")
            let independent = try await ChildProcess.run(
                [Self.verifierScript, ledgerPath], in: directory, executable: "/usr/bin/python3")
            #expect(independent.status == 0, "\(independent)")
            #expect(!independent.standardOutput.contains("pruning anchor"), "\(independent)")

            // Delivery: every trade at the platform exactly once.
            let arrived = try await platform.arrivals().map(\.traceCode)
            #expect(arrived.count == Set(arrived).count, "a trace code arrived twice")
            #expect(Set(arrived) == Set(codes), "platform holds \(arrived.count), ledger \(codes.count)")
        }

        /// Waits until the daemon reports nothing pending or rejected for every platform (`GET /sync`).
        static func waitUntilDelivered(_ api: LocalAPIProbe, _ daemon: GatewayDaemon) async throws {
            try await Polling.until("the outbox to drain", evidence: { daemon.process.standardErrorTail }) {
                let status = try await api.get("/sync", as: [Outbox].self)
                return !status.isEmpty && status.allSatisfy { $0.pending == 0 && $0.rejected == 0 } ? true : nil
            }
        }

        /// The fields of `GET /sync` read here.
        struct Outbox: Decodable {
            /// Trades not settled.
            var pending: Int
            /// Trades refused.
            var rejected: Int
        }

        /// scripts/verify-ledger, found from this file's path.
        static var verifierScript: String {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("scripts/verify-ledger").path
        }

        /// An RFC 3339 UTC time with milliseconds, as the gateway prints it.
        static func date(_ text: String) throws -> Date {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let date = formatter.date(from: text) else { throw TestFailure("not an RFC 3339 time: \(text)") }
            return date
        }
    }
}
