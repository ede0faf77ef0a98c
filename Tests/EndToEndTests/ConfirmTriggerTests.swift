import Testing

extension TraceGateProcessTests {
    /// Stations with `trigger: confirm` record a trade only when `tracegate confirm` asks, and refuse
    /// with exit status 3 and the reason when the scale is not ready.
    @Suite("Confirm trigger through tracegate confirm")
    struct ConfirmTriggerTests {
        /// Refused (exit 3) on an empty scale and right after a trade; recorded once an item has settled.
        @Test("confirm records the weight on the scale; confirm without a ready weight is refused")
        func confirmRecordsOrRefuses() async throws {
            let directory = try ScratchDirectory("confirm")
            defer { directory.remove() }
            let weighing = TestGateway.stall(1, in: directory, trigger: "confirm")
            // Stall 2's devices never appear: its scale never has a weight, so a confirm is always refused.
            let idle = TestGateway.stall(2, in: directory, trigger: "confirm")
            let simulator = try await SimulatedStall(weighing, in: directory, seed: 5)
            defer { simulator.kill() }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: [weighing, idle]).yaml)
            let daemon = try GatewayDaemon(configurationPath: configuration, in: directory)
            defer { daemon.kill() }
            let port = try await daemon.waitUntilReady()
            let api = "http://127.0.0.1:\(port)"

            let refused = try await ChildProcess.run(
                ["confirm", "--station", idle.station, "--api", api], in: directory)
            #expect(refused.status == 3, "\(refused)")
            #expect(refused.standardError.hasPrefix("refused: "), "\(refused)")
            #expect(refused.standardOutput.isEmpty, "\(refused)")

            // Ask until an item has settled on the scale: refusals in between are expected.
            var attempts: [ProcessResult] = []
            let recorded = try await Polling.until(
                "a confirm on \(weighing.station) to be recorded", interval: .milliseconds(100),
                evidence: { attempts.suffix(3).map(\.description).joined(separator: "\n") }
            ) {
                let result = try await ChildProcess.run(
                    ["confirm", "--station", weighing.station, "--api", api], in: directory)
                attempts.append(result)
                if result.status == 0 { return result }
                if result.status != 3 || !result.standardError.hasPrefix("refused: ") {
                    throw TestFailure("confirm failed otherwise than by a refusal: \(result)")
                }
                return nil
            }
            #expect(recorded.standardOutput.hasPrefix("recorded "), "\(recorded)")
            // `recorded 33010200100010000001: 猪后腿肉 1234 g, 3702 fen`
            let code = String(recorded.standardOutput.dropFirst("recorded ".count).prefix { $0 != ":" })

            // The item that was just recorded cannot be recorded again.
            let again = try await ChildProcess.run(
                ["confirm", "--station", weighing.station, "--api", api], in: directory)
            #expect(again.status == 3, "\(again)")
            #expect(again.standardError.hasPrefix("refused: "), "\(again)")

            let unknown = try await ChildProcess.run(["confirm", "--station", "nope", "--api", api], in: directory)
            #expect(unknown.status != 0 && unknown.standardError.contains("nope"), "\(unknown)")

            let acknowledged = try await daemon.waitForTrades(1)
            #expect(try await daemon.stop() == 0, "\(daemon.process.standardErrorTail)")
            #expect(acknowledged.map(\.trace_code) == [code])
            #expect(code == weighing.operatorCode + "0000001")
            let ledger = try await LedgerCommands(ledgerPath: ledgerPath, directory: directory).trades()
            // Stable weights came and went while we asked: with `confirm` none of them became a trade alone.
            #expect(ledger.map(\.trace_code) == [code])
        }
    }
}
