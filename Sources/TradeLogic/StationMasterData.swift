/// The platform's master data as a station applies it (docs/downlink.md): the merged catalogue, operator cards
/// and stop-trade orders. Pure values; the gateway builds them from the downlink documents.
public struct StationMasterData: Sendable, Hashable {
    /// A stop-trade order (停止交易): goods whose source or any parent has `code` must not be sold.
    public struct StopOrder: Sendable, Hashable {
        /// The stopped trace, batch or lot code.
        public var code: String
        /// Why, for the operator.
        public var reason: String

        /// Creates an order.
        public init(code: String, reason: String) {
            self.code = code
            self.reason = reason
        }
    }

    /// The catalogue to use (nil: keep the station's current one).
    public var catalogue: Catalogue?
    /// Card UID (upper-case hex) → registered operator code.
    public private(set) var operatorCodes: [String: String]
    /// Stopped code → its order.
    public private(set) var stopOrders: [String: StopOrder]

    /// Creates master data; card UIDs are compared upper-cased, the first order for a code wins.
    public init(catalogue: Catalogue? = nil, operatorCodes: [String: String] = [:], stopOrders: [StopOrder] = []) {
        self.catalogue = catalogue
        var cards: [String: String] = [:]
        for (uid, code) in operatorCodes { cards[uid.uppercased()] = code }
        self.operatorCodes = cards
        var orders: [String: StopOrder] = [:]
        for order in stopOrders where orders[order.code] == nil { orders[order.code] = order }
        self.stopOrders = orders
    }

    /// The operator code registered for a card UID (any case), if any.
    public func operatorCode(forCard uid: String) -> String? { operatorCodes[uid.uppercased()] }

    /// The first order (in `codes` order) that stops goods carrying any of these codes.
    public func stopOrder(for codes: [String]) -> StopOrder? {
        for code in codes { if let order = stopOrders[code] { return order } }
        return nil
    }

    /// The operator-facing refusal for an order, in Chinese and English.
    public static func refusal(_ order: StopOrder, _ what: String) -> StationRejection {
        StationRejection(
            .stopTradeOrder, "停止交易 stop-trade order: \(what) \(order.code) must not be sold: \(order.reason)")
    }
}

extension Catalogue {
    /// The platform's items merged with these: the platform wins by product code (and its items come first, so
    /// it also wins PLU and GTIN lookups); configured products the platform does not list are kept.
    public func merging(platformItems: [CatalogueItem]) -> Catalogue {
        let codes = Set(platformItems.map(\.code))
        return Catalogue(platformItems + items.filter { !codes.contains($0.code) })
    }
}
