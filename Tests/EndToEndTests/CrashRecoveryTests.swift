import Foundation
import Testing

extension TraceGateProcessTests {
    /// `kill -9` of the daemon at varied points — during start-up, right after an acknowledgement, while
    /// trades are being weighed — then a restart, several times over one ledger. An acknowledged trade
    /// must never be lost and a trace code never issued twice.
    @Suite("Crash: kill -9 and restart")
    struct CrashRecoveryTests {
        /// When one round kills the daemon.
        enum KillPoint: CustomStringConvertible {
            /// This long after it was started, ready or not.
            case afterStart(milliseconds: Int)
            /// As soon as (polled every 5 ms) this many more trades were acknowledged in the round.
            case rightAfterAcknowledgements(Int)
            /// This long after this many more trades were acknowledged in the round.
            case afterAcknowledgements(Int, milliseconds: Int)

            /// Shown in failure messages.
            var description: String {
                switch self {
                case .afterStart(let ms): "\(ms) ms after start"
                case .rightAfterAcknowledgements(let count): "right after \(count) acknowledgement(s)"
                case .afterAcknowledgements(let count, let ms): "\(ms) ms after \(count) acknowledgement(s)"
                }
            }
        }

        /// The rounds: kill points of each kind, with random delays so kills land at different moments
        /// of the commit path from run to run.
        static func rounds(using random: inout TestSeed) -> [KillPoint] {
            [
                .rightAfterAcknowledgements(1),
                .afterAcknowledgements(1, milliseconds: Int.random(in: 0...700, using: &random)),
                .afterStart(milliseconds: Int.random(in: 20...300, using: &random)),
                .rightAfterAcknowledgements(2),
                .afterAcknowledgements(1, milliseconds: Int.random(in: 50...1500, using: &random)),
                .afterStart(milliseconds: Int.random(in: 1500...3000, using: &random)),
                .rightAfterAcknowledgements(1),
            ]
        }

        /// Seven kill -9 rounds over one ledger, then a graceful run; every printed trade is stored.
        @Test("every acknowledged trade survives kill -9; no trace code is issued twice")
        func acknowledgedTradesSurviveKillNine() async throws {
            let directory = try ScratchDirectory("crash")
            defer { directory.remove() }
            // Three stalls so a trade is acknowledged every second or two.
            let stalls = (1...3).map { TestGateway.stall($0, in: directory) }
            var simulators: [SimulatedStall] = []
            defer { for simulator in simulators { simulator.kill() } }
            for (index, stall) in stalls.enumerated() {
                simulators.append(try await SimulatedStall(stall, in: directory, seed: UInt64(31 + index), noise: 0.02))
            }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml)

            var acknowledged: [TradeLine] = []
            var random = TestSeed("kill -9 during commits")
            for (round, point) in Self.rounds(using: &random).enumerated() {
                let daemon = try GatewayDaemon(
                    configurationPath: configuration, in: directory, name: "daemon round \(round + 1)")
                defer { daemon.kill() }
                switch point {
                case .afterStart(let milliseconds):
                    try await Task.sleep(for: .milliseconds(milliseconds))
                case .rightAfterAcknowledgements(let count):
                    _ = try await daemon.waitUntilReady()
                    try await daemon.waitForTrades(count, interval: .milliseconds(5))
                case .afterAcknowledgements(let count, let milliseconds):
                    _ = try await daemon.waitUntilReady()
                    try await daemon.waitForTrades(count)
                    try await Task.sleep(for: .milliseconds(milliseconds))
                }
                #expect(
                    daemon.process.isRunning,
                    "round \(round + 1) (\(point)): the daemon died by itself\n\(daemon.process.standardErrorTail)")
                daemon.kill()
                let status = try await daemon.process.waitForExit()
                #expect(status == 128 + SIGKILL, "round \(round + 1) (\(point))")
                acknowledged += try daemon.acknowledgedTrades()
            }

            // After the last crash the daemon starts, works and stops gracefully.
            let last = try GatewayDaemon(
                configurationPath: configuration, in: directory, name: "daemon after the crashes")
            defer { last.kill() }
            _ = try await last.waitUntilReady()
            try await last.waitForTrades(1)
            #expect(try await last.stop() == 0, "\(last.process.standardErrorTail)")
            acknowledged += try last.acknowledgedTrades()

            let ledger = LedgerCommands(ledgerPath: ledgerPath, directory: directory)
            let recorded = try await ledger.trades()
            let stored = Dictionary(recorded.map { ($0.trace_code, $0) }, uniquingKeysWith: { first, _ in first })
            let acknowledgedCodes = acknowledged.map(\.trace_code)
            #expect(Set(acknowledgedCodes).count == acknowledgedCodes.count, "a trace code was acknowledged twice")
            // The rounds that wait for acknowledgements, and the last run, guarantee this many.
            #expect(acknowledged.count >= 7, "too few trades to mean anything: \(acknowledged.count)")
            for trade in acknowledged {
                #expect(
                    stored[trade.trace_code] == trade,
                    "acknowledged \(trade.trace_code) is missing or differs in the ledger")
            }
            LedgerExpectations.expectWellFormed(recorded, operators: Set(stalls.map(\.operatorCode)))
            let verification = try await ledger.verify()
            #expect(verification.status == 0, "\(verification)")
        }
    }
}
