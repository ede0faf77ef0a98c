import Delivery
import Foundation
import Ledger

/// One platform's delivery status for `GET /sync` and `tracegate sync status --json`.
public struct SyncStatusJSON: Codable, Sendable, Hashable {
    /// Platform name.
    public var platform: String
    /// Trades not yet accepted or rejected.
    public var pending: Int
    /// Commit time of the oldest pending trade (RFC 3339 UTC).
    public var oldest_pending_committed_at: String?
    /// Seconds since that commit.
    public var oldest_pending_age_seconds: Int?
    /// Trades the platform refused (see `tracegate outbox list --state rejected`).
    public var rejected: Int
    /// Last batch sent.
    public var last_attempt_at: String?
    /// Last answer with per-trade results.
    public var last_success_at: String?
    /// Last failure since the last success.
    public var last_error: String?
    /// When it happened.
    public var last_error_at: String?
    /// idle, sending, backing_off … (nil when read from the ledger with the daemon stopped).
    public var activity: String?
    /// Failed sends in a row (live only).
    public var consecutive_failures: Int?
    /// Current backoff wait in milliseconds (live only).
    public var backoff_ms: Int64?
    /// Set while outcomes cannot be recorded because storage is full (live only).
    public var storage_full: String?
    /// Master data pulled from this platform (only on the platform the downlink uses).
    public var master_data: [MasterDataStatusJSON]?

    /// The ledger's status, with the live service's state when the daemon runs.
    public init(_ status: DeliveryStatus, live: DeliverySnapshot?, now: Date) {
        platform = status.platform
        pending = status.pendingCount
        oldest_pending_committed_at = status.oldestPendingCommittedAt.map(TradeJSON.rfc3339)
        oldest_pending_age_seconds = status.oldestPendingCommittedAt.map { max(0, Int(now.timeIntervalSince($0))) }
        rejected = status.rejectedCount
        last_attempt_at = status.lastAttemptAt.map(TradeJSON.rfc3339)
        last_success_at = status.lastSuccessAt.map(TradeJSON.rfc3339)
        last_error = live?.lastError ?? status.lastError
        last_error_at = status.lastErrorAt.map(TradeJSON.rfc3339)
        activity = live?.activity.rawValue
        consecutive_failures = live?.consecutiveFailures
        backoff_ms = live?.backoffMilliseconds
        storage_full = live?.storageFull
    }
}

/// One trade in `GET /outbox` and `tracegate outbox list --json`.
public struct OutboxEntryJSON: Codable, Sendable, Hashable {
    /// Platform name.
    public var platform: String
    /// pending or rejected.
    public var state: String
    /// Sends that carried it.
    public var attempts: Int
    /// The platform's rejection reason, or the last error of a pending trade.
    public var reason: String
    /// The batch that last carried it.
    public var batch_id: String
    /// When its state last changed.
    public var updated_at: String?
    /// The trade.
    public var trade: TradeJSON

    /// Converts a ledger entry.
    public init(_ entry: OutboxEntry) {
        platform = entry.platform
        state = entry.state.rawValue
        attempts = entry.attempts
        reason = entry.reason
        batch_id = entry.batchID
        updated_at = entry.updatedAt.map(TradeJSON.rfc3339)
        trade = TradeJSON(entry.trade)
    }
}
