import Foundation

/// Stop-trade orders (`GET /v1/master/stop-orders`, master data contract):
/// `{"version":…,"orders":[{"code","reason","issued_at"}]}`. Goods whose source code, or any parent's, is
/// listed must be refused at every stall.
public struct StopTradeOrders: MasterDataDocument {
    /// `stop-orders`.
    public static let documentName = "stop-orders"

    /// One order.
    public struct Order: Sendable, Hashable {
        /// A supplier trace code or a batch/lot code.
        public var code: String
        /// Why, for the operator (e.g. `瘦肉精 positive 2026-11-20`).
        public var reason: String
        /// When the platform issued it.
        public var issuedAt: Date

        /// Creates an order.
        public init(code: String, reason: String, issuedAt: Date) {
            self.code = code
            self.reason = reason
            self.issuedAt = issuedAt
        }
    }

    /// The platform's version (ETag without quotes).
    public var version: String
    /// Orders in the platform's order.
    public var orders: [Order]

    /// Creates a list.
    public init(version: String, orders: [Order]) {
        self.version = version
        self.orders = orders
    }

    /// The first order that stops goods with these codes (the goods' own source code and all its parents).
    public func order(stopping codes: [String]) -> Order? {
        let wanted = Set(codes)
        return orders.first { wanted.contains($0.code) }
    }

    /// Parses the JSON body. `issued_at` must be RFC 3339 with an offset or `Z`; codes must not be empty.
    /// A code listed twice is kept once (the first), since both orders stop the same goods.
    public static func parse(_ body: [UInt8]) throws(MasterDataError) -> StopTradeOrders {
        let wire = try MasterDataJSON.decode(Wire.self, body, document: documentName)
        var seen: Set<String> = []
        var orders: [Order] = []
        for (index, entry) in wire.orders.enumerated() {
            func fail(_ message: String) -> MasterDataError {
                MasterDataError(document: documentName, "orders[\(index)] \(message)")
            }
            guard !entry.code.isEmpty else { throw fail("has an empty code") }
            guard let issued = RFC3339.parse(entry.issued_at) else {
                throw fail("(\(entry.code)) issued_at '\(entry.issued_at)' is not an RFC 3339 time")
            }
            guard seen.insert(entry.code).inserted else { continue }
            orders.append(Order(code: entry.code, reason: entry.reason, issuedAt: issued))
        }
        return StopTradeOrders(version: wire.version, orders: orders)
    }

    /// The body as the contract defines it.
    private struct Wire: Decodable {
        var version: String
        var orders: [WireOrder]
    }

    /// One order as the contract defines it.
    private struct WireOrder: Decodable {
        var code: String
        var reason: String
        var issued_at: String
    }
}
