import Uplink

/// A stop-trade order (`GET /v1/master/stop-orders`): goods whose source code, or any parent's, is `code` must be
/// refused at every stall.
public struct StopOrder: Sendable, Hashable, Codable {
    /// A supplier trace code or a batch/lot code.
    public var code: String
    /// Why, for the operator (e.g. `瘦肉精 positive 2026-11-20`).
    public var reason: String
    /// When the order was issued, RFC 3339 UTC with milliseconds.
    public var issuedAt: String

    /// Creates an order.
    public init(code: String, reason: String, issuedAt: String) {
        self.code = code
        self.reason = reason
        self.issuedAt = issuedAt
    }

    enum CodingKeys: String, CodingKey {
        case code, reason
        case issuedAt = "issued_at"
    }

    /// As published.
    var json: OrderedJSON {
        .object([("code", .string(code)), ("reason", .string(reason)), ("issued_at", .string(issuedAt))])
    }
}
