import Delivery
import Foundation
import Ledger
import Synchronization
import TraceModel
import TradeLogic

/// A temporary ledger file for one test.
struct DeliverySandbox {
    /// The directory.
    let directory: URL

    /// Creates an empty sandbox.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The ledger path.
    var ledgerPath: String { directory.appendingPathComponent("ledger.db").path }

    /// Opens (or reopens) the ledger.
    func open(maxBytes: Int64? = nil) throws -> TradeLedger {
        try TradeLedger(
            configuration: LedgerConfiguration(path: ledgerPath, maxBytes: maxBytes),
            clock: ManualWallClock(start: Date(timeIntervalSince1970: 1_795_312_800)))
    }

    /// Removes everything.
    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// Sleeps that return at once and remember how long they were asked to be.
final class RecordedSleeps: Sendable {
    /// Durations requested so far.
    private let durations = Mutex<[Duration]>([])

    /// All requested durations.
    var all: [Duration] { durations.withLock { $0 } }

    /// An environment using these sleeps and a seeded generator.
    func environment(seed: UInt64) -> DeliveryEnvironment {
        DeliveryEnvironment(
            now: { Date(timeIntervalSince1970: 1_795_312_800) },
            sleep: { [self] duration in
                self.durations.withLock { $0.append(duration) }
                await Task.yield()
            },
            makeRandom: { SeededRandom(seed: seed) })
    }
}

/// Commits `count` trades spread over `stations` stalls (each stall has its own operator, so its own codes),
/// up to 100 at a time so group commit shares the fsyncs; returned in commit order.
@discardableResult
func commitTrades(_ ledger: TradeLedger, count: Int, stations: Int = 3) async throws -> [Trade] {
    var trades: [Trade] = []
    var next = 0
    while next < count {
        let chunk = next..<min(count, next + 100)
        trades += try await withThrowingTaskGroup(of: Trade.self) { group in
            for index in chunk {
                let stall = index % stations
                let draft = TradeDraft(
                    station: "stall-\(stall)", nodeCode: "330102001", operatorCode: "330102001000\(stall + 1)",
                    productCode: "10010001", productName: "猪肉", grams: Int64(500 + index), unitPriceFen: 3600,
                    amountFen: Int64(500 + index) * 36 / 10, parents: ["37060000400010000003"])
                group.addTask { try await ledger.commit(draft) }
            }
            var committed: [Trade] = []
            for try await trade in group { committed.append(trade) }
            return committed
        }
        next = chunk.upperBound
    }
    return trades.sorted { $0.id < $1.id }
}

/// Runs `service` until `done()` holds (checked every few milliseconds, at most `maxChecks` times), then stops it.
/// Returns whether `done()` held.
func runService(_ service: DeliveryService, maxChecks: Int = 5_000, until done: @escaping @Sendable () throws -> Bool)
    async throws -> Bool
{
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await service.run()
            return false
        }
        group.addTask {
            for _ in 0..<maxChecks {
                if try done() { return true }
                try await Task.sleep(for: .milliseconds(2))
            }
            return false
        }
        let result = try await group.next() ?? false
        group.cancelAll()
        return result
    }
}
