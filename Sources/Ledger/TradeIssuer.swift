import Foundation
import GRDB
import TraceModel
import TradeLogic

/// Assigns trace codes and writes trades: the ledger's one invariant-keeping step.
///
/// Runs on GRDB's writer queue only. For every trade the sequence row is advanced and the trade
/// is inserted in the same transaction, so a code can never be issued twice, not even across a
/// kill -9: either both the new sequence value and the trade are on disk, or neither is.
struct TradeIssuer: Sendable {
    /// The trace-code layout.
    let template: TraceCodeTemplate
    /// Commit time and local offset.
    let clock: any WallClock
    /// The ledger file, for messages.
    let path: String

    /// What one transaction has issued so far but not yet written back: the chain's head and the
    /// sequence states it touched. Discarded with the transaction if that fails.
    private struct Progress {
        /// Hash of the newest trade, including ones inserted earlier in this transaction.
        var prevHash: String
        /// `committed_at` of the newest trade in the ledger (nil when it holds none): a new trade whose time is
        /// earlier gets `clock_went_back`.
        var prevCommittedAt: String?
        /// Sequence state per stream key as of this transaction: last value and last date.
        var sequences: [String: (value: Int64, date: TraceCodeTemplate.LocalDate?)] = [:]
        /// Stream keys whose state changed and must be written before commit.
        var changed: Set<String> = []
    }

    /// Commits `drafts` in one transaction and returns one outcome per draft, in order.
    ///
    /// A draft that fails on its own (invalid, exhausted sequence, code collision) writes nothing
    /// and only its caller gets the error: each trade's INSERT is the only statement that can fail
    /// for such a reason, SQLite undoes just that statement, and sequence states are written once
    /// per stream at the end. If the transaction as a whole fails (disk full, I/O error), every
    /// draft is retried in a transaction of its own so each caller learns its own fate and
    /// nothing already committed is touched.
    func commit(_ drafts: [TradeDraft], in db: Database) -> [Result<Trade, LedgerError>] {
        let checked = drafts.map(validate)
        var outcomes = checked
        do {
            try db.inTransaction(.immediate) {
                var progress = try newestLink(db)
                for index in drafts.indices where checked[index] == nil {
                    do {
                        outcomes[index] = .success(try issue(drafts[index], progress: &progress, in: db))
                    } catch let error as LedgerError {
                        outcomes[index] = .failure(error)
                    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        outcomes[index] = .failure(duplicate(drafts[index], error))
                    }
                }
                try saveSequences(progress, in: db)
                return .commit
            }
            return drafts.indices.map { outcomes[$0] ?? .failure(unexpected(drafts[$0], nil)) }
        } catch {
            return drafts.indices.map { index in
                checked[index] ?? commitAlone(drafts[index], in: db)
            }
        }
    }

    /// Commits one draft in its own transaction (the fallback after a failed batch).
    private func commitAlone(_ draft: TradeDraft, in db: Database) -> Result<Trade, LedgerError> {
        var trade: Trade?
        do {
            try db.inTransaction(.immediate) {
                var progress = try newestLink(db)
                trade = try issue(draft, progress: &progress, in: db)
                try saveSequences(progress, in: db)
                return .commit
            }
            return trade.map { .success($0) } ?? .failure(unexpected(draft, nil))
        } catch let error as LedgerError {
            return .failure(error)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            return .failure(duplicate(draft, error))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            return .failure(
                LedgerError(
                    kind: .full,
                    message: "ledger \(path) is full: trade at station \(draft.station) NOT recorded; "
                        + "free disk space (or raise the ledger's maxBytes quota) and weigh again. "
                        + "Trades already recorded are safe."))
        } catch let error as DatabaseError
            where [.SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN].contains(error.resultCode)
            && Self.fileSystemIsReadOnly(holding: path)
        {
            return .failure(
                LedgerError(
                    kind: .readOnly,
                    message: "ledger \(path) is on a file system that turned read-only (a worn or failing SD card "
                        + "does this to protect itself): trade at station \(draft.station) NOT recorded. Trades "
                        + "already recorded are safe; repair (fsck) or replace the card, then restart tracegate."))
        } catch {
            return .failure(unexpected(draft, error))
        }
    }

