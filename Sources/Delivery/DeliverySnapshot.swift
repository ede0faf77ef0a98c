import Foundation

/// A delivery service's live state (in memory; the ledger's `DeliveryStatus` holds what survives a restart).
public struct DeliverySnapshot: Sendable, Hashable, Codable {
    /// What the loop is doing.
    public enum Activity: String, Sendable, Hashable, Codable {
        /// Not started yet.
        case starting
        /// Nothing pending; waiting for a commit or `sync now`.
        case idle
        /// A batch is on its way.
        case sending
        /// Waiting after a failure (backoff or Retry-After).
        case backingOff = "backing_off"
        /// Stopped.
        case stopped
    }

    /// The platform.
    public var platform: String
    /// What the loop is doing.
    public var activity: Activity = .starting
    /// Failed sends in a row (resets on success).
    public var consecutiveFailures: Int = 0
    /// Length of the current wait, in milliseconds, while backing off.
    public var backoffMilliseconds: Int64?
    /// Batch size cap after a 413 (nil: the limits as configured).
    public var batchTradeCap: Int?
    /// Batches sent since start.
    public var batchesSent: Int = 0
    /// Trades accepted since start.
    public var acceptedSinceStart: Int = 0
    /// Trades rejected since start.
    public var rejectedSinceStart: Int = 0
    /// The last failure since the last success.
    public var lastError: String?
    /// Set while the ledger cannot record outcomes because storage is full.
    public var storageFull: String?

    /// A starting snapshot.
    public init(platform: String) { self.platform = platform }
}
