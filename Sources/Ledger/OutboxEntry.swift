import Foundation
import TraceModel

/// One trade in the outbox listing (`tracegate outbox list`): the trade and its delivery state for a platform.
public struct OutboxEntry: Sendable, Hashable {
    /// The platform.
    public var platform: String
    /// The trade.
    public var trade: Trade
    /// Its state with the platform.
    public var state: DeliveryState
    /// Sends that carried it so far.
    public var attempts: Int
    /// The platform's rejection reason, or the last error of a pending trade (empty when none).
    public var reason: String
    /// The batch that last carried it (empty when never sent).
    public var batchID: String
    /// When its state last changed (nil when never sent).
    public var updatedAt: Date?
}
