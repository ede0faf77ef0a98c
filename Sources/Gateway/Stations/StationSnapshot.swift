import TraceModel

/// What a station shows right now, for the local API and `tracegate devices`.
public struct StationSnapshot: Sendable, Hashable, Codable {
    /// Station id.
    public var station: String
    /// Product code a trade would be recorded with now, if any.
    public var productCode: String?
    /// Its name.
    public var productName: String?
    /// Sources (来源) of the next trade.
    public var sources: [String]
    /// Last weight, grams.
    public var grams: Int64?
    /// Whether the last weight was stable.
    public var stable: Bool
    /// The scale has returned to zero since the last trade.
    public var ready: Bool
    /// Trades acknowledged since start.
    public var trades: Int
    /// Last refusal message, if any.
    public var lastRejection: String?
    /// Last trace code issued here.
    public var lastTraceCode: String?

    enum CodingKeys: String, CodingKey {
        case station, sources, grams, stable, ready, trades
        case productCode = "product_code"
        case productName = "product_name"
        case lastRejection = "last_rejection"
        case lastTraceCode = "last_trace_code"
    }
}
