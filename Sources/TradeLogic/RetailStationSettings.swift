/// How a retail stall's station behaves; validated by the gateway's configuration loader.
public struct RetailStationSettings: Sendable, Hashable {
    /// When a trade is committed.
    public enum Trigger: String, Sendable, Hashable, CaseIterable {
        /// Automatically, once a product and a stable weight are present.
        case stable
        /// Only on an explicit confirmation (CLI, local API or a command barcode).
        case confirm
    }

    /// Station id, e.g. "stall-12".
    public var station: String
    /// 9-digit node code (流通节点编码).
    public var nodeCode: String
    /// 13-digit operator code (经营者编码) of the stall holder.
    public var operatorCode: String
    /// When to commit.
    public var trigger: Trigger
    /// How long the weight must stay stable and unchanged before it counts (default 500 ms).
    public var stableDuration: Duration
    /// Smallest weight that can be sold (default 20 g).
    public var minGrams: Int64
    /// |weight| at or below this counts as "empty scale" (default 10 g); the next trade needs it first.
    public var zeroBandGrams: Int64
    /// Product used when nothing was scanned; nil = a product scan is required.
    public var defaultProduct: CatalogueItem?
    /// Forget the scanned product and source after each trade (default false: they stay for the next item,
    /// as a stall sells from one supplier batch for hours).
    public var clearAfterTrade: Bool

    /// Creates settings with the documented defaults.
    public init(
        station: String, nodeCode: String, operatorCode: String, trigger: Trigger = .stable,
        stableDuration: Duration = .milliseconds(500), minGrams: Int64 = 20, zeroBandGrams: Int64 = 10,
        defaultProduct: CatalogueItem? = nil, clearAfterTrade: Bool = false
    ) {
        self.station = station
        self.nodeCode = nodeCode
        self.operatorCode = operatorCode
        self.trigger = trigger
        self.stableDuration = stableDuration
        self.minGrams = minGrams
        self.zeroBandGrams = zeroBandGrams
        self.defaultProduct = defaultProduct
        self.clearAfterTrade = clearAfterTrade
    }
}
