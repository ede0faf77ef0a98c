import Foundation
import GRDB
import TraceModel

/// Queries and chain verification over a ledger file; safe to use while the daemon writes.
///
/// Obtained from `TradeLedger.reader` in the daemon, or `TradeLedger.openReadOnly(path:)` in CLI
/// commands: WAL lets such readers see every committed trade without blocking the writer.
/// Calls are synchronous SQLite reads; from async code call them sparingly (CLI, HTTP handlers).
public final class LedgerReader: Sendable {
    /// The ledger file.
    public let path: String
    /// The connection(s) reads go through.
    let database: any DatabaseReader
    /// Whether `trades` has the `clock_went_back` column (a ledger opened read-only may predate it).
    let hasClockFlag: Bool
    /// The clock flag as trade queries select it: the column, or 0 for a ledger written before it existed.
    let clockFlag: String
    /// The columns trade queries select: `TradeRecord.columns` and the clock flag (made once, not per query).
    let tradeColumns: String

    /// Wraps an open database.
    init(path: String, database: any DatabaseReader, hasClockFlag: Bool = true) {
        self.path = path
        self.database = database
        self.hasClockFlag = hasClockFlag
        clockFlag = hasClockFlag ? TradeRecord.clockFlagColumn : "0 AS " + TradeRecord.clockFlagColumn
        tradeColumns = TradeRecord.columns + ", " + clockFlag
    }

