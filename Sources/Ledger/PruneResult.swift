/// What one retention run removed (`TradeLedger.prune`).
public struct PruneResult: Sendable, Hashable, CustomStringConvertible {
    /// Trades deleted by this run.
    public var prunedCount: Int
    /// Every trade with an id up to this one has been pruned (0: none ever).
    public var prunedThroughID: Int64
    /// The hash of the last pruned trade: where the hash chain of the remaining trades starts.
    public var anchorHash: String

    /// Creates a result.
    public init(prunedCount: Int, prunedThroughID: Int64, anchorHash: String) {
        self.prunedCount = prunedCount
        self.prunedThroughID = prunedThroughID
        self.anchorHash = anchorHash
    }

    /// One line for logs.
    public var description: String {
        "pruned \(prunedCount) delivered trade(s); chain now anchored at trade \(prunedThroughID) (\(anchorHash))"
    }
}
