/// The result of recomputing the ledger's hash chain (`TradeLedger.verify()`).
public struct LedgerVerification: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with a link of the chain.
    public enum Problem: String, Sendable, Hashable {
        /// The row's stored fields no longer produce its stored hash: the row was edited after commit.
        case hashMismatch
        /// The row's `prev_hash` is not the previous row's hash: a row before it was removed,
        /// inserted or re-ordered, or the previous row's hash was rewritten.
        case prevHashMismatch
        /// An integer column holds something else (text, a real number, NULL): only an edit behind the ledger's
        /// back stores that.
        case wrongType
        /// Trades were deleted from the end: SQLite's `AUTOINCREMENT` counter (`sqlite_sequence`) says a higher
        /// id was issued than the newest remaining trade, which the links of the remaining chain cannot show.
        case truncated
        /// The row's `clock_went_back` does not say whether its `committed_at` is earlier than the previous row's:
        /// the flag was changed after commit (the flag is not hashed; the `committed_at` order it follows is).
        case clockFlagMismatch
    }

    /// The first broken link, in commit order.
    public struct BrokenLink: Sendable, Hashable, CustomStringConvertible {
        /// The trade's row id.
        public var tradeID: Int64
        /// The trade's trace code as stored.
        public var traceCode: String
        /// Which check failed.
        public var problem: Problem
        /// An explanation naming the trade and the hashes involved.
        public var message: String
        /// The explanation.
        public var description: String { message }
    }

    /// Trades in the ledger.
    public var tradeCount: Int
    /// Trades checked and intact before the first broken link (all of them when intact).
    public var intactCount: Int
    /// Links that failed a check, counting each tampered row once.
    public var brokenLinkCount: Int
    /// The first broken link, or nil when the whole chain verifies.
    public var firstBrokenLink: BrokenLink?
    /// The hash of the newest trade (the genesis hash for an empty ledger), for anchoring elsewhere.
    public var lastHash: String
    /// Trades up to this id were delivered and pruned; the chain was checked from the stored anchor (0: none).
    public var prunedThroughID: Int64 = 0

    /// Whether every link verified.
    public var isIntact: Bool { firstBrokenLink == nil }

    /// One paragraph for `tracegate verify`.
    public var description: String {
        guard let firstBrokenLink else {
            let anchored = prunedThroughID > 0 ? " (from the pruning anchor after trade \(prunedThroughID))" : ""
            return "hash chain intact: \(tradeCount) trades verified\(anchored); last hash \(lastHash)"
        }
        return "hash chain BROKEN: \(brokenLinkCount) broken link(s) among \(tradeCount) trades; "
            + "the first \(intactCount) verify. First broken link: \(firstBrokenLink.message)"
    }
}
