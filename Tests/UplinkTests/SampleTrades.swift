import Foundation
import TraceModel
import Uplink

/// Trades and a node shared by the Uplink tests.
enum SampleTrades {
    /// Retail market 330102001 with one slaughter-kind station for mapping tests.
    static let node = UplinkNode(
        code: "330102001", name: "杭州某农贸市场", kind: .retail_market, stationKinds: ["line-1": .slaughter])

    /// 2026-11-22T10:15:30.123Z.
    static let time = Date(timeIntervalSince1970: 1_795_342_530.123)

    /// A trade with the given code, grams and parents.
    static func trade(
        _ serial: Int, grams: Int64 = 1234, parents: [String] = ["33010200100020000001"], station: String = "stall-1",
        name: String = "猪后腿肉", buyer: String = ""
    ) -> Trade {
        let code = "3301020010001" + String(repeating: "0", count: 7 - String(serial).count) + String(serial)
        return Trade(
            id: Int64(serial), traceCode: code,
            draft: TradeDraft(
                station: station, nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
                productName: name, grams: grams, unitPriceFen: 3000, amountFen: (grams * 3000 + 500) / 1000,
                parents: parents, buyer: buyer),
            committedAt: time.addingTimeInterval(Double(serial)), utcOffsetSeconds: 8 * 3600,
            prevHash: String(repeating: "0", count: 64), hash: String(repeating: "a", count: 64))
    }
}
