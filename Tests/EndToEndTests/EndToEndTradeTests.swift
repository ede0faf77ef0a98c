import Testing

extension TraceGateProcessTests {
    /// Simulated stalls → `tracegate run` → ledger, through real processes, pseudo-terminals and the
    /// command line, for a continuous, a polled and a status-flag scale protocol.
    @Suite("End to end: simulated stalls → tracegate run → ledger")
    struct EndToEndTradeTests {
        /// One run: which scale protocol, how many stalls, how many trades to wait for.
        struct Scenario: Sendable, CustomTestStringConvertible {
            /// Scale protocol of every stall.
            var scaleProtocol: String
            /// Number of simulated stalls (each its own `simulate stall` process).
            var stalls: Int
            /// Acknowledged trades to wait for before stopping.
            var trades: Int
            /// Shown in the test report.
            var testDescription: String { "\(scaleProtocol), \(stalls) stall(s), \(trades) trades" }
        }

        /// xk3190-tf0 sends continuously without a stability flag; mt-sics is polled (the daemon writes
        /// `SI`); A&D sends continuously with ST/US flags.
        static let scenarios = [
            Scenario(scaleProtocol: "xk3190-tf0", stalls: 2, trades: 5),
            Scenario(scaleProtocol: "mt-sics", stalls: 2, trades: 4),
            Scenario(scaleProtocol: "and", stalls: 1, trades: 2),
        ]

        /// The daemon's JSON lines and `trades list --json` agree record for record.
        @Test("trades printed by the daemon are exactly the trades in the ledger", arguments: scenarios)
        func acknowledgedTradesAreTheLedger(_ scenario: Scenario) async throws {
            let directory = try ScratchDirectory("e2e-\(scenario.scaleProtocol)")
            defer { directory.remove() }
            let stalls = (1...scenario.stalls).map {
                TestGateway.stall($0, in: directory, scaleProtocol: scenario.scaleProtocol)
            }
            var simulators: [SimulatedStall] = []
            defer { for simulator in simulators { simulator.kill() } }
            for (index, stall) in stalls.enumerated() {
                simulators.append(try await SimulatedStall(stall, in: directory, seed: UInt64(7 + index)))
            }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml)

            let daemon = try GatewayDaemon(configurationPath: configuration, in: directory)
            defer { daemon.kill() }
            _ = try await daemon.waitUntilReady()
            try await daemon.waitForTrades(scenario.trades)
            let status = try await daemon.stop()
            #expect(status == 0, "SIGTERM must stop the daemon cleanly\n\(daemon.process.standardErrorTail)")
            // Read after the exit: a trade acknowledged while it was stopping counts too.
            let acknowledged = try daemon.acknowledgedTrades()
            #expect(acknowledged.count >= scenario.trades)

            let ledger = LedgerCommands(ledgerPath: ledgerPath, directory: directory)
            let recorded = try await ledger.trades()
            #expect(recorded.map(\.trace_code) == acknowledged.sorted { $0.id < $1.id }.map(\.trace_code))
            #expect(recorded == acknowledged.sorted { $0.id < $1.id }, "printed and stored trades differ")
            for stall in stalls {
                // Each station prints its own trades in the order they were committed.
                let printed = acknowledged.filter { $0.station == stall.station }.map(\.trace_code)
                let stored = recorded.filter { $0.station == stall.station }.map(\.trace_code)
                #expect(printed == stored, "\(stall.station) printed \(printed), ledger has \(stored)")
                #expect(recorded.allSatisfy { $0.station != stall.station || $0.operator_code == stall.operatorCode })
            }
            if scenario.stalls == 1 { #expect(acknowledged.map(\.trace_code) == recorded.map(\.trace_code)) }
            #expect(recorded.allSatisfy { $0.product_code == "10010001" && $0.unit_price_fen == 3000 })
            LedgerExpectations.expectWellFormed(recorded, operators: Set(stalls.map(\.operatorCode)))

            let verification = try await ledger.verify()
            #expect(verification.status == 0, "\(verification)")
        }
    }
}
