import Uplink

/// A platform in memory that accepts every trade: for `tracegate-tools bench outbox`, which measures the outbox
/// (reading pending trades, cutting batches, recording outcomes), not the network.
public struct AcceptingTransport: UplinkTransport {
    /// The platform's name.
    public let platformName: String
    /// The limits it announces.
    public let limits: UplinkBatchLimits

    /// Creates a transport named `platformName` announcing `limits`.
    public init(platformName: String, limits: UplinkBatchLimits) {
        self.platformName = platformName
        self.limits = limits
    }

    /// The announced limits.
    public func batchLimits() async -> UplinkBatchLimits { limits }

    /// Accepts every trade of the batch.
    public func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        .perItem(batch.trades.map { ItemResult(traceCode: $0.traceCode, outcome: .accepted) })
    }
}
