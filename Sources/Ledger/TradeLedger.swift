import Foundation
import GRDB
import Logging
import TraceModel
import TradeLogic

/// The durable record of trades: issues trace codes and commits trades to SQLite with group commit.
///
/// One `TradeLedger` per ledger file per process; it owns the file's only writer. `commit(_:)`
/// returns only after the transaction holding the trade has committed with `synchronous = FULL`,
/// i.e. after fsync. Callers that commit concurrently share transactions: while one batch is being
/// written every new draft queues, and the next transaction takes them all, so throughput grows
/// with concurrency instead of paying one fsync per trade.
///
/// Writes run on GRDB's writer dispatch queue (never on the Swift cooperative pool), scheduled by
/// whichever `commit` finds the writer idle, so no background task has to be started for commits
/// to work. Shutdown: `run()` (as a service) or `close()` stops intake, finishes what was accepted,
/// and closes the file.
public final class TradeLedger: Sendable {
    /// The configuration the ledger was opened with.
    public let configuration: LedgerConfiguration
    /// Queries and verification over this ledger.
    public let reader: LedgerReader
    /// The database; WAL, one writer connection plus readers.
    let pool: DatabasePool
    /// Issues codes and inserts trades, on the writer queue.
    private let issuer: TradeIssuer
    /// Drafts waiting for the next transaction.
    private let queue = CommitQueue()
    /// Diagnostics.
    let logger: Logger
    /// Wakes delivery services when trades commit.
    private let commitSignal = CommitSignal()
    /// Raised while the disk or quota is full (shown in `/health`).
    public let storageAlarm = StorageAlarm()

