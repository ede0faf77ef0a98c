/// What a platform said about one trade of a batch, keyed by the trade's ledger id.
public struct DeliveryResult: Sendable, Hashable {
    /// The verdict on one trade.
    public enum Outcome: Sendable, Hashable {
        /// Stored by the platform.
        case accepted
        /// Refused for good, with the platform's reason.
        case rejected(reason: String)
        /// Not stored this time; stays pending (the reason is kept as the trade's last error).
        case retry(reason: String)
    }

    /// The trade's row id (commit order).
    public var tradeID: Int64
    /// The verdict.
    public var outcome: Outcome

    /// Creates a result.
    public init(tradeID: Int64, outcome: Outcome) {
        self.tradeID = tradeID
        self.outcome = outcome
    }
}
