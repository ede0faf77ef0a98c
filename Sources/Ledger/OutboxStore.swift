import Foundation
import GRDB
import TraceModel

/// The outbox's SQL, run inside the caller's transaction or snapshot (schema: `LedgerSchema.outboxMigration`).
///
/// Pending for a platform = (id > mark and no terminal row) or (a `pending` row below the mark: a rejected
/// trade the operator sent back). Settling a batch moves the mark over every trade that is now settled, so a
/// drain at full speed writes one mark per batch and no row per accepted trade.
enum OutboxStore {
    /// Whether the ledger has the outbox tables (a read-only open of a v1 ledger has not).
    static func available(_ db: Database) throws -> Bool { try db.tableExists("delivery_marks") }

    /// The platform's mark: every trade with an id up to it is settled.
    static func mark(_ platform: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT settled_through FROM delivery_marks WHERE platform = ?"),
            arguments: [platform]) ?? 0
    }

    /// The oldest pending trades in commit order with their pending rows (attempts, last error), at most `limit`.
    static func pending(_ platform: String, limit: Int, clockFlag: String, _ db: Database) throws -> [OutboxEntry] {
        guard limit > 0 else { return [] }
        let mark = try mark(platform, db)
        let columns = deliveryColumns(clockFlag)
        // Sent back by an operator below the mark: few, and always older than everything above it.
        // Rows are decoded straight from cursors: fetchAll would copy every row first (a third of the drain's
        // ledger read time, BENCHMARKS.md §6).
        var entries = try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT \(columns) FROM deliveries d JOIN trades t ON t.id = d.trade_id "
                        + "WHERE d.platform = ? AND d.state = 'pending' AND d.trade_id <= ? ORDER BY d.trade_id LIMIT ?"
                ),
                arguments: [platform, mark, limit]
            ).map { entry(platform, $0) })
        if entries.count < limit {
            entries += try pending(platform, aboveMark: mark, limit: limit - entries.count, clockFlag: clockFlag, db)
        }
        return entries
    }

    /// Pending trades with an id above `afterID` (and above the mark), in commit order, at most `limit`.
    static func pending(
        _ platform: String, above afterID: Int64, limit: Int, clockFlag: String, _ db: Database
    ) throws -> [OutboxEntry] {
        try pending(platform, aboveMark: max(afterID, try mark(platform, db)), limit: limit, clockFlag: clockFlag, db)
    }

    /// Pending trades with an id above `floor`, which is at or above the platform's mark.
    private static func pending(
        _ platform: String, aboveMark floor: Int64, limit: Int, clockFlag: String, _ db: Database
    ) throws
        -> [OutboxEntry]
    {
        let exceptions =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM deliveries WHERE platform = ? AND trade_id > ?)"),
                arguments: [platform, floor]) ?? true
        if !exceptions {
            // The usual case in a drain: no trade above the mark has a row, so no join (a third of the read).
            return try Array(
                Row.fetchCursor(
                    db.cachedStatement(
                        sql:
                            "SELECT \(TradeRecord.columns), NULL, NULL, NULL, NULL, \(clockFlag) FROM trades WHERE id > ? "
                            + "ORDER BY id LIMIT ?"),
                    arguments: [floor, limit]
                ).map { entry(platform, $0) })
        }
        let columns = deliveryColumns(clockFlag)
        return try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql:
                        "SELECT \(columns) FROM trades t LEFT JOIN deliveries d ON d.platform = ? AND d.trade_id = t.id "
                        + "WHERE t.id > ? AND (d.state IS NULL OR d.state = 'pending') ORDER BY t.id LIMIT ?"),
                arguments: [platform, floor, limit]
            ).map { entry(platform, $0) })
    }

    /// Rejected trades in commit order, at most `limit`.
    static func rejected(_ platform: String, limit: Int, clockFlag: String, _ db: Database) throws -> [OutboxEntry] {
        try Row.fetchAll(
            db,
            sql: "SELECT \(deliveryColumns(clockFlag)) "
                + "FROM deliveries d JOIN trades t ON t.id = d.trade_id "
                + "WHERE d.platform = ? AND d.state = 'rejected' ORDER BY d.trade_id LIMIT ?",
            arguments: [platform, limit]
        ).map { entry(platform, $0, state: .rejected) }
    }

    /// `TradeRecord.columns`, the four delivery columns of `deliveries d`, then `clockFlag` (the `clock_went_back`
    /// column, or `0 AS clock_went_back` for a ledger that predates it), which `TradeRecord` reads by name.
    private static func deliveryColumns(_ clockFlag: String) -> String {
        TradeRecord.columns + ", d.attempts, d.reason, d.batch_id, d.updated_at, " + clockFlag
    }

    /// An outbox entry from a row of `TradeRecord.columns` followed by the four delivery columns.
    private static func entry(_ platform: String, _ row: Row, state: DeliveryState = .pending) -> OutboxEntry {
        let updated: String? = row[19]
        return OutboxEntry(
            platform: platform, trade: TradeRecord(row: row).trade, state: state, attempts: row[16] ?? 0,
            reason: row[17] ?? "", batchID: row[18] ?? "",
            updatedAt: updated.flatMap(CommitTimestamp.parse).map(CommitTimestamp.date(milliseconds:)))
    }

    /// Counts and times for `sync status`.
    static func status(_ platform: String, _ db: Database) throws -> DeliveryStatus {
        var status = DeliveryStatus(platform: platform)
        guard try available(db) else {
            status.pendingCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0
            status.oldestPendingCommittedAt = try oldestCommitTime(
                db, sql: "SELECT committed_at FROM trades ORDER BY id LIMIT 1")
            return status
        }
        let mark = try mark(platform, db)
        status.settledThroughID = mark
        let above = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades WHERE id > ?", arguments: [mark]) ?? 0
        let settledAbove =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM deliveries WHERE platform = ? AND state != 'pending' AND trade_id > ?",
                arguments: [platform, mark]) ?? 0
        let reopened =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM deliveries WHERE platform = ? AND state = 'pending' AND trade_id <= ?",
                arguments: [platform, mark]) ?? 0
        status.pendingCount = above - settledAbove + reopened
        status.rejectedCount =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM deliveries WHERE platform = ? AND state = 'rejected'",
                arguments: [platform]) ?? 0
        // Only the time is read: any ledger has it, the clock flag need not be selected.
        status.oldestPendingCommittedAt = try pending(platform, limit: 1, clockFlag: "0", db).first?.trade.committedAt
        if let row = try Row.fetchOne(
            db,
            sql: "SELECT last_attempt_at, last_success_at, last_error, last_error_at FROM delivery_status "
                + "WHERE platform = ?", arguments: [platform])
        {
            func time(_ index: Int) -> Date? {
                (row[index] as String?).flatMap(CommitTimestamp.parse).map(CommitTimestamp.date(milliseconds:))
            }
            status.lastAttemptAt = time(0)
            status.lastSuccessAt = time(1)
            let error: String = row[2]
            status.lastError = error.isEmpty ? nil : error
            status.lastErrorAt = status.lastError == nil ? nil : time(3)
        }
        return status
    }

    /// The commit time in the first row of `sql`.
    private static func oldestCommitTime(_ db: Database, sql: String) throws -> Date? {
        try String.fetchOne(db, sql: sql).flatMap(CommitTimestamp.parse).map(CommitTimestamp.date(milliseconds:))
    }

    /// Platforms the ledger holds delivery state for, sorted.
    static func platforms(_ db: Database) throws -> [String] {
        guard try available(db) else { return [] }
        return try String.fetchAll(
            db,
            sql: "SELECT platform FROM delivery_marks UNION SELECT platform FROM delivery_status "
                + "UNION SELECT DISTINCT platform FROM deliveries ORDER BY 1")
    }

    // MARK: Writes

    /// Records one batch's per-trade results and moves the mark over everything now settled.
    static func record(
        _ platform: String, batchID: String, results: [DeliveryResult], now: String, _ db: Database
    ) throws {
        let oldMark = try mark(platform, db)
        var terminal: [Int64: Bool] = [:]  // id → accepted?
        for result in results {
            switch result.outcome {
            case .accepted: terminal[result.tradeID] = true
            case .rejected: terminal[result.tradeID] = false
            case .retry: break
            }
        }
        // Walk up from the mark over trades settled now or before; stop at the first still pending.
        var newMark = oldMark
        var walkedRows: Set<Int64> = []  // trades passed over that had a row (pending rows to drop if accepted)
        let cursor = try Row.fetchCursor(
            db.cachedStatement(
                sql:
                    "SELECT t.id, d.state FROM trades t LEFT JOIN deliveries d ON d.platform = ? AND d.trade_id = t.id "
                    + "WHERE t.id > ? ORDER BY t.id"),
            arguments: [platform, oldMark])
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            let state: String? = row[1]
            if terminal[id] != nil {
                if state != nil { walkedRows.insert(id) }
            } else if state != "accepted" && state != "rejected" {
                break
            }
            newMark = id
        }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (platform, trade_id, state, attempts, reason, batch_id, updated_at)
                VALUES (?, ?, ?, 1, ?, ?, ?)
                ON CONFLICT(platform, trade_id) DO UPDATE SET state = excluded.state,
                    attempts = deliveries.attempts + 1, reason = excluded.reason, batch_id = excluded.batch_id,
                    updated_at = excluded.updated_at
                """)
        let delete = try db.cachedStatement(sql: "DELETE FROM deliveries WHERE platform = ? AND trade_id = ?")
        for result in results {
            let id = result.tradeID
            switch result.outcome {
            case .accepted:
                if id <= newMark {
                    // Covered by the mark; drop a pending row left by earlier failed attempts.
                    if id <= oldMark || walkedRows.contains(id) { try delete.execute(arguments: [platform, id]) }
                } else {
                    try upsert.execute(arguments: [platform, id, "accepted", "", batchID, now])
                }
            case .rejected(let reason):
                try upsert.execute(arguments: [platform, id, "rejected", reason, batchID, now])
            case .retry(let reason):
                try upsert.execute(arguments: [platform, id, "pending", reason, batchID, now])
            }
        }
        if newMark > oldMark {
            try setMark(platform, newMark, db)
            // Accepted rows the mark now covers carry nothing the mark does not say.
            try db.execute(
                sql: "DELETE FROM deliveries WHERE platform = ? AND state = 'accepted' AND trade_id <= ?",
                arguments: [platform, newMark])
        }
    }

    /// Stores the mark.
    static func setMark(_ platform: String, _ mark: Int64, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery_marks (platform, settled_through) VALUES (?, ?)
                ON CONFLICT(platform) DO UPDATE SET settled_through = excluded.settled_through
                """
        ).execute(arguments: [platform, mark])
    }

    /// Counts a failed attempt on each trade (they stay pending) and keeps `reason` as their last error.
    static func recordAttempt(
        _ platform: String, tradeIDs: [Int64], batchID: String, reason: String, now: String, _ db: Database
    ) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (platform, trade_id, state, attempts, reason, batch_id, updated_at)
                VALUES (?, ?, 'pending', 1, ?, ?, ?)
                ON CONFLICT(platform, trade_id) DO UPDATE SET attempts = deliveries.attempts + 1,
                    reason = excluded.reason, batch_id = excluded.batch_id, updated_at = excluded.updated_at
                WHERE deliveries.state = 'pending'
                """)
        for id in tradeIDs { try upsert.execute(arguments: [platform, id, reason, batchID, now]) }
    }

    /// Updates the platform's status row: attempt time always, success time or error text and time.
    static func updateStatus(_ platform: String, now: String, success: Bool, error: String?, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO delivery_status (platform, last_attempt_at, last_success_at, last_error, last_error_at)
                VALUES (?, ?, '', '', '') ON CONFLICT(platform) DO NOTHING
                """, arguments: [platform, now])
        try db.execute(
            sql: "UPDATE delivery_status SET last_attempt_at = ? WHERE platform = ?", arguments: [now, platform])
        if success {
            try db.execute(
                sql: "UPDATE delivery_status SET last_success_at = ? WHERE platform = ?", arguments: [now, platform])
        }
        if let error {
            try db.execute(
                sql: "UPDATE delivery_status SET last_error = ?, last_error_at = ? WHERE platform = ?",
                arguments: [error, now, platform])
        } else if success {
            try db.execute(
                sql: "UPDATE delivery_status SET last_error = '', last_error_at = '' WHERE platform = ?",
                arguments: [platform])
        }
    }

    /// Sends a rejected trade back to pending; false when it is not rejected for this platform.
    static func reopen(_ platform: String, tradeID: Int64, now: String, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "UPDATE deliveries SET state = 'pending', reason = 'sent back by an operator after: ' || reason, "
                + "updated_at = ? WHERE platform = ? AND trade_id = ? AND state = 'rejected'",
            arguments: [now, platform, tradeID])
        return db.changesCount > 0
    }
}
