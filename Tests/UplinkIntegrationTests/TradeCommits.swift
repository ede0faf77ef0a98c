import Foundation
import Ledger
import TraceModel
import TradeLogic

/// A draft for stall `stall` (each stall has its own operator, so its own trace codes).
func integrationDraft(stall: Int, index: Int) -> TradeDraft {
    TradeDraft(
        station: "stall-\(stall)", nodeCode: "330102001", operatorCode: "330102001000\(stall + 1)",
        productCode: "10010001", productName: "猪肉", grams: Int64(500 + index % 5_000), unitPriceFen: 3600,
        amountFen: Int64(500 + index % 5_000) * 36 / 10, parents: ["37060000400010000003"])
}

/// Commits `count` trades round-robin over `stations` stalls, up to 200 at a time so group commit shares the
/// fsyncs; returned in commit order.
@discardableResult
func commitTrades(_ ledger: TradeLedger, count: Int, stations: Int) async throws -> [Trade] {
    var trades: [Trade] = []
    var next = 0
    while next < count {
        let chunk = next..<min(count, next + 200)
        trades += try await withThrowingTaskGroup(of: Trade.self) { group in
            for index in chunk {
                group.addTask { try await ledger.commit(integrationDraft(stall: index % stations, index: index)) }
            }
            var committed: [Trade] = []
            for try await trade in group { committed.append(trade) }
            return committed
        }
        next = chunk.upperBound
    }
    return trades.sorted { $0.id < $1.id }
}

/// The trace codes of `trades` grouped by station, each list in commit order.
func commitOrderByStation(_ trades: [Trade]) -> [String: [String]] {
    Dictionary(grouping: trades.sorted { $0.id < $1.id }, by: \.draft.station).mapValues { $0.map(\.traceCode) }
}

/// Where `arrived` first differs from `expected` (nil when equal), short enough for a test message.
func firstDifference(_ arrived: [String], _ expected: [String]) -> String? {
    guard arrived != expected else { return nil }
    let common = min(arrived.count, expected.count)
    let index = (0..<common).first { arrived[$0] != expected[$0] } ?? common
    let got = index < arrived.count ? arrived[index] : "nothing"
    let want = index < expected.count ? expected[index] : "nothing"
    return "at \(index) of \(expected.count): arrived \(got), committed \(want) (arrived \(arrived.count) in all)"
}
