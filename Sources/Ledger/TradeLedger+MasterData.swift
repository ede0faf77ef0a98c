import Foundation
import GRDB

/// The downlink's writes and reads: master data documents kept in the ledger so they apply while offline
/// (docs/downlink.md).
extension TradeLedger {
    /// Stores a document the platform sent (200): body verbatim, ETag, received and confirmed now; clears the
    /// last error.
    public func storeMasterData(kind: String, etag: String, body: [UInt8], at now: Date) async throws {
        let stamp = Self.masterDataStamp(now)
        try await outboxWrite("store master data \(kind)") { db in
            try db.execute(
                sql: """
                    INSERT INTO master_data (kind, etag, body, fetched_at, checked_at, last_error, last_error_at)
                    VALUES (?, ?, ?, ?, ?, '', '')
                    ON CONFLICT(kind) DO UPDATE SET etag = excluded.etag, body = excluded.body,
                        fetched_at = excluded.fetched_at, checked_at = excluded.checked_at, last_error = '',
                        last_error_at = ''
                    """, arguments: [kind, etag, Data(body), stamp, stamp])
        }
    }

    /// Records that the platform confirmed the stored document is current (304); clears the last error.
    public func confirmMasterData(kind: String, at now: Date) async throws {
        let stamp = Self.masterDataStamp(now)
        try await outboxWrite("record master data \(kind) as current") { db in
            try db.execute(
                sql: "UPDATE master_data SET checked_at = ?, last_error = '', last_error_at = '' WHERE kind = ?",
                arguments: [stamp, kind])
        }
    }

    /// Records a failed refresh; the stored body (if any) is kept and still applies.
    public func recordMasterDataError(kind: String, error: String, at now: Date) async throws {
        let stamp = Self.masterDataStamp(now)
        try await outboxWrite("record a failed master data \(kind) refresh") { db in
            try db.execute(
                sql: """
                    INSERT INTO master_data (kind, etag, body, fetched_at, checked_at, last_error, last_error_at)
                    VALUES (?, '', X'', '', '', ?, ?)
                    ON CONFLICT(kind) DO UPDATE SET last_error = excluded.last_error,
                        last_error_at = excluded.last_error_at
                    """, arguments: [kind, error, stamp])
        }
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ`, the ledger's timestamp format.
    static func masterDataStamp(_ date: Date) -> String {
        CommitTimestamp.format(milliseconds: CommitTimestamp.milliseconds(date))
    }
}

extension LedgerReader {
    /// Every stored master data document, by kind (empty for a ledger from before the downlink).
    public func masterData() throws -> [MasterDataRecord] {
        try access { db in
            guard try db.tableExists("master_data") else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, etag, body, fetched_at, checked_at, last_error, last_error_at
                    FROM master_data ORDER BY kind
                    """
            ).map { row in
                func date(_ column: Int) -> Date? {
                    let text: String = row[column]
                    return CommitTimestamp.parse(text).map(CommitTimestamp.date(milliseconds:))
                }
                let error: String = row[5]
                let body: Data = row[2] ?? Data()
                return MasterDataRecord(
                    kind: row[0], etag: row[1], body: [UInt8](body), fetchedAt: date(3), checkedAt: date(4),
                    lastError: error.isEmpty ? nil : error, lastErrorAt: date(6))
            }
        }
    }
}
