import Foundation
import Ledger
import Testing
import TraceModel

extension TraceGateProcessTests {
    /// `tracegate sync` and `tracegate outbox` with the daemon stopped: they read (and for `retry`, write) the
    /// ledger directly, and `sync now` says clearly that no gateway answers.
    @Suite("Sync and outbox commands without a daemon")
    struct OutboxCommandTests {
        @Test("sync status and outbox list read the ledger; outbox retry reopens a rejected trade; sync now explains")
        func commandsWorkWithTheDaemonStopped() async throws {
            let directory = try ScratchDirectory("outbox-commands")
            defer { directory.remove() }
            let ledgerPath = directory.file("ledger.db")
            let ledger = try TradeLedger(configuration: LedgerConfiguration(path: ledgerPath))
            var trades: [Trade] = []
            for _ in 0..<3 {
                trades.append(
                    try await ledger.commit(
                        TradeDraft(
                            station: "stall-1", nodeCode: "330102001", operatorCode: "3301020010001",
                            productCode: "10010001", productName: "猪肉", grams: 1000, unitPriceFen: 3000,
                            amountFen: 3000, parents: [])))
            }
            try await ledger.recordOutcomes(
                platform: "city", batchID: "b",
                results: [
                    DeliveryResult(tradeID: trades[0].id, outcome: .accepted),
                    DeliveryResult(tradeID: trades[1].id, outcome: .rejected(reason: "product not filed")),
                ], at: Date())
            try await ledger.close()
            let common = ["--ledger", ledgerPath, "--config", directory.file("missing.yaml")]

            let status = try await ChildProcess.run(["sync", "status", "--json"] + common, in: directory)
            #expect(status.status == 0, "\(status)")
            #expect(status.standardOutput.contains("\"pending\" : 1"), "\(status)")
            #expect(status.standardOutput.contains("\"rejected\" : 1"), "\(status)")
            #expect(status.standardOutput.contains("\"platform\" : \"city\""), "\(status)")

            let rejected = try await ChildProcess.run(
                ["outbox", "list", "--state", "rejected"] + common, in: directory)
            #expect(rejected.status == 0, "\(rejected)")
            #expect(rejected.standardOutput.contains(trades[1].traceCode), "\(rejected)")
            #expect(rejected.standardOutput.contains("product not filed"), "\(rejected)")

            let now = try await ChildProcess.run(
                ["sync", "now", "--api", "http://127.0.0.1:9"] + common, in: directory)
            #expect(now.status != 0, "\(now)")
            #expect(now.standardError.contains("does not answer"), "\(now)")

            let retry = try await ChildProcess.run(
                ["outbox", "retry", trades[1].traceCode, "--platform", "city"] + common, in: directory)
            #expect(retry.status == 0, "\(retry)")
            #expect(retry.standardOutput.contains("pending again for city"), "\(retry)")
            let pending = try await ChildProcess.run(
                ["outbox", "list", "--state", "pending", "--json"] + common, in: directory)
            #expect(pending.standardOutput.contains(trades[1].traceCode), "\(pending)")
            #expect(pending.standardOutput.contains(trades[2].traceCode), "\(pending)")
            #expect(!pending.standardOutput.contains(trades[0].traceCode), "\(pending)")

            let again = try await ChildProcess.run(
                ["outbox", "retry", trades[0].traceCode, "--platform", "city"] + common, in: directory)
            #expect(again.status != 0, "\(again)")
            #expect(again.standardError.contains("not rejected by platform city"), "\(again)")
        }
    }
}
