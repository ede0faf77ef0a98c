import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import Uplink

/// The platform's own SQLite file (WAL): trades keyed by trace code, EPCIS event ids, batch answers for replay,
/// capture jobs. Every request's items are decided and stored in one write transaction, so a request that ends
/// in a fault either stored nothing or stored its trades exactly once.
final class PlatformStore: Sendable {
    /// One item of a request: the trade and, for EPCIS, its event id.
    struct Incoming: Sendable {
        /// The trade.
        var trade: PlatformTrade
        /// The EPCIS eventID, a second deduplication key.
        var eventID: String?
    }

    /// What one `record` call did.
    struct Outcome: Sendable {
        /// One status per item, in order.
        var statuses: [ItemStatus]
        /// False when an all-or-nothing request was rolled back (nothing stored).
        var committed: Bool
    }

    let pool: DatabasePool
    /// The receipts log's clock (arrival and answer ticks); starts above every tick already logged.
    let ticks: Mutex<Int64>
    /// Runs the WAL checkpoints the writer's commits ask for (`ReferencePlatform` runs it as a service).
    let checkpointer: WALCheckpointer

    /// Opens (creating when needed) the database at `path` and migrates it.
    init(path: String) throws(PlatformError) {
        do {
            var configuration = Configuration()
            // The checkpointer's RESTART holds writes back for a moment (WALCheckpointer).
            configuration.busyMode = .timeout(10)
            // A reference platform: WAL with NORMAL survives a crash of this process (the gateway's test);
            // only an OS crash could lose the last transactions.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            pool = try DatabasePool(path: path, configuration: configuration)
            try PlatformSchema.migrator.migrate(pool)
            let lastTick = try pool.read { db in
                try Int64.fetchOne(
                    db, sql: "SELECT MAX(COALESCE(MAX(request), 0), COALESCE(MAX(answered), 0)) FROM receipt_request")
            }
            ticks = Mutex(lastTick ?? 0)
            // Checkpoints beside requests, not inside them. Only the writer commits, so only it gets the hook.
            checkpointer = try WALCheckpointer(path: path)
            let requests = checkpointer.handle
            pool.writeWithoutTransaction { db in WALCheckpointer.install(on: db, asking: requests) }
        } catch {
            throw PlatformError(
                "cannot open the platform database \(path): \(error); check the path and its permissions")
        }
    }

    /// Stores the items that `plans` allow and the platform does not hold yet, in one transaction.
    ///
    /// Order per item: already held (trace code or eventID) → `duplicate`; else its plan (`reject`, `retry`);
    /// else stored → `accepted`. A held trade is never `rejected`. With `allOrNothing`, any rejected or retry item
    /// rolls the whole request back.
    ///
    /// With a `receipt`, the request and every item's answer go into the receipts log in the same transaction (also
    /// when an all-or-nothing request is rolled back: only its trades are undone). `answeredNow` false leaves the
    /// request's answer tick open (EPCIS: the answer is the capture job, read later).
    func record(
        _ items: [Incoming], plans: [FaultInjector.ItemPlan], format: String, batch: String, allOrNothing: Bool,
        receipt: ReceiptTicket? = nil, answeredNow: Bool = true, now: Date = Date()
    ) async throws -> Outcome {
        let receivedAt = WireTime.utc(now)
        return try await pool.writeWithoutTransaction { db in
            var outcome = Outcome(statuses: [], committed: true)
            try db.inTransaction {
                func decide() throws -> Database.TransactionCompletion {
                    outcome.statuses = try items.indices.map { index in
                        try Self.record(
                            items[index], plan: plans[index], format: format, batch: batch,
                            receivedAt: receivedAt, in: db)
                    }
                    let failed = outcome.statuses.contains {
                        if case .rejected = $0 { return true }
                        if case .retry = $0 { return true }
                        return false
                    }
                    if allOrNothing && failed {
                        outcome.committed = false
                        return .rollback
                    }
                    return .commit
                }
                guard let receipt else { return try decide() }
                // The receipts stay when the trades are rolled back.
                if allOrNothing { try db.inSavepoint(decide) } else { _ = try decide() }
                let answers = outcome.statuses.map { ReceiptAnswer($0, committed: outcome.committed) }
                try self.logReceipt(
                    receipt, format: format, batch: batch,
                    outcome: outcome.committed ? .answered : .rolledBack, answeredNow: answeredNow,
                    items: zip(items, answers).map { ($0.trade.traceCode, $0.trade.station, $1) }, in: db)
                return .commit
            }
            return outcome
        }
    }

