import GRDB

/// The platform database's migrations. Frozen once shipped: add a migration, never edit one.
enum PlatformSchema {
    /// All migrations in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per trace code, ever: the UNIQUE key is what makes every resend a `duplicate`.
            try db.execute(
                sql: """
                    CREATE TABLE trade (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        trace_code TEXT NOT NULL UNIQUE,
                        station TEXT NOT NULL,
                        station_kind TEXT NOT NULL,
                        node_code TEXT NOT NULL,
                        node_name TEXT NOT NULL,
                        operator_code TEXT NOT NULL,
                        product_code TEXT NOT NULL,
                        product_name TEXT NOT NULL,
                        grams INTEGER NOT NULL,
                        unit_price_fen INTEGER NOT NULL,
                        amount_fen INTEGER NOT NULL,
                        parents TEXT NOT NULL,
                        buyer TEXT NOT NULL,
                        committed_at TEXT NOT NULL,
                        utc_offset TEXT NOT NULL,
                        ledger_id INTEGER NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        format TEXT NOT NULL,
                        batch TEXT NOT NULL,
                        received_at TEXT NOT NULL
                    );
                    CREATE INDEX trade_by_station ON trade(station, seq);
                    CREATE TABLE batch_reply (
                        batch_id TEXT PRIMARY KEY,
                        reply BLOB NOT NULL,
                        received_at TEXT NOT NULL
                    );
                    CREATE TABLE epcis_event (
                        event_id TEXT PRIMARY KEY,
                        trace_code TEXT NOT NULL,
                        capture_id TEXT NOT NULL
                    );
                    CREATE TABLE capture_job (
                        capture_id TEXT PRIMARY KEY,
                        created_at TEXT NOT NULL,
                        finishes_at_ms INTEGER NOT NULL,
                        behaviour TEXT NOT NULL,
                        success INTEGER NOT NULL,
                        errors TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2 receipts") { db in
            // What arrived, faulted or not (docs/reference-platform.md, "Receipts"): one row per upload request,
            // its items packed as JSON — one insert per request, not per item, so the log costs the hot path little.
            // `request` is the arrival tick.
            try db.execute(
                sql: """
                    CREATE TABLE receipt_request (
                        request INTEGER PRIMARY KEY,
                        format TEXT NOT NULL,
                        batch TEXT NOT NULL,
                        outcome TEXT NOT NULL,
                        answered INTEGER,
                        answer_dropped INTEGER NOT NULL,
                        sender_gone INTEGER NOT NULL DEFAULT 0,
                        items TEXT NOT NULL
                    );
                    """)
        }
        return migrator
    }
}
