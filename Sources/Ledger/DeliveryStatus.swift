import Foundation

/// A platform's delivery state as the ledger holds it: what `tracegate sync status` shows, also with the
/// daemon stopped. Counts and the oldest pending time are computed from the trades; the times of the last
/// attempt, success and error come from the `delivery_status` table the delivery service writes.
public struct DeliveryStatus: Sendable, Hashable {
    /// The platform.
    public var platform: String
    /// Trades not yet accepted or rejected.
    public var pendingCount: Int
    /// Commit time of the oldest pending trade.
    public var oldestPendingCommittedAt: Date?
    /// Trades the platform refused (waiting for an operator).
    public var rejectedCount: Int
    /// Every trade with an id up to this one is settled (accepted or rejected).
    public var settledThroughID: Int64
    /// When a batch was last sent.
    public var lastAttemptAt: Date?
    /// When the platform last answered with per-trade results.
    public var lastSuccessAt: Date?
    /// The last failure (send error, retry-later, trade-level retry), if any since the last success.
    public var lastError: String?
    /// When `lastError` happened.
    public var lastErrorAt: Date?

    /// Creates a status.
    public init(
        platform: String, pendingCount: Int = 0, oldestPendingCommittedAt: Date? = nil, rejectedCount: Int = 0,
        settledThroughID: Int64 = 0, lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil,
        lastErrorAt: Date? = nil
    ) {
        self.platform = platform
        self.pendingCount = pendingCount
        self.oldestPendingCommittedAt = oldestPendingCommittedAt
        self.rejectedCount = rejectedCount
        self.settledThroughID = settledThroughID
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