    /// Opens (creating if needed) the ledger for writing: checks the file's integrity (moving a
    /// damaged file aside and failing), applies migrations, and enforces `synchronous = FULL`.
    public init(
        configuration: LedgerConfiguration, clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.ledger")
    ) throws {
        let path = configuration.path
        if let maxBytes = configuration.maxBytes, maxBytes < 65_536 {
            throw LedgerError(
                kind: .invalidConfiguration,
                message: "ledger maxBytes is \(maxBytes) for \(path); give at least 65536 bytes, or no quota at all.")
        }
        try LedgerFileCheck.prepare(path: path, now: clock.now(), logger: logger)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "tracegate.ledger"
        let maxBytes = configuration.maxBytes
        config.prepareDatabase { db in
            if maxBytes != nil { try Self.applyQuota(maxBytes, db) }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.refuseForeignDatabase(pool, path: path)
            try LedgerSchema.migrator.migrate(pool)
            // DatabasePool sets synchronous = NORMAL on its writer after prepareDatabase; durability
            // of every acknowledged trade needs FULL (fsync of the WAL at each commit).
            let (synchronous, journal) = try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return (
                    try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
                )
            }
            guard synchronous == 2, journal.lowercased() == "wal" else {
                throw LedgerError(
                    kind: .storage,
                    message: "ledger \(path) runs with synchronous=\(synchronous), journal_mode=\(journal); "
                        + "expected FULL (2) and WAL. The filesystem may not support WAL; use a local disk.")
            }
        } catch let error as DatabaseError {
            throw LedgerError(
                kind: error.resultCode == .SQLITE_FULL ? .full : .storage,
                message: "cannot open ledger \(path): \(LedgerFileCheck.openFailure(error, path: path))")
        }
        self.configuration = configuration
        self.issuer = TradeIssuer(template: configuration.traceCodeTemplate, clock: clock, path: path)
        self.reader = LedgerReader(path: path, database: pool)
        self.logger = logger
        logger.info("ledger open", metadata: ["path": "\(path)", "template": "\(configuration.traceCodeTemplate)"])
    }

    /// Opens an existing ledger for reading only, alongside a running daemon: runs no migrations,
    /// takes no write locks, and fails when the file is missing or not a TraceGate ledger.
    public static func openReadOnly(path: String) throws -> LedgerReader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(
                kind: .missing,
                message: "no ledger at \(path); check the path (the daemon creates it on its first start).")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        config.label = "tracegate.ledger.readonly"
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            let (known, hasClockFlag) = try pool.read { db in
                let known = try db.tableExists("trades") && db.tableExists("sequences")
                return (
                    known, try known && db.columns(in: "trades").contains { $0.name == TradeRecord.clockFlagColumn }
                )
            }
            guard known else {
                try? pool.close()
                throw LedgerError(
                    kind: .damaged, message: "\(path) is not a TraceGate ledger (no trades table); check the path.")
            }
            return LedgerReader(path: path, database: pool, hasClockFlag: hasClockFlag)
        } catch let error as DatabaseError {
            throw LedgerError(
                kind: error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB ? .damaged : .storage,
                message: "cannot open ledger \(path) for reading: \(error.message ?? "\(error)")")
        }
    }

    /// The ledger file.
    public var path: String { configuration.path }

    /// Assigns the draft its trace code and commits it; returns once the trade is durably on disk.
    ///
    /// Throws `LedgerError` (only for this draft) when the draft is invalid, its sequence is
    /// exhausted, the disk or quota is full, or the ledger is closing. Not cancellable once
    /// submitted: the trade may already be on its way to disk, so the caller always learns the outcome.
    public func commit(_ draft: TradeDraft) async throws -> Trade {
        try await withCheckedThrowingContinuation { continuation in
            switch queue.submit(.init(draft: draft, continuation: continuation)) {
            case .queued:
                break
            case .startWriting(let batch):
                write(batch)
            case .refused:
                continuation.resume(
                    throwing: LedgerError(
                        kind: .closed,
                        message: "ledger \(path) is shutting down: trade at station \(draft.station) NOT recorded."))
            }
        }
    }

    /// Writes one batch on the writer queue, resumes its callers, then starts the next batch.
    private func write(_ batch: [CommitQueue.Entry]) {
        pool.asyncWriteWithoutTransaction { [self] db in
            let outcomes = issuer.commit(batch.map(\.draft), in: db)
            var full = 0
            var readOnly = 0
            var newest: Int64?
            for outcome in outcomes {
                switch outcome {
                case .failure(let error) where error.kind == .full: full += 1
                case .failure(let error) where error.kind == .readOnly: readOnly += 1
                case .success(let trade):
                    newest = max(newest ?? trade.id, trade.id)
                    if trade.clockWentBack { warnClockWentBack(trade) }
                case .failure: break
                }
            }
            // The alarm is set before any caller resumes, so a caller sees it in its current state.
            if full > 0 {
                storageAlarm.raise(
                    "ledger \(path) is full: \(full) trade(s) refused at the stalls; free disk space (or raise "
                        + "ledger.max_size_mib). Undelivered trades are never deleted to make room.")
                logger.error("ledger full: trades refused", metadata: ["path": "\(path)", "refused": "\(full)"])
            } else if readOnly > 0 {
                storageAlarm.raise(
                    "ledger \(path) is on a file system that turned read-only (a worn or failing SD card): "
                        + "\(readOnly) trade(s) refused at the stalls; repair (fsck) or replace the card, then restart "
                        + "tracegate. Trades already recorded are safe.")
                logger.critical(
                    "ledger storage read-only: trades refused", metadata: ["path": "\(path)", "refused": "\(readOnly)"])
            } else if newest != nil {
                storageAlarm.clear()
            }
            if let newest { commitSignal.publish(newest) }
            for (entry, outcome) in zip(batch, outcomes) {
                entry.continuation.resume(with: outcome.mapError { $0 as any Error })
            }
            if let next = queue.finishBatch() { write(next) }
        }
    }

    /// Logs a trade whose commit time is earlier than the trade before it (docs/ledger-format.md, `clock_went_back`).
    private func warnClockWentBack(_ trade: Trade) {
        let message =
            "wall clock went backwards: trade \(trade.traceCode) committed at "
            + "\(CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(trade.committedAt))), earlier "
            + "than the trade before it; recorded as the clock said, with clock_went_back = 1. Trace codes keep "
            + "counting and never repeat; check the system clock (timedatectl) and NTP."
        logger.warning("\(message)", metadata: ["path": "\(path)", "trade": "\(trade.id)"])
    }

    /// A stream that yields the newest committed trade id after each group commit (only the newest is kept
    /// while the consumer is busy), so the delivery service wakes at once. Ends when the ledger closes.
    public func commits() -> AsyncStream<Int64> { commitSignal.subscribe() }

    /// Runs until the task is cancelled (e.g. `cancelOnGracefulShutdown()` in a ServiceGroup), then
    /// stops taking drafts, commits everything already accepted, and closes the file. Commits do
    /// not need `run()`; it exists so the daemon's service group owns the ledger's shutdown.
    public func run() async throws {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
        try await close()
    }

    /// Stops taking drafts (later commits fail with `.closed`), waits for accepted drafts to
    /// commit, folds the WAL into the main file, then closes the database. Safe to call more than once.
    public func close() async throws {
        guard await queue.closeAndDrain() else { return }
        // GRDB keeps the WAL file for read-only openers; truncating it leaves one self-contained
        // file for backups and copies. A failure (a reader still open) only leaves the WAL in place.
        commitSignal.finish()
        checkpoint()
        try pool.close()
    }

    /// Folds the WAL into the main file. Synchronous on purpose: `close()` often runs in a cancelled
    /// task (service shutdown), where GRDB's async accesses would throw CancellationError at once.
    private func checkpoint() {
        try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Changes the size quota of the open ledger (nil: no quota), e.g. after space was freed.
    public func setQuota(maxBytes: Int64?) async throws {
        try await pool.writeWithoutTransaction { db in try Self.applyQuota(maxBytes, db) }
    }

    /// Sets `max_page_count` from a byte quota (at least one page; SQLite never shrinks the file
    /// below its current size). Nil asks for SQLite's largest value, which it clamps to its limit.
    private static func applyQuota(_ maxBytes: Int64?, _ db: Database) throws {
        let pageSize = Int64(try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        let pages = maxBytes.map { max(1, $0 / pageSize) } ?? 4_294_967_294
        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
    }

    /// Refuses an existing SQLite file that holds other tables but was never a TraceGate ledger.
    private static func refuseForeignDatabase(_ pool: DatabasePool, path: String) throws {
        let foreign = try pool.read { db in
            let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            return try tables > 0 && !db.tableExists("trades")
        }
        if foreign {
            try? pool.close()
            throw LedgerError(
                kind: .damaged,
                message: "\(path) is an SQLite database but not a TraceGate ledger; check the configured path.")
        }
    }

    /// A pragma's value on the writer connection (tests and diagnostics).
    func writerPragma(_ name: String) throws -> String? {
        try pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    // MARK: Queries (see `LedgerReader`)

    /// The most recent trades since `since`, at most `limit`, oldest first.
    public func trades(since: Date? = nil, limit: Int? = nil) throws -> [Trade] {
        try reader.trades(since: since, limit: limit)
    }

    /// The trade with this trace code, if any.
    public func trade(traceCode: String) throws -> Trade? { try reader.trade(traceCode: traceCode) }

    /// How many trades the ledger holds.
    public func count() throws -> Int { try reader.count() }

    /// The newest trade, if any.
    public func lastTrade() throws -> Trade? { try reader.lastTrade() }

    /// Recomputes the hash chain and names the first broken link.
    public func verify() throws -> LedgerVerification { try reader.verify() }
}
