/// What the reference platform does wrong on purpose, so the gateway's delivery can be tested against every
/// failure a real city platform shows. Rates are fractions in 0…1 of the requests (or items) they apply to.
///
/// JSON (`PUT /admin/faults`, `GET /admin/faults`) uses the snake_case keys below; a key left out means "off".
/// Faults apply to the platform API (`/v1/…`, `/capture…`, city-form methods, master data), never to `/admin` or
/// the lookup pages, so a test can always switch them off again.
public struct FaultSettings: Sendable, Hashable, Codable {
    /// Requests answered 500 before anything is stored.
    public var errorRate: Double
    /// Requests whose connection is reset (TCP RST) before anything is stored.
    public var resetRate: Double
    /// Requests that are processed and stored, then reset instead of answered: the lost answer the gateway must
    /// survive by resending (the platform then answers `duplicate`).
    public var dropAfterStoreRate: Double
    /// Items answered `retry` (not stored) in an otherwise normal answer.
    public var partialRate: Double
    /// Requests answered 429 with `Retry-After`.
    public var rateLimitRate: Double
    /// Requests answered 503 with `Retry-After`.
    public var unavailableRate: Double
    /// The `Retry-After` seconds of 429 and 503 answers.
    public var retryAfterSeconds: Int
    /// Delay added before every API request is handled, in milliseconds.
    public var latencyMilliseconds: Int
    /// When set (> 0) the platform is down for this many seconds from the moment the settings are applied: every
    /// API request's connection is reset without an answer.
    public var downForSeconds: Double
    /// Trace codes always answered `rejected` (unless the platform already holds them: then `duplicate`).
    public var rejectTraceCodes: [String]
    /// Reject trace codes that are not 20 digits (the MOFCOM layout, domain.md §1.2).
    public var rejectMalformedTraceCodes: Bool
    /// Seed of the fault sequence; applying settings restarts the sequence.
    public var seed: UInt64

    /// Creates settings; every fault is off by default.
    public init(
        errorRate: Double = 0, resetRate: Double = 0, dropAfterStoreRate: Double = 0, partialRate: Double = 0,
        rateLimitRate: Double = 0, unavailableRate: Double = 0, retryAfterSeconds: Int = 1,
        latencyMilliseconds: Int = 0, downForSeconds: Double = 0, rejectTraceCodes: [String] = [],
        rejectMalformedTraceCodes: Bool = false, seed: UInt64 = 1
    ) {
        self.errorRate = errorRate
        self.resetRate = resetRate
        self.dropAfterStoreRate = dropAfterStoreRate
        self.partialRate = partialRate
        self.rateLimitRate = rateLimitRate
        self.unavailableRate = unavailableRate
        self.retryAfterSeconds = retryAfterSeconds
        self.latencyMilliseconds = latencyMilliseconds
        self.downForSeconds = downForSeconds
        self.rejectTraceCodes = rejectTraceCodes
        self.rejectMalformedTraceCodes = rejectMalformedTraceCodes
        self.seed = seed
    }

    /// No faults at all.
    public static let none = FaultSettings()

    /// Problems with the values, for the operator (empty when usable).
    public var problems: [String] {
        var out: [String] = []
        let rates: [(String, Double)] = [
            ("error_rate", errorRate), ("reset_rate", resetRate), ("drop_after_store_rate", dropAfterStoreRate),
            ("partial_rate", partialRate), ("rate_limit_rate", rateLimitRate), ("unavailable_rate", unavailableRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            out.append("\(name) must be a fraction from 0 to 1, got \(rate)")
        }
        if retryAfterSeconds < 0 { out.append("retry_after_s must be ≥ 0, got \(retryAfterSeconds)") }
        if latencyMilliseconds < 0 { out.append("latency_ms must be ≥ 0, got \(latencyMilliseconds)") }
        if !(downForSeconds >= 0) { out.append("down_for_s must be ≥ 0, got \(downForSeconds)") }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case errorRate = "error_rate"
        case resetRate = "reset_rate"
        case dropAfterStoreRate = "drop_after_store_rate"
        case partialRate = "partial_rate"
        case rateLimitRate = "rate_limit_rate"
        case unavailableRate = "unavailable_rate"
        case retryAfterSeconds = "retry_after_s"
        case latencyMilliseconds = "latency_ms"
        case downForSeconds = "down_for_s"
        case rejectTraceCodes = "reject_codes"
        case rejectMalformedTraceCodes = "reject_malformed"
        case seed
    }

    /// Reads settings; missing keys are "off".
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            errorRate: try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0,
            resetRate: try c.decodeIfPresent(Double.self, forKey: .resetRate) ?? 0,
            dropAfterStoreRate: try c.decodeIfPresent(Double.self, forKey: .dropAfterStoreRate) ?? 0,
            partialRate: try c.decodeIfPresent(Double.self, forKey: .partialRate) ?? 0,
            rateLimitRate: try c.decodeIfPresent(Double.self, forKey: .rateLimitRate) ?? 0,
            unavailableRate: try c.decodeIfPresent(Double.self, forKey: .unavailableRate) ?? 0,
            retryAfterSeconds: try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1,
            latencyMilliseconds: try c.decodeIfPresent(Int.self, forKey: .latencyMilliseconds) ?? 0,
            downForSeconds: try c.decodeIfPresent(Double.self, forKey: .downForSeconds) ?? 0,
            rejectTraceCodes: try c.decodeIfPresent([String].self, forKey: .rejectTraceCodes) ?? [],
            rejectMalformedTraceCodes: try c.decodeIfPresent(Bool.self, forKey: .rejectMalformedTraceCodes) ?? false,
            seed: try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1)
    }
}
