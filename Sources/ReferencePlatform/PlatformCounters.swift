/// What the platform has seen since it started (in memory; the trades themselves are in the database).
public struct PlatformCounters: Sendable, Hashable, Codable {
    /// API requests received (uploads, captures, job polls, master data), faulted or not.
    public var requests = 0
    /// Requests refused because the platform was down (connection reset).
    public var downRefusals = 0
    /// Requests reset before handling (`reset_rate`).
    public var resets = 0
    /// Requests answered 500 by fault injection.
    public var injectedErrors = 0
    /// Requests answered 429.
    public var rateLimited = 0
    /// Requests answered 503.
    public var unavailable = 0
    /// Requests handled (and stored) whose answer was dropped by a reset.
    public var droppedAnswers = 0
    /// Requests without the right bearer token.
    public var unauthorized = 0
    /// Requests answered 400 (malformed) or 413.
    public var refusedBodies = 0
    /// tracegate-v1 batches handled (including replays).
    public var batches = 0
    /// Batches answered from the idempotency store.
    public var replays = 0
    /// Items stored.
    public var accepted = 0
    /// Items answered `duplicate` (already held).
    public var duplicates = 0
    /// Items answered `rejected`.
    public var rejected = 0
    /// Items answered `retry`.
    public var retried = 0
    /// EPCIS capture jobs created.
    public var captureJobs = 0
    /// city-form-json uploads handled.
    public var cityForms = 0
    /// Master-data documents sent (200).
    public var masterServed = 0
    /// Master-data requests answered 304.
    public var masterNotModified = 0

    /// All zero.
    public init() {}

    /// Adds one request's item statuses.
    mutating func count(_ statuses: [ItemStatus], committed: Bool) {
        for status in statuses {
            switch status {
            case .accepted: if committed { accepted += 1 }
            case .duplicate: duplicates += 1
            case .rejected: rejected += 1
            case .retry: retried += 1
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case requests
        case downRefusals = "down_refusals"
        case resets
        case injectedErrors = "injected_errors"
        case rateLimited = "rate_limited"
        case unavailable
        case droppedAnswers = "dropped_answers"
        case unauthorized
        case refusedBodies = "refused_bodies"
        case batches, replays, accepted, duplicates, rejected, retried
        case captureJobs = "capture_jobs"
        case cityForms = "city_forms"
        case masterServed = "master_served"
        case masterNotModified = "master_not_modified"
    }
}