    private static func record(
        _ item: Incoming, plan: FaultInjector.ItemPlan, format: String, batch: String, receivedAt: String,
        in db: Database
    ) throws -> ItemStatus {
        let trade = item.trade
        if let eventID = item.eventID {
            let seen =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM epcis_event WHERE event_id = ?)"),
                    arguments: [eventID]) ?? false
            if seen { return .duplicate }
        }
        if plan != .store {
            let held =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM trade WHERE trace_code = ?)"),
                    arguments: [trade.traceCode]) ?? false
            if held {
                try remember(eventID: item.eventID, of: trade, capture: batch, in: db)
                return .duplicate
            }
            switch plan {
            case .reject(let reason): return .rejected(reason)
            case .retry(let reason): return .retry(reason)
            case .store: break
            }
        }
        // One statement per new item on the hot path: the UNIQUE key decides accepted vs duplicate.
        try insert(trade, format: format, batch: batch, receivedAt: receivedAt, in: db)
        let inserted = db.changesCount > 0
        try remember(eventID: item.eventID, of: trade, capture: batch, in: db)
        return inserted ? .accepted : .duplicate
    }

    /// The hot path's insert, bound straight through the SQLite C API: GRDB's `StatementArguments` boxes every
    /// value in an existential, which cost as much as SQLite's own work for a 21-column row (BENCHMARKS.md §6).
    private static func insert(
        _ trade: PlatformTrade, format: String, batch: String, receivedAt: String, in db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO trade (trace_code, station, station_kind, node_code, node_name, operator_code,
                    product_code, product_name, grams, unit_price_fen, amount_fen, parents, buyer, committed_at,
                    utc_offset, ledger_id, prev_hash, hash, format, batch, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var parents = JSONBytes(capacity: 2 + trade.parents.count * 24)
        parents.raw("[")
        for (index, parent) in trade.parents.enumerated() {
            if index > 0 { parents.raw(",") }
            parents.string(parent)
        }
        parents.raw("]")
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var column: Int32 = 0
        var status = SQLITE_OK
        func text(_ value: String) {
            column += 1
            var value = value
            let result = value.withUTF8 { utf8 in
                // A nil pointer would bind NULL, not the empty text.
                let start = UnsafeRawPointer(utf8.baseAddress ?? emptyText.utf8Start)
                return sqlite3_bind_text(
                    handle, column, start.assumingMemoryBound(to: CChar.self), Int32(utf8.count), sqliteTransient)
            }
            if status == SQLITE_OK { status = result }
        }
        func integer(_ value: Int64) {
            column += 1
            let result = sqlite3_bind_int64(handle, column, value)
            if status == SQLITE_OK { status = result }
        }
        text(trade.traceCode)
        text(trade.station)
        text(trade.stationKind)
        text(trade.nodeCode)
        text(trade.nodeName)
        text(trade.operatorCode)
        text(trade.productCode)
        text(trade.productName)
        integer(trade.grams)
        integer(trade.unitPriceFen)
        integer(trade.amountFen)
        text(String(decoding: parents.bytes, as: UTF8.self))
        text(trade.buyer)
        text(trade.committedAt)
        text(trade.utcOffset)
        integer(trade.ledgerID)
        text(trade.prevHash)
        text(trade.hash)
        text(format)
        text(batch)
        text(receivedAt)
        if status == SQLITE_OK { status = sqlite3_step(handle) }
        defer { sqlite3_reset(handle) }
        guard status == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql)
        }
    }

    /// A valid pointer for binding empty text.
    private static let emptyText: StaticString = ""

    /// SQLite copies bound text (`SQLITE_TRANSIENT`).
    private static let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Records an EPCIS event id as held, so a resend of the event is a duplicate.
    private static func remember(eventID: String?, of trade: PlatformTrade, capture: String, in db: Database) throws {
        guard let eventID else { return }
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO epcis_event (event_id, trace_code, capture_id) VALUES (?, ?, ?)"
        )
        .execute(arguments: [eventID, trade.traceCode, capture])
    }

    /// The answer stored for a batch id, if any.
    func storedReply(batchID: String) async throws -> [UInt8]? {
        try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT reply FROM batch_reply WHERE batch_id = ?", arguments: [batchID])
                .map { Array($0) }
        }
    }

    /// Remembers the answer to a batch id for replay.
    func remember(reply: [UInt8], batchID: String, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO batch_reply (batch_id, reply, received_at) VALUES (?, ?, ?)",
                arguments: [batchID, Data(reply), WireTime.utc(now)])
        }
    }

    /// Saves a capture job.
    func save(_ job: CaptureJob) async throws {
        let errors = String(decoding: try JSONEncoder().encode(job.errors), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO capture_job (capture_id, created_at, finishes_at_ms, behaviour, success, errors)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [job.id, job.createdAt, job.finishesAtMilliseconds, job.behaviour, job.success, errors])
        }
    }

    /// A capture job by id.
    func job(id: String) async throws -> CaptureJob? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM capture_job WHERE capture_id = ?", arguments: [id])
            else { return nil }
            let errorsText: String = row["errors"]
            let errors = try JSONDecoder().decode([CaptureProblem].self, from: Data(errorsText.utf8))
            return CaptureJob(
                id: row["capture_id"], createdAt: row["created_at"], finishesAtMilliseconds: row["finishes_at_ms"],
                behaviour: row["behaviour"], success: row["success"], errors: errors)
        }
    }
}
