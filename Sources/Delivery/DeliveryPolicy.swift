/// How one platform's delivery service paces itself (from the `uplink.platforms[]` configuration).
public struct DeliveryPolicy: Sendable, Hashable {
    /// First backoff ceiling after a failure.
    public var backoffInitial: Duration
    /// Largest backoff, and the cap on waits a platform asks for with Retry-After.
    public var backoffMax: Duration
    /// Most trades per batch on our side (the transport's `batchLimits()` may ask for fewer).
    public var maxBatchTrades: Int
    /// Most estimated encoded bytes per batch on our side (see `BatchCutter`).
    public var maxBatchBytes: Int

    /// Creates a policy; defaults match the configuration's.
    public init(
        backoffInitial: Duration = .milliseconds(500), backoffMax: Duration = .seconds(300),
        maxBatchTrades: Int = 500, maxBatchBytes: Int = 1_048_576
    ) {
        self.backoffInitial = backoffInitial
        self.backoffMax = max(backoffMax, backoffInitial)
        self.maxBatchTrades = max(1, maxBatchTrades)
        self.maxBatchBytes = max(1, maxBatchBytes)
    }
}