    /// The most recent trades committed at or after `since` (all when nil), at most `limit` of
    /// them (all when nil), in commit order: oldest first, newest last.
    ///
    /// `since` compares commit times; after a clock correction these need not follow commit order.
    public func trades(since: Date? = nil, limit: Int? = nil) throws -> [Trade] {
        let sinceText = since.map { CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds($0)) } ?? ""
        return try records(
            sql: "SELECT * FROM (SELECT \(tradeColumns) FROM trades WHERE committed_at >= ? "
                + "ORDER BY id DESC LIMIT ?) ORDER BY id",
            arguments: [sinceText, limit ?? -1])
    }

    /// Trades with ids greater than `afterID`, oldest first, at most `limit`: for paging through
    /// the whole ledger (exports, delivery).
    public func trades(afterID: Int64, limit: Int) throws -> [Trade] {
        try records(
            sql: "SELECT \(tradeColumns) FROM trades WHERE id > ? ORDER BY id LIMIT ?",
            arguments: [afterID, limit])
    }

    /// The trade with this trace code, if any.
    public func trade(traceCode: String) throws -> Trade? {
        try records(
            sql: "SELECT \(tradeColumns) FROM trades WHERE trace_code = ?", arguments: [traceCode]
        ).first
    }

    /// How many trades the ledger holds.
    public func count() throws -> Int {
        try access { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0 }
    }

    /// The newest trade, if any.
    public func lastTrade() throws -> Trade? {
        try records(sql: "SELECT \(tradeColumns) FROM trades ORDER BY id DESC LIMIT 1", arguments: []).first
    }

    /// Recomputes the hash chain in commit order from one consistent snapshot and reports the
    /// first broken link. Reads every trade once; memory use does not grow with the ledger.
    public func verify() throws -> LedgerVerification {
        try access { db in
            // After retention pruning the chain starts at the anchor: the hash of the last pruned trade,
            // stored in the same transaction that deleted it.
            var anchor: (id: Int64, hash: String)?
            if try db.tableExists("ledger_anchor"),
                let row = try Row.fetchOne(
                    db, sql: "SELECT pruned_through_id, pruned_hash FROM ledger_anchor WHERE id = 1")
            {
                anchor = (row[0], row[1])
            }
            var result = LedgerVerification(
                tradeCount: 0, intactCount: 0, brokenLinkCount: 0, firstBrokenLink: nil,
                lastHash: anchor?.hash ?? TradeRecord.genesisHash, prunedThroughID: anchor?.id ?? 0)
            var previous: (id: Int64, hash: String)? = anchor
            // The previous row's commit time; nil for the first row (before it: nothing, or pruned trades).
            var previousCommittedAt: String?
            let rows = try Row.fetchCursor(db, sql: "SELECT \(tradeColumns) FROM trades ORDER BY id")
            while let row = try rows.next() {
                let record = TradeRecord(row: row)
                result.tradeCount += 1
                let expectedPrev = previous?.hash ?? TradeRecord.genesisHash
                var broken: LedgerVerification.BrokenLink?
                if let wrongType = TradeRecord.typeProblem(row) {
                    broken = .init(
                        tradeID: record.id, traceCode: record.traceCode, problem: .wrongType,
                        message: "trade \(record.id) (\(record.traceCode)): \(wrongType): its stored fields were "
                            + "changed after it was committed.")
                } else if record.prevHash != expectedPrev {
                    let before =
                        previous.map {
                            "trade \($0.id)'s hash \($0.hash)" + ($0.id == anchor?.id ? " (pruning anchor)" : "")
                        }
                        ?? "the genesis hash (64 zeros)"
                    broken = .init(
                        tradeID: record.id, traceCode: record.traceCode, problem: .prevHashMismatch,
                        message: "trade \(record.id) (\(record.traceCode)) has prev_hash \(record.prevHash) but "
                            + "\(before) precedes it: a trade before it was removed, inserted or re-ordered, "
                            + "or that trade's hash was rewritten.")
                } else if record.computedHash() != record.hash {
                    broken = .init(
                        tradeID: record.id, traceCode: record.traceCode, problem: .hashMismatch,
                        message: "trade \(record.id) (\(record.traceCode)) no longer matches its hash "
                            + "\(record.hash): its stored fields were changed after it was committed.")
                } else if hasClockFlag, let previousCommittedAt,
                    record.clockWentBack != (record.committedAt < previousCommittedAt)
                {
                    broken = .init(
                        tradeID: record.id, traceCode: record.traceCode, problem: .clockFlagMismatch,
                        message: "trade \(record.id) (\(record.traceCode)) has clock_went_back = "
                            + "\(record.clockWentBack ? 1 : 0) but its committed_at \(record.committedAt) is "
                            + "\(record.clockWentBack ? "not " : "")earlier than the previous trade's "
                            + "\(previousCommittedAt): the flag was changed after the trade was committed.")
                }
                if let broken {
                    result.brokenLinkCount += 1
                    if result.firstBrokenLink == nil { result.firstBrokenLink = broken }
                } else if result.firstBrokenLink == nil {
                    result.intactCount += 1
                }
                // Continue from the stored hash so one edited row counts as one broken link.
                previous = (record.id, record.hash)
                previousCommittedAt = record.committedAt
                result.lastHash = record.hash
            }
            // The end of the chain: ids are never reused (AUTOINCREMENT), so the highest id ever issued is the
            // newest trade's, or the anchor's when everything was pruned (docs/ledger-format.md, check 4).
            let newest = previous?.id ?? 0
            if let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'trades'"),
                issued > newest
            {
                result.brokenLinkCount += 1
                if result.firstBrokenLink == nil {
                    result.firstBrokenLink = .init(
                        tradeID: issued, traceCode: "",
                        problem: .truncated,
                        message: "trade ids up to \(issued) were issued but the newest remaining trade is "
                            + "\(newest == 0 ? "none" : String(newest)): trades were deleted from the end of the ledger."
                    )
                }
            }
            return result
        }
    }

    /// Closes the reader's connections (read-only opens only; the daemon's ledger closes itself).
    public func close() throws {
        if let pool = database as? DatabasePool { try pool.close() }
    }

    /// Runs a query that returns trades.
    private func records(sql: String, arguments: StatementArguments) throws -> [Trade] {
        try access { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { TradeRecord(row: $0).trade }
        }
    }

    /// Reads inside one snapshot, turning SQLite errors into `LedgerError`s naming the file.
    func access<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw LedgerError(
                kind: error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB ? .damaged : .storage,
                message: "could not read ledger \(path): \(error.message ?? "\(error)")")
        }
    }
}
