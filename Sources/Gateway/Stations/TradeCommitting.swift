import Ledger
import TraceModel

/// Something that makes a trade durable and returns it with its trace code: the ledger,
/// or a test double. `commit` returns only after the trade is on disk.
public protocol TradeCommitting: Sendable {
    /// Commits the draft; throws when it was NOT recorded.
    func commit(_ draft: TradeDraft) async throws -> Trade
}

extension TradeLedger: TradeCommitting {}
