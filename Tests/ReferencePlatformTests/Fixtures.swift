import Foundation
import TraceModel
import Uplink

/// Trades and a node for the platform tests.
enum Fixtures {
    /// A retail market node.
    static let node = UplinkNode(code: "330102001", name: "杭州测试农贸市场", kind: .retail_market)

    /// The 20-digit trace code of serial `n` of operator 3301020010001.
    static func code(_ n: Int) -> String {
        let serial = String(n)
        return "3301020010001" + String(repeating: "0", count: 7 - serial.count) + serial
    }

    /// A committed trade.
    static func trade(
        _ n: Int, station: String = "stall-1", parents: [String] = [], productName: String = "猪后腿肉",
        grams: Int64 = 1234, code: String? = nil
    ) -> Trade {
        let draft = TradeDraft(
            station: station, nodeCode: node.code, operatorCode: "3301020010001", productCode: "10010001",
            productName: productName, grams: grams, unitPriceFen: 3000, amountFen: grams * 3000 / 1000,
            parents: parents, buyer: "")
        let hash = String(repeating: String(n % 10), count: 64)
        return Trade(
            id: Int64(n), traceCode: code ?? self.code(n), draft: draft,
            committedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(n)), utcOffsetSeconds: 8 * 3600,
            prevHash: String(repeating: "0", count: 64), hash: hash)
    }

    /// Trades `range` at one station.
    static func trades(_ range: ClosedRange<Int>, station: String = "stall-1") -> [Trade] {
        range.map { trade($0, station: station) }
    }
}
