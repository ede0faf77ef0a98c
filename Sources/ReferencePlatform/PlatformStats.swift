/// `GET /admin/stats`: counters since start plus what the database holds.
public struct PlatformStats: Sendable, Hashable, Codable {
    /// Counters since start.
    public var counters: PlatformCounters
    /// Trades held (all time, from the database).
    public var tradesStored: Int
    /// Trades held per station id.
    public var perStation: [String: Int]
    /// EPCIS event ids held.
    public var epcisEvents: Int
    /// Seconds the platform stays down (0 when up).
    public var downRemainingSeconds: Double

    /// Creates stats.
    public init(
        counters: PlatformCounters, tradesStored: Int, perStation: [String: Int], epcisEvents: Int,
        downRemainingSeconds: Double
    ) {
        self.counters = counters
        self.tradesStored = tradesStored
        self.perStation = perStation
        self.epcisEvents = epcisEvents
        self.downRemainingSeconds = downRemainingSeconds
    }

    enum CodingKeys: String, CodingKey {
        case counters
        case tradesStored = "trades_stored"
        case perStation = "per_station"
        case epcisEvents = "epcis_events"
        case downRemainingSeconds = "down_remaining_s"
    }
}
