import Foundation
import GRDB
import TraceModel

/// The outbox's reads: safe while the daemon writes, and from a read-only open with the daemon stopped.
extension LedgerReader {
    /// The oldest trades not yet accepted or rejected by `platform`, in commit order (ORDER BY id), at most
    /// `limit`. Trades an operator sent back with `retry` come first (they are older).
    public func pendingTrades(platform: String, limit: Int) throws -> [Trade] {
        try outbox(platform: platform, state: .pending, limit: limit).map(\.trade)
    }

    /// Pending trades for `platform` with an id above `afterID`, in commit order, at most `limit`: the batch after
    /// one that is in flight (the outbox reads it while the platform works; it is sent only if the batch before it
    /// was settled whole). Trades an operator sent back below `afterID` are not included.
    public func pendingTrades(platform: String, after afterID: Int64, limit: Int) throws -> [Trade] {
        try access { db in
            guard limit > 0, try OutboxStore.available(db) else { return [] }
            return try OutboxStore.pending(platform, above: afterID, limit: limit, clockFlag: clockFlag, db).map(
                \.trade)
        }
    }

    /// Trades of one state for `platform`, in commit order, with attempts and the last reason: pending
    /// (the oldest first) or rejected. Accepted trades are summarised by the status, not listed (empty).
    public func outbox(platform: String, state: DeliveryState, limit: Int) throws -> [OutboxEntry] {
        try access { db in
            guard try OutboxStore.available(db) else {
                guard state == .pending else { return [] }
                return try Row.fetchAll(
                    db, sql: "SELECT \(tradeColumns) FROM trades ORDER BY id LIMIT ?", arguments: [limit]
                ).map {
                    OutboxEntry(
                        platform: platform, trade: TradeRecord(row: $0).trade, state: .pending, attempts: 0, reason: "",
                        batchID: "", updatedAt: nil)
                }
            }
            switch state {
            case .pending: return try OutboxStore.pending(platform, limit: limit, clockFlag: clockFlag, db)
            case .rejected: return try OutboxStore.rejected(platform, limit: limit, clockFlag: clockFlag, db)
            case .accepted: return []
            }
        }
    }

    /// Pending and rejected counts, the oldest pending commit time, and the last attempt, success and error.
    public func deliveryStatus(platform: String) throws -> DeliveryStatus {
        try access { db in try OutboxStore.status(platform, db) }
    }

    /// Trades `platform` rejected (cheap: counts rows, not trades; for `/health`).
    public func rejectedCount(platform: String) throws -> Int {
        try access { db in
            guard try OutboxStore.available(db) else { return 0 }
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM deliveries WHERE platform = ? AND state = 'rejected'",
                arguments: [platform]) ?? 0
        }
    }

    /// Platforms the ledger holds delivery state for (for `sync status` without a configuration).
    public func deliveryPlatforms() throws -> [String] {
        try access { db in try OutboxStore.platforms(db) }
    }

    /// The pruning anchor: every trade up to `prunedThroughID` was delivered and pruned; the remaining chain
    /// starts from `anchorHash`. `prunedCount` is the total pruned so far.
    public func pruneAnchor() throws -> PruneResult {
        try access { db in
            guard try db.tableExists("ledger_anchor"),
                let row = try Row.fetchOne(
                    db, sql: "SELECT pruned_through_id, pruned_hash, pruned_count FROM ledger_anchor WHERE id = 1")
            else { return PruneResult(prunedCount: 0, prunedThroughID: 0, anchorHash: TradeRecord.genesisHash) }
            return PruneResult(prunedCount: row[2], prunedThroughID: row[0], anchorHash: row[1])
        }
    }
}
