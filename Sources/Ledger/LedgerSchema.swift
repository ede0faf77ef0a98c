import GRDB

/// The ledger's schema as frozen migrations.
///
/// A shipped migration is never edited and never refers to application types: later changes
/// (v2: the delivery outbox) are new migrations appended below.
enum LedgerSchema {
    /// The name of the first migration, also used to recognise a TraceGate ledger.
    static let initialMigration = "v1-trades-and-sequences"

    /// The outbox migration: per-platform delivery state, delivery status and the pruning anchor.
    static let outboxMigration = "v2-outbox-delivery-and-anchor"

    /// The downlink migration: the platform's master data documents as received (docs/downlink.md).
    static let masterDataMigration = "v3-master-data"

    /// The clock migration: per trade, whether its commit time is earlier than the previous trade's.
    static let clockFlagMigration = "v4-clock-went-back"

    /// All migrations, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(initialMigration) { db in
            // AUTOINCREMENT: ids are commit order and never reused, even if the last row is removed,
            // so delivery state added later can key on them.
            try db.execute(
                sql: """
                    CREATE TABLE trades (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        trace_code TEXT NOT NULL UNIQUE,
                        station TEXT NOT NULL,
                        node_code TEXT NOT NULL,
                        operator_code TEXT NOT NULL,
                        product_code TEXT NOT NULL,
                        product_name TEXT NOT NULL,
                        grams INTEGER NOT NULL,
                        unit_price_fen INTEGER NOT NULL,
                        amount_fen INTEGER NOT NULL,
                        parents TEXT NOT NULL,
                        buyer TEXT NOT NULL,
                        committed_at TEXT NOT NULL,
                        utc_offset_seconds INTEGER NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX trades_committed_at ON trades(committed_at);
                    CREATE TABLE sequences (
                        key TEXT PRIMARY KEY,
                        last_value INTEGER NOT NULL,
                        last_date TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration(outboxMigration) { db in
            // Delivery state per platform without a row per trade at commit time (docs/outbox.md):
            // every trade with id <= settled_through is settled (accepted, or rejected with a row in
            // `deliveries`); above the mark a trade is pending unless `deliveries` holds a terminal row.
            // `deliveries` also keeps pending rows for trades with failed attempts, and for rejected
            // trades an operator sent back to pending (those may lie below the mark).
            try db.execute(
                sql: """
                    CREATE TABLE delivery_marks (
                        platform TEXT PRIMARY KEY,
                        settled_through INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE deliveries (
                        platform TEXT NOT NULL,
                        trade_id INTEGER NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('accepted', 'rejected', 'pending')),
                        attempts INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        batch_id TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (platform, trade_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX deliveries_by_state ON deliveries(platform, state, trade_id);
                    CREATE TABLE delivery_status (
                        platform TEXT PRIMARY KEY,
                        last_attempt_at TEXT NOT NULL,
                        last_success_at TEXT NOT NULL,
                        last_error TEXT NOT NULL,
                        last_error_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE ledger_anchor (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        pruned_through_id INTEGER NOT NULL,
                        pruned_hash TEXT NOT NULL,
                        pruned_count INTEGER NOT NULL,
                        pruned_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration(masterDataMigration) { db in
            // One row per document kind: the body exactly as the platform sent it (so it can be parsed again by
            // a newer gateway), its ETag, when it was received and last confirmed current, and the last failed
            // refresh. A row may exist with an empty body when every fetch so far failed.
            try db.execute(
                sql: """
                    CREATE TABLE master_data (
                        kind TEXT PRIMARY KEY,
                        etag TEXT NOT NULL,
                        body BLOB NOT NULL,
                        fetched_at TEXT NOT NULL,
                        checked_at TEXT NOT NULL,
                        last_error TEXT NOT NULL,
                        last_error_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration(clockFlagMigration) { db in
            // 1 when the trade's committed_at is earlier than the committed_at of the trade before it in id order:
            // the wall clock was set back between them (docs/ledger-format.md). Not hashed: it follows from the
            // committed_at order the chain covers, and verification checks it. Trades written before this
            // migration get the flag from that same rule, so an old ledger verifies unchanged.
            try db.execute(
                sql: """
                    ALTER TABLE trades ADD COLUMN clock_went_back INTEGER NOT NULL DEFAULT 0;
                    UPDATE trades SET clock_went_back = 1 WHERE id IN (
                        SELECT id FROM (
                            SELECT id, committed_at, LAG(committed_at) OVER (ORDER BY id) AS previous FROM trades
                        ) WHERE committed_at < previous
                    );
                    """)
        }
        return migrator
    }
}
