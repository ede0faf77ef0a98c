import GRDB

/// The ledger's schema as frozen migrations.
///
/// A shipped migration is never edited and never refers to application types: later changes
/// (the delivery outbox is next) are new migrations appended below.
enum LedgerSchema {
    /// The name of the first migration, also used to recognise a TraceGate ledger.
    static let initialMigration = "v1-trades-and-sequences"

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
        return migrator
    }
}
