import Foundation
import TraceModel
import Uplink

/// The JSON form of a trade, shared by `tracegate trades list --json`, `trades show` and the local API.
/// Keys are snake_case; times are RFC 3339 in UTC with the local offset recorded beside them.
public struct TradeJSON: Codable, Sendable, Hashable {
    /// Ledger order.
    public var id: Int64
    /// 追溯码.
    public var trace_code: String
    /// Station id.
    public var station: String
    /// Node code.
    public var node_code: String
    /// Operator code.
    public var operator_code: String
    /// Product code.
    public var product_code: String
    /// Product name.
    public var product_name: String
    /// Grams.
    public var grams: Int64
    /// Fen per kg.
    public var unit_price_fen: Int64
    /// Fen.
    public var amount_fen: Int64
    /// Sources (来源).
    public var parents: [String]
    /// Buyer card or code; empty when none.
    public var buyer: String
    /// Commit time, RFC 3339 UTC with milliseconds.
    public var committed_at: String
    /// Local offset at commit time, e.g. "+08:00".
    public var utc_offset: String
    /// `committed_at` is earlier than the previous trade's: the gateway's wall clock was set back.
    public var clock_went_back: Bool
    /// Previous trade's hash.
    public var prev_hash: String
    /// This trade's hash.
    public var hash: String

    /// Converts a trade.
    public init(_ trade: Trade) {
        id = trade.id
        trace_code = trade.traceCode
        station = trade.draft.station
        node_code = trade.draft.nodeCode
        operator_code = trade.draft.operatorCode
        product_code = trade.draft.productCode
        product_name = trade.draft.productName
        grams = trade.draft.grams
        unit_price_fen = trade.draft.unitPriceFen
        amount_fen = trade.draft.amountFen
        parents = trade.draft.parents
        buyer = trade.draft.buyer
        committed_at = Self.rfc3339(trade.committedAt)
        utc_offset = Self.offset(trade.utcOffsetSeconds)
        clock_went_back = trade.clockWentBack
        prev_hash = trade.prevHash
        hash = trade.hash
    }

    /// One line of JSON with keys in a stable order.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `2026-11-22T10:15:30.123Z`: the ledger's whole milliseconds, as the uplink sends them (a `Date` read back
    /// from the ledger may lie a hair below its millisecond, so the time is rounded, never truncated).
    public static func rfc3339(_ date: Date) -> String { WireTime.utc(date) }

    /// `+08:00`.
    public static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return String(format: "%@%02d:%02d", sign, magnitude / 3600, (magnitude % 3600) / 60)
    }
}

/// The one-line human form of a trade, as `demo` and `run` print it.
public enum TradeText {
    /// `33010200100010000027  stall-1  猪后腿肉 1.234 kg × 30.00 元/kg = 37.02 元  ← 3301…`.
    public static func line(_ trade: Trade) -> String {
        let d = trade.draft
        let kg = String(format: "%.3f", Double(d.grams) / 1000)
        let price = String(format: "%.2f", Double(d.unitPriceFen) / 100)
        let amount = String(format: "%.2f", Double(d.amountFen) / 100)
        var text = "\(trade.traceCode)  \(d.station)  \(d.productName) \(kg) kg × \(price) 元/kg = \(amount) 元"
        if !d.parents.isEmpty { text += "  ← \(d.parents.joined(separator: ", "))" }
        if trade.clockWentBack { text += "  [clock went back: committed earlier than the trade before it]" }
        return text
    }
}
