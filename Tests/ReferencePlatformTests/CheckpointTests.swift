import Foundation
import GRDB
import Testing

@testable import ReferencePlatform

/// The platform's WAL is checkpointed beside requests, not inside them, and still stays short.
@Suite("WAL checkpoints off the request path", .timeLimit(.minutes(1)))
struct CheckpointTests {
    /// 24,000 trades in 48 commits: with the checkpointer running the WAL file stays a few MB and every trade is
    /// stored; without it (the commit hook has replaced SQLite's automatic checkpoint) the WAL holds everything.
    @Test func checkpointerKeepsTheWALShort() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tracegate-wal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        func walBytes(running: Bool, name: String) async throws -> (wal: Int, stored: Int) {
            let path = directory.appendingPathComponent(name).path
            let store = try PlatformStore(path: path)
            let service = running ? Task { try await store.checkpointer.run() } : nil
            for batch in 0..<48 {
                let trades = (0..<500).map { Fixtures.trade(1 + batch * 500 + $0) }
                let items = trades.map {
                    PlatformStore.Incoming(
                        trade: PlatformTrade(
                            traceCode: $0.traceCode, station: $0.draft.station, stationKind: "retail_sale",
                            nodeCode: "330102001", nodeName: "市场", operatorCode: $0.draft.operatorCode,
                            productCode: $0.draft.productCode, productName: $0.draft.productName, grams: 1234,
                            unitPriceFen: 3000, amountFen: 3702, parents: ["37060000400010000003"], buyer: "",
                            committedAt: "2026-11-23T03:00:00.000Z", utcOffset: "+08:00", ledgerID: $0.id,
                            prevHash: $0.prevHash, hash: $0.hash),
                        eventID: nil)
                }
                let outcome = try await store.record(
                    items, plans: Array(repeating: .store, count: items.count), format: "tracegate-v1",
                    batch: "batch-\(batch)", allOrNothing: false)
                #expect(outcome.statuses.allSatisfy { $0 == .accepted })
                // Give the checkpointer a moment now and then, as the time between requests does.
                if batch % 4 == 3 { try await Task.sleep(for: .milliseconds(20)) }
            }
            service?.cancel()
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            let stored = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trade") }
            return (wal, stored ?? 0)
        }

        let without = try await walBytes(running: false, name: "without.sqlite")
        let with = try await walBytes(running: true, name: "with.sqlite")
        #expect(with.stored == 24_000 && without.stored == 24_000)
        // 4× the 1,000-page threshold plus a few commits of 4 KiB pages.
        #expect(with.wal < 8_000 * 4_120, "WAL \(with.wal) bytes with the checkpointer")
        #expect(with.wal * 2 < without.wal, "WAL \(with.wal) bytes with the checkpointer, \(without.wal) without")
    }
}
