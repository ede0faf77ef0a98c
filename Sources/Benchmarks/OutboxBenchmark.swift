import Delivery
import Foundation
import Ledger
import TraceModel
import Uplink

/// Measures how fast a backlog drains (`tracegate-tools bench outbox`): N pending trades in a NEW ledger, delivered
/// through the real `DeliveryService` to an in-memory platform that accepts everything. The figure covers the
/// outbox's own work — reading pending trades in commit order, cutting batches, recording outcomes durably —
/// not HTTP or encoding.
public enum OutboxBenchmark {
    /// The figures of one run.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        /// Trades drained.
        public var trades: Int
        /// Trades per batch.
        public var batchTrades: Int
        /// Seconds to fill the backlog (not measured as drain).
        public var fillSeconds: Double
        /// Seconds from start of delivery to nothing pending.
        public var drainSeconds: Double
        /// Trades delivered per second.
        public var tradesPerSecond: Double

        /// One line for the CLI.
        public var description: String {
            String(
                format: "%d pending trades drained in batches of %d: %.3f s, %.0f trades/s (backlog filled in %.1f s)",
                trades, batchTrades, drainSeconds, tradesPerSecond, fillSeconds)
        }
    }

    /// Commits `trades` synthetic trades into a NEW ledger at `path` (refused if it exists), then drains them.
    public static func run(path: String, trades: Int, batchTrades: Int) async throws -> Result {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(
                kind: .invalidConfiguration,
                message: "benchmark ledger \(path) already exists; give a path to a new file.")
        }
        let ledger = try TradeLedger(configuration: LedgerConfiguration(path: path))
        let clock = ContinuousClock()
        let fillStart = clock.now
        try await fill(ledger, trades: trades)
        let fillSeconds = seconds(clock.now - fillStart)
        let transport = AcceptingTransport(
            platformName: "bench", limits: UplinkBatchLimits(maxTrades: batchTrades, maxBytes: .max))
        let service = DeliveryService(
            transport: transport, ledger: ledger,
            policy: DeliveryPolicy(maxBatchTrades: batchTrades, maxBatchBytes: .max))
        let drainStart = clock.now
        let drained = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await service.run()
                return false
            }
            group.addTask {
                // Watch the service's in-memory counter (cheap; the service itself never polls), then confirm
                // with the ledger that nothing is pending.
                while service.snapshot.acceptedSinceStart < trades {
                    try await Task.sleep(for: .milliseconds(2))
                }
                return try ledger.reader.deliveryStatus(platform: "bench").pendingCount == 0
            }
            let done = try await group.next() ?? false
            group.cancelAll()
            return done
        }
        let drainSeconds = seconds(clock.now - drainStart)
        try await ledger.close()
        guard drained else { throw LedgerError(kind: .storage, message: "the delivery service stopped early") }
        return Result(
            trades: trades, batchTrades: batchTrades, fillSeconds: fillSeconds, drainSeconds: drainSeconds,
            tradesPerSecond: drainSeconds > 0 ? Double(trades) / drainSeconds : 0)
    }

    /// Commits `trades` synthetic retail pork sales (operator 3301020010001, node 330102001) into `ledger` from
    /// `workers` concurrent tasks, so group commit fills a backlog quickly (`tracegate-tools bench outbox`, `bench uplink`).
    public static func fill(_ ledger: TradeLedger, trades: Int, workers: Int = 64) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: trades, by: workers) {
                        _ = try await ledger.commit(sampleDraft(worker: worker, index: index))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Seconds in a duration.
    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A plausible retail pork sale.
    public static func sampleDraft(worker: Int, index: Int) -> TradeDraft {
        TradeDraft(
            station: "bench-\(worker)", nodeCode: "330102001", operatorCode: "3301020010001",
            productCode: "10010001", productName: "猪肉 pork", grams: Int64(500 + index % 1000), unitPriceFen: 2800,
            amountFen: Int64(500 + index % 1000) * 2800 / 1000, parents: ["33010200100010000001"])
    }
}
