/// `GET /admin/stats`: counters since start plus what the database holds. Only the platform makes one
/// (memberwise).
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
    /// Upload requests received and not yet answered (a gauge, for tests that must act while one is in flight).
    public var uploadsInFlight: Int

    enum CodingKeys: String, CodingKey {
        case counters
        case tradesStored = "trades_stored"
        case perStation = "per_station"
        case epcisEvents = "epcis_events"
        case downRemainingSeconds = "down_remaining_s"
        case uploadsInFlight = "uploads_in_flight"
    }
}
