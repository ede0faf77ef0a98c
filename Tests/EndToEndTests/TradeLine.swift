import Foundation

/// One trade as `tracegate run --json` and `tracegate trades list --json` print it. Decoded here
/// from the printed text, not through the product's own type, so the tests check the contract.
struct TradeLine: Decodable, Hashable, Sendable {
    /// Ledger order.
    var id: Int64
    /// 追溯码.
    var trace_code: String
    /// Station id.
    var station: String
    /// Operator (stall holder) code, 13 digits.
    var operator_code: String
    /// Product code.
    var product_code: String
    /// Net weight.
    var grams: Int64
    /// Fen per kg.
    var unit_price_fen: Int64
    /// Fen.
    var amount_fen: Int64
    /// Sources (来源) scanned before the trade.
    var parents: [String]
    /// RFC 3339 commit time.
    var committed_at: String
    /// Previous trade's hash.
    var prev_hash: String
    /// This trade's hash.
    var hash: String
    /// Committed earlier than the trade before it: the wall clock was set back.
    var clock_went_back: Bool

    /// The sequence number in a `{operator}{seq:7}` code: its last seven digits.
    var sequence: Int { Int(trace_code.suffix(7)) ?? -1 }

    /// Parses JSON lines; throws naming the first line that is not a trade.
    static func parse(_ lines: [String]) throws -> [TradeLine] {
        try lines.filter { !$0.isEmpty }.map { line in
            do {
                return try JSONDecoder().decode(TradeLine.self, from: Data(line.utf8))
            } catch {
                throw TestFailure("not a trade JSON line (\(error)): \(line)")
            }
        }
    }
}
