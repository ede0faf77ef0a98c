import Foundation
import GRDB
import TraceModel

/// The outbox's writes: each is one transaction on the ledger's writer (docs/outbox.md).
extension TradeLedger {
    /// Records what a platform answered about one batch, in one transaction: accepted and rejected trades
    /// settle, `retry` results stay pending with their reason, and trades the answer did not mention are not
    /// touched (they stay pending). Marks the platform's last success.
    ///
    /// Throws `LedgerError` (`.full` when the disk or quota is full): then nothing was recorded and every
    /// trade of the batch is still pending, to be sent again with the same batch id.
    public func recordOutcomes(platform: String, batchID: String, results: [DeliveryResult], at now: Date) async throws
    {
        let stamp = CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(now))
        let retries = results.compactMap { if case .retry(let reason) = $0.outcome { reason } else { nil } }
        let error = retries.first.map { "\(retries.count) trade(s) to retry: \($0)" }
        try await outboxWrite("record the platform \(platform)'s answer") { db in
            try OutboxStore.record(platform, batchID: batchID, results: results, now: stamp, db)
            try OutboxStore.updateStatus(platform, now: stamp, success: true, error: error, db)
        }
    }

    /// Records a send that settled nothing (no connection, timeout, retry-later, too large …): the trades stay
    /// pending, each counts one more attempt with `reason` as its last error, and the platform's status shows it.
    public func recordFailedAttempt(
        platform: String, batchID: String, tradeIDs: [Int64], reason: String, at now: Date
    ) async throws {
        let stamp = CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(now))
        try await outboxWrite("record a failed send to \(platform)") { db in
            try OutboxStore.recordAttempt(
                platform, tradeIDs: tradeIDs, batchID: batchID, reason: reason, now: stamp, db)
            try OutboxStore.updateStatus(platform, now: stamp, success: false, error: reason, db)
        }
    }

    /// Sends a rejected trade back to pending for `platform` (`tracegate outbox retry CODE`).
    /// Throws when there is no such trade or it is not rejected by that platform.
    public func retry(traceCode: String, platform: String, at now: Date = Date()) async throws {
        let stamp = CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(now))
        let path = self.path
        try await outboxWrite("send \(traceCode) back to pending") { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM trades WHERE trace_code = ?", arguments: [traceCode])
            else {
                throw LedgerError(kind: .missing, message: "no trade with trace code \(traceCode) in ledger \(path).")
            }
            guard try OutboxStore.reopen(platform, tradeID: id, now: stamp, db) else {
                throw LedgerError(
                    kind: .invalidDraft,
                    message: "trade \(traceCode) is not rejected by platform \(platform); only rejected trades "
                        + "can be sent again (see `tracegate outbox list --state rejected`).")
            }
        }
    }

    /// Retention pruning as the daemon runs it: `prune(committedBefore:acceptedBy:)` with the cutoff `now` minus
    /// `retention`, guarded against a wall clock that is wrong (docs/outbox.md, "Retention and the wall clock"):
    ///
    /// - the cutoff never passes the newest `committed_at` minus `retention`, so a clock far ahead of every trade
    ///   (a dead RTC battery) prunes nothing the ledger's own times call recent;
    /// - while the clock is not behind the newest trade, nothing is pruned when the oldest trade younger than the
    ///   cutoff follows the trade before it by more than `retention`: such a gap looks like a clock that jumped
    ///   ahead and made every trade before it look old. Once the clock is set back (NTP), or the trades after the
    ///   gap are themselves older than `retention`, pruning goes on.
    @discardableResult
    public func prune(
        olderThan retention: TimeInterval, acceptedBy platforms: [String], at now: Date, chunk: Int = 10_000
    ) async throws -> PruneResult {
        let retentionMillis = Int64((retention * 1000).rounded())
        let nowMillis = CommitTimestamp.milliseconds(now)
        let guarded = try await pool.read { db -> (cutoff: Int64, gap: (before: String, after: String)?) in
            guard let newestText = try String.fetchOne(db, sql: "SELECT MAX(committed_at) FROM trades"),
                let newest = CommitTimestamp.parse(newestText)
            else { return (nowMillis - retentionMillis, nil) }
            let cutoff = min(nowMillis, newest) - retentionMillis
            guard nowMillis >= newest,
                let young = try Row.fetchOne(
                    db,
                    sql: "SELECT id, committed_at FROM trades WHERE id = "
                        + "(SELECT MIN(id) FROM trades WHERE committed_at >= ?)",
                    arguments: [CommitTimestamp.format(milliseconds: cutoff)]),
                let before = try String.fetchOne(
                    db, sql: "SELECT committed_at FROM trades WHERE id < ? ORDER BY id DESC LIMIT 1",
                    arguments: [young[0] as Int64]),
                let youngMillis = CommitTimestamp.parse(young[1]), let beforeMillis = CommitTimestamp.parse(before),
                youngMillis - beforeMillis > retentionMillis
            else { return (cutoff, nil) }
            return (cutoff, (before, young[1]))
        }
        if let gap = guarded.gap {
            let message =
                "retention pruning held back: a trade committed at \(gap.after) follows one committed at "
                + "\(gap.before), a gap longer than the retention period; the wall clock may have jumped ahead "
                + "(check it and NTP). Nothing is pruned until the clock is set back or the trades after the gap age out."
            logger.warning("\(message)", metadata: ["path": "\(path)"])
            return try await pool.read { db in try Self.anchor(db) }
        }
        return try await prune(
            committedBefore: CommitTimestamp.date(milliseconds: guarded.cutoff), acceptedBy: platforms, at: now,
            chunk: chunk)
    }

    /// Deletes the oldest trades that every platform in `platforms` accepted and that were committed before
    /// `cutoff`, as one contiguous prefix in commit order, in transactions of at most `chunk` trades. Each
    /// transaction stores the anchor (last pruned id and hash) so `verify` still checks the remaining chain.
    ///
    /// Never prunes a pending or rejected trade (for any platform), nor anything when `platforms` is empty
    /// (a gateway without uplink keeps every trade), whatever the age or the disk size.
    @discardableResult
    public func prune(
        committedBefore cutoff: Date, acceptedBy platforms: [String], at now: Date = Date(), chunk: Int = 10_000
    ) async throws -> PruneResult {
        let cutoffText = CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(cutoff))
        let stamp = CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(now))
        var total = 0
        while true {
            let step: PruneResult = try await outboxWrite("prune delivered trades") { db in
                var anchor = try Self.anchor(db)
                guard !platforms.isEmpty else { return anchor }
                var limit = Int64.max
                for platform in platforms { limit = min(limit, try OutboxStore.mark(platform, db)) }
                // Stop before anything not accepted (rejected or reopened rows, any platform) and anything young.
                if let blocked = try Int64.fetchOne(
                    db, sql: "SELECT MIN(trade_id) FROM deliveries WHERE state != 'accepted'")
                {
                    limit = min(limit, blocked - 1)
                }
                if let young = try Int64.fetchOne(
                    db, sql: "SELECT MIN(id) FROM trades WHERE committed_at >= ?", arguments: [cutoffText])
                {
                    limit = min(limit, young - 1)
                }
                guard
                    let last = try Row.fetchOne(
                        db,
                        sql: "SELECT id, hash FROM (SELECT id, hash FROM trades WHERE id <= ? ORDER BY id LIMIT ?) "
                            + "ORDER BY id DESC LIMIT 1", arguments: [limit, chunk])
                else {
                    return PruneResult(
                        prunedCount: 0, prunedThroughID: anchor.prunedThroughID, anchorHash: anchor.anchorHash)
                }
                let lastID: Int64 = last[0]
                try db.execute(sql: "DELETE FROM trades WHERE id <= ?", arguments: [lastID])
                let removed = db.changesCount
                try db.execute(sql: "DELETE FROM deliveries WHERE trade_id <= ?", arguments: [lastID])
                anchor.prunedCount = removed
                anchor.prunedThroughID = lastID
                anchor.anchorHash = last[1]
                try db.execute(
                    sql: """
                        INSERT INTO ledger_anchor (id, pruned_through_id, pruned_hash, pruned_count, pruned_at)
                        VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET
                        pruned_through_id = excluded.pruned_through_id, pruned_hash = excluded.pruned_hash,
                        pruned_count = ledger_anchor.pruned_count + excluded.pruned_count, pruned_at = excluded.pruned_at
                        """, arguments: [lastID, anchor.anchorHash, removed, stamp])
                return anchor
            }
            total += step.prunedCount
            if step.prunedCount < chunk {
                return PruneResult(
                    prunedCount: total, prunedThroughID: step.prunedThroughID, anchorHash: step.anchorHash)
            }
        }
    }

    /// The stored anchor (nothing pruned yet: id 0 and the genesis hash), with a count of 0 for this run.
    static func anchor(_ db: Database) throws -> PruneResult {
        let row = try Row.fetchOne(db, sql: "SELECT pruned_through_id, pruned_hash FROM ledger_anchor WHERE id = 1")
        return PruneResult(
            prunedCount: 0, prunedThroughID: row?[0] ?? 0, anchorHash: row?[1] ?? TradeRecord.genesisHash)
    }

    /// Runs one outbox write transaction, turning SQLite errors into `LedgerError`s (`.full` for a full disk
    /// or quota, which also raises the storage alarm).
    func outboxWrite<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T
    {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_FULL {
                let message =
                    "ledger \(path) is full: could not \(what); the trades stay pending and will be sent again. "
                    + "Free disk space (or raise ledger.max_size_mib)."
                storageAlarm.raise(message)
                throw LedgerError(kind: .full, message: message)
            }
            throw LedgerError(
                kind: .storage, message: "ledger \(path): could not \(what): \(error.message ?? "\(error)")")
        }
    }
}
