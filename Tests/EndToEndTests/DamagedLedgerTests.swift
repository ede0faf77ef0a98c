import Foundation
import Testing

extension TraceGateProcessTests {
    /// A ledger with trades: looking up a code that is not there, and a ledger file damaged while the
    /// daemon was stopped.
    @Suite("Ledger lookups and a damaged ledger")
    struct DamagedLedgerTests {
        /// `trades show` of a missing code fails naming it; garbage in the file makes `run` refuse.
        @Test("trades show of an unknown code fails clearly; a damaged ledger is moved aside and refused")
        func unknownCodeAndDamagedLedger() async throws {
            let directory = try ScratchDirectory("damaged-ledger")
            defer { directory.remove() }
            let stall = TestGateway.stall(1, in: directory)
            let simulator = try await SimulatedStall(stall, in: directory, seed: 9)
            defer { simulator.kill() }
            let ledgerPath = directory.file("ledger.db")
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: [stall]).yaml)
            let daemon = try GatewayDaemon(configurationPath: configuration, in: directory)
            defer { daemon.kill() }
            _ = try await daemon.waitUntilReady()
            let first = try await daemon.waitForTrades(1)[0]
            #expect(try await daemon.stop() == 0, "\(daemon.process.standardErrorTail)")

            // (d) Lookups by code.
            let missing = try await ChildProcess.run(["trades", "show", "NOPE", "--ledger", ledgerPath], in: directory)
            #expect(missing.status != 0, "\(missing)")
            #expect(missing.standardError.contains("NOPE") && missing.standardError.contains(ledgerPath), "\(missing)")
            #expect(missing.standardOutput.isEmpty, "\(missing)")
            let found = try await ChildProcess.run(
                ["trades", "show", first.trace_code, "--config", configuration], in: directory)
            #expect(found.status == 0, "\(found)")
            let shown = try JSONDecoder().decode(TradeLine.self, from: Data(found.standardOutput.utf8))
            #expect(shown == first)

            // (e) Garbage over the middle of the file, the first (header) page left alone.
            let size = try #require(try FileManager.default.attributesOfItem(atPath: ledgerPath)[.size] as? Int)
            let handle = try #require(FileHandle(forWritingAtPath: ledgerPath))
            let start = UInt64(max(4096, size / 2 - 2048))
            try handle.seek(toOffset: start)
            var generator = TestSeed("garbage over the ledger")
            handle.write(
                Data((0..<min(8192, size - Int(start))).map { _ in UInt8.random(in: 0...255, using: &generator) }))
            try handle.close()

            let refused = try GatewayDaemon(
                configurationPath: configuration, in: directory, name: "daemon on damaged ledger")
            defer { refused.kill() }
            let status = try await refused.process.waitForExit()
            let message = refused.process.standardError
            #expect(status != 0, "\(message)")
            #expect(message.contains(ledgerPath) && message.contains("moved aside"), "\(message)")
            #expect(refused.process.standardOutput.isEmpty)
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(entries.contains { $0.hasPrefix("ledger.db.damaged-") }, "\(entries)")
            #expect(!FileManager.default.fileExists(atPath: ledgerPath), "no new ledger may replace the damaged one")

            // Started again, it still refuses rather than begin an empty ledger that would reissue codes.
            let again = try await ChildProcess.run(
                ["run", "--config", configuration, "--api-port", "0"], in: directory)
            #expect(again.status != 0, "\(again)")
            #expect(!FileManager.default.fileExists(atPath: ledgerPath), "\(again)")
        }
    }
}
