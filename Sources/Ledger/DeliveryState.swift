/// Where one trade stands with one platform. Every trade is in exactly one of these per platform.
public enum DeliveryState: String, Sendable, Hashable, CaseIterable, Codable {
    /// The platform stored it (or already had it: the trace code is the idempotency key).
    case accepted
    /// The platform refused it for good; kept, listed and alarmed, never resent without `retry`.
    case rejected
    /// Not yet accepted or rejected; the delivery service keeps sending it.
    case pending
}
