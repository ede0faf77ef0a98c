import Foundation

/// Stop-trade orders (`GET /v1/master/stop-orders`, master data contract):
/// `{"version":…,"orders":[{"code","reason","issued_at"}]}`. Goods whose source code, or any parent's, is
/// listed must be refused at every stall.
public struct StopTradeOrders: MasterDataDocument {
    /// `stop-orders`.
    public static let documentName = "stop-orders"
    /// `orders`.
    public static let listKey = "orders"
    /// An entry of the list.
    public typealias Entry = Order

    /// One order.
    public struct Order: Sendable, Hashable, Decodable {
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

        /// The contract's keys.
        enum CodingKeys: String, CodingKey {
            case code, reason
            case issuedAt = "issued_at"
        }

        /// Reads an order as sent: the code must not be empty and `issued_at` must be RFC 3339 with an offset
        /// or `Z`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let code = try c.decode(String.self, forKey: .code)
            let reason = try c.decode(String.self, forKey: .reason)
            let issued = try c.decode(String.self, forKey: .issuedAt)
            func problem(_ message: String) -> MasterDataJSON.EntryProblem {
                MasterDataJSON.EntryProblem(codingPath: decoder.codingPath, message: message)
            }
            guard !code.isEmpty else { throw problem("has an empty code") }
            guard let issuedAt = RFC3339.parse(issued) else {
                throw problem("(\(code)) issued_at '\(issued)' is not an RFC 3339 time")
            }
            self.init(code: code, reason: reason, issuedAt: issuedAt)
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
        var seen: Set<String> = []
        let (version, orders) = try MasterDataJSON.entries(of: body, Self.self) {
            (order, _) throws(MasterDataError) -> Order? in
            seen.insert(order.code).inserted ? order : nil
        }
        return StopTradeOrders(version: version, orders: orders)
    }
}
