import Foundation
import Ledger
import TraceModel

/// Measures durable commit throughput and latency on a fresh ledger (`tracegate-tools bench ledger`).
public enum LedgerBenchmark {
    /// The figures of one run.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        /// Trades committed.
        public var trades: Int
        /// Concurrent committing tasks.
        public var concurrency: Int
        /// Wall time from the first commit to the last acknowledgement, in seconds.
        public var seconds: Double
        /// Durable trades per second.
        public var tradesPerSecond: Double
        /// Median time from `commit` call to acknowledgement, in milliseconds.
        public var p50LatencyMilliseconds: Double
        /// 99th-percentile commit latency, in milliseconds.
        public var p99LatencyMilliseconds: Double

        /// One line for the CLI.
        public var description: String {
            String(
                format: "%d trades, %d concurrent: %.3f s, %.0f trades/s, commit latency p50 %.2f ms, p99 %.2f ms",
                trades, concurrency, seconds, tradesPerSecond, p50LatencyMilliseconds, p99LatencyMilliseconds)
        }
    }

    /// Commits `trades` synthetic trades from `concurrency` tasks into a NEW ledger at `path`
    /// (refused if the file exists, so a real ledger is never touched) and measures them.
    public static func run(path: String, trades: Int, concurrency: Int) async throws -> Result {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(
                kind: .invalidConfiguration,
                message: "benchmark ledger \(path) already exists; give a path to a new file.")
        }
        let workers = max(1, concurrency)
        let ledger = try TradeLedger(configuration: LedgerConfiguration(path: path))
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<workers {
                let share = trades / workers + (worker < trades % workers ? 1 : 0)
                group.addTask {
                    var mine: [Duration] = []
                    mine.reserveCapacity(share)
                    for index in 0..<share {
                        let begun = clock.now
                        _ = try await ledger.commit(sampleDraft(worker: worker, index: index))
                        mine.append(clock.now - begun)
                    }
                    return mine
                }
            }
            var all: [Duration] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let elapsed = clock.now - start
        try await ledger.close()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
            return Double(value.components.seconds) * 1000 + Double(value.components.attoseconds) / 1e15
        }
        return Result(
            trades: latencies.count, concurrency: workers, seconds: seconds,
            tradesPerSecond: seconds > 0 ? Double(latencies.count) / seconds : 0,
            p50LatencyMilliseconds: percentile(0.5), p99LatencyMilliseconds: percentile(0.99))
    }

    /// A plausible retail pork sale.
    private static func sampleDraft(worker: Int, index: Int) -> TradeDraft {
        TradeDraft(
            station: "bench-\(worker)", nodeCode: "330102001", operatorCode: "3301020010001",
            productCode: "10010001", productName: "猪肉 pork", grams: Int64(500 + index % 1000),
            unitPriceFen: 2800, amountFen: Int64(500 + index % 1000) * 2800 / 1000, parents: ["33010200100010000001"])
    }
}
