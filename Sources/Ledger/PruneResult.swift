/// What one retention run removed (`TradeLedger.prune`); only the ledger makes one (memberwise).
public struct PruneResult: Sendable, Hashable, CustomStringConvertible {
    /// Trades deleted by this run.
    public var prunedCount: Int
    /// Every trade with an id up to this one has been pruned (0: none ever).
    public var prunedThroughID: Int64
    /// The hash of the last pruned trade: where the hash chain of the remaining trades starts.
    public var anchorHash: String

    /// One line for logs.
    public var description: String {
        "pruned \(prunedCount) delivered trade(s); chain now anchored at trade \(prunedThroughID) (\(anchorHash))"
    }
}
