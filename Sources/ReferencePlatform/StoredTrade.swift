/// A trade the platform holds, with where and when it arrived.
public struct StoredTrade: Sendable, Hashable, Codable {
    /// Arrival position at the platform (1, 2, 3 … across all stations): the order trades were stored in.
    public var sequence: Int64
    /// The trade.
    public var trade: PlatformTrade
    /// `tracegate-v1`, `epcis-2.0` or `city-form-json`.
    public var format: String
    /// The batch id, capture id or city-form method it came with.
    public var batch: String
    /// Arrival time, RFC 3339 UTC with milliseconds.
    public var receivedAt: String

    /// snake_case JSON, like the rest of the admin API.
    enum CodingKeys: String, CodingKey {
        case sequence, trade, format, batch
        case receivedAt = "received_at"
    }

    /// Creates a stored trade.
    public init(sequence: Int64, trade: PlatformTrade, format: String, batch: String, receivedAt: String) {
        self.sequence = sequence
        self.trade = trade
        self.format = format
        self.batch = batch
        self.receivedAt = receivedAt
    }
}
