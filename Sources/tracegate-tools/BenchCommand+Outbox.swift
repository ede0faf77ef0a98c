import ArgumentParser
import Benchmarks
import CommandSupport
import Delivery
import Foundation

extension BenchCommand {
    /// `tracegate-tools bench outbox`: how fast a backlog of pending trades drains.
    struct OutboxDrain: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "Fill a new ledger with pending trades, drain them through the delivery service; print trades/s.",
            discussion: """
                The platform is in memory and accepts everything, so the figure is the outbox's own cost: reading
                pending trades in commit order, cutting batches and recording outcomes durably (one transaction and
                fsync per batch). Filling the backlog is not measured.
                """)

        @Option(help: "Pending trades to drain.")
        var trades: Int = 1_000_000

        @Option(help: "Trades per batch.")
        var batch: Int = 1000

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.atLeast(1, trades, "trades")
            try OptionCheck.atLeast(1, batch, "batch")
        }

        func measure(in scratch: BenchDirectory) async throws {
            printError("tracegate-tools bench outbox: filling \(trades) trades in \(scratch.path)")
            let path = scratch.newLedgerPath("outbox-\(trades)")
            let result = try await OutboxBenchmark.run(path: path, trades: trades, batchTrades: batch)
            print("outbox: \(result)")
        }
    }
}
