import TraceModel

/// What the retail station asks its caller to do. The caller performs the I/O.
public enum StationAction: Sendable, Hashable {
    /// Commit this trade to the ledger now, then feed back `.committed` or `.commitFailed`.
    case commit(TradeDraft)
    /// The trade is durable: print the ticket, update the display.
    case acknowledged(Trade)
    /// Show the operator something (prompt or state change); not an error.
    case notice(String)
    /// Something the operator did or the scale reported cannot be used; say why.
    case rejected(StationRejection)
}

/// Why the station refused an input, with the message shown to the operator.
public struct StationRejection: Sendable, Hashable, CustomStringConvertible {
    /// What kind of refusal, for counters and tests.
    public enum Kind: String, Sendable, Hashable {
        /// Unknown or garbage barcode.
        case unknownBarcode
        /// Scale over capacity.
        case overload
        /// Negative weight or under-range.
        case belowZero
        /// A confirmation arrived but no trade is ready.
        case notReady
        /// The ledger refused the trade (disk full, sequence exhausted …); nothing was recorded.
        case notRecorded
        /// The goods' source or a parent is under a platform stop-trade order (停止交易).
        case stopTradeOrder
    }
    /// The kind.
    public var kind: Kind
    /// The operator-facing message.
    public var message: String

    /// Creates a rejection.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Inputs to the retail station.
public enum StationInput: Sendable, Hashable {
    /// A weight report from the station's scale.
    case weight(WeightReading)
    /// A scan from the station's scanner.
    case scan(BarcodeRead)
    /// A buyer's card tapped on the station's card reader (验卡交易): it becomes the next trade's buyer.
    case card(TagRead)
    /// A command from the CLI or local API.
    case command(StationCommand)
    /// Time passed (the caller wakes the station at `nextDeadline`).
    case tick
    /// The ledger committed the trade requested by `.commit`.
    case committed(Trade)
    /// The ledger refused the trade requested by `.commit`; nothing was recorded.
    case commitFailed(reason: String)
}