    /// Whether the file system holding `path` refuses writes now (`EROFS`): asked only after SQLite failed a write,
    /// by creating and removing a probe file beside the ledger. SQLite's own codes cannot tell: a write to a file
    /// system the kernel remounted read-only after errors comes back as a plain I/O error.
    static func fileSystemIsReadOnly(holding path: String) -> Bool {
        let probe = (path as NSString).deletingLastPathComponent + "/.tracegate-write-probe"
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return errno == EROFS }
        close(descriptor)
        unlink(probe)
        return false
    }

    /// Checks a draft before it reaches SQL; nil when it is acceptable.
    private func validate(_ draft: TradeDraft) -> Result<Trade, LedgerError>? {
        func refuse(_ problem: String) -> Result<Trade, LedgerError> {
            .failure(
                LedgerError(
                    kind: .invalidDraft,
                    message: "trade at station \(draft.station) NOT recorded: \(problem)"))
        }
        guard draft.grams > 0 else { return refuse("weight must be more than 0 g (got \(draft.grams) g)") }
        guard draft.unitPriceFen >= 0 else { return refuse("unit price is negative (\(draft.unitPriceFen) fen)") }
        guard draft.amountFen >= 0 else { return refuse("amount is negative (\(draft.amountFen) fen)") }
        do {
            try template.validateInputs(
                nodeCode: draft.nodeCode, operatorCode: draft.operatorCode, station: draft.station)
        } catch {
            return refuse("\(error); fix the station's configuration")
        }
        return nil
    }

    /// Where the next trade links: the newest trade's hash and commit time; when retention pruned every trade,
    /// the pruning anchor's hash and no time; else the genesis hash.
    private func newestLink(_ db: Database) throws -> Progress {
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT hash, committed_at FROM trades ORDER BY id DESC LIMIT 1"))
        {
            return Progress(prevHash: row[0], prevCommittedAt: row[1])
        }
        let anchor = try String.fetchOne(
            db.cachedStatement(sql: "SELECT pruned_hash FROM ledger_anchor WHERE id = 1"))
        return Progress(prevHash: anchor ?? TradeRecord.genesisHash)
    }

    /// Issues the draft's next code and inserts the trade (inside the caller's transaction).
    /// Throws before writing anything when the sequence is exhausted; a failed INSERT leaves
    /// `progress` untouched.
    private func issue(_ draft: TradeDraft, progress: inout Progress, in db: Database) throws -> Trade {
        let now = clock.now()
        let millis = CommitTimestamp.milliseconds(now)
        let offset = clock.utcOffsetSeconds(at: now)
        let today = TraceCodeTemplate.LocalDate(
            secondsSince1970: millis >= 0 ? millis / 1000 : (millis - 999) / 1000, utcOffsetSeconds: offset)
        let key = template.streamKey(nodeCode: draft.nodeCode, operatorCode: draft.operatorCode, station: draft.station)

        let state = try progress.sequences[key] ?? loadSequence(key, in: db)
        var date = today
        var next = state.value + 1
        if template.usesDate {
            // Never back in time: a clock set backwards keeps the later date and keeps counting.
            if let lastDate = state.date, lastDate >= today {
                date = lastDate
            } else {
                next = 1
            }
        } else if let lastDate = state.date, lastDate > today {
            date = lastDate
        }
        guard next <= template.maxSequence else {
            throw LedgerError(kind: .sequenceExhausted, message: exhaustedMessage(draft, date: date))
        }
        let code = template.render(
            nodeCode: draft.nodeCode, operatorCode: draft.operatorCode, station: draft.station, localDate: date,
            sequence: next)
        let committedAt = CommitTimestamp.format(milliseconds: millis)
        // The text sorts as the time does (fixed width, UTC), as in the verifier's check.
        let wentBack = progress.prevCommittedAt.map { committedAt < $0 } ?? false
        let record = TradeRecord(
            traceCode: code, draft: draft, committedAt: committedAt, utcOffsetSeconds: offset,
            prevHash: progress.prevHash, clockWentBack: wentBack)
        try db.cachedStatement(
            sql: "INSERT INTO trades (\(TradeRecord.insertColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        ).execute(arguments: record.insertArguments)

        progress.sequences[key] = (next, date)
        progress.changed.insert(key)
        progress.prevHash = record.hash
        progress.prevCommittedAt = committedAt
        return Trade(
            id: db.lastInsertedRowID, traceCode: code, draft: draft,
            committedAt: CommitTimestamp.date(milliseconds: millis), utcOffsetSeconds: offset,
            prevHash: record.prevHash, hash: record.hash, clockWentBack: wentBack)
    }

    /// A stream's stored sequence state; value 0 and no date for a stream never used.
    private func loadSequence(
        _ key: String, in db: Database
    ) throws -> (value: Int64, date: TraceCodeTemplate.LocalDate?) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT last_value, last_date FROM sequences WHERE key = ?"), arguments: [key])
        guard let row else { return (0, nil) }
        return (row[0], (row[1] as String?).flatMap(TraceCodeTemplate.LocalDate.init(iso:)))
    }

    /// Writes the sequence states this transaction advanced.
    private func saveSequences(_ progress: Progress, in db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO sequences (key, last_value, last_date) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET last_value = excluded.last_value, last_date = excluded.last_date
                """)
        for key in progress.changed {
            guard let state = progress.sequences[key] else { continue }
            try upsert.execute(arguments: [key, state.value, state.date?.iso ?? ""])
        }
    }

    /// "trace-code sequence for operator … is exhausted …", naming what the sequence counts for.
    private func exhaustedMessage(_ draft: TradeDraft, date: TraceCodeTemplate.LocalDate) -> String {
        var owners: [String] = []
        if template.usesOperatorCode { owners.append("operator \(draft.operatorCode)") }
        if template.usesNodeCode { owners.append("node \(draft.nodeCode)") }
        if template.usesStation { owners.append("station \(draft.station)") }
        if owners.isEmpty { owners.append("template \(template.text)") }
        let day = template.usesDate ? " on \(date.iso)" : ""
        let remedy =
            template.usesDate
            ? "codes restart tomorrow; for more per day widen {seq:N}"
            : "assign a new operator code or widen {seq:N}"
        return "trace-code sequence for \(owners.joined(separator: ", "))\(day) is exhausted "
            + "(\(template.maxSequence) codes issued); \(remedy) in the trace-code template \"\(template.text)\". "
            + "Trade at station \(draft.station) NOT recorded."
    }

    /// A rendered code that already exists (only possible with templates whose fields vary in width).
    private func duplicate(_ draft: TradeDraft, _ error: DatabaseError) -> LedgerError {
        LedgerError(
            kind: .duplicateTraceCode,
            message: "trade at station \(draft.station) NOT recorded: its trace code is already in ledger \(path) "
                + "(\(error.message ?? "constraint failed")); make the trace-code template \"\(template.text)\" "
                + "unambiguous, e.g. give every operator code the same length.")
    }

    /// Any other storage failure.
    private func unexpected(_ draft: TradeDraft, _ error: (any Error)?) -> LedgerError {
        LedgerError(
            kind: .storage,
            message: "ledger \(path) could not record the trade at station \(draft.station) "
                + "(\(error.map { "\($0)" } ?? "no result")); check the disk and the daemon's log.")
    }
}
