import Foundation
import GRDB

/// Reading what the platform holds: lookups, per-station listings, counts.
extension PlatformStore {
    /// The trade with this trace code.
    func trade(code: String) async throws -> StoredTrade? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM trade WHERE trace_code = ?", arguments: [code]).map(Self.stored)
        }
    }

    /// Trades in arrival order after sequence `after`, optionally of one station.
    func trades(station: String?, after: Int64, limit: Int) async throws -> [StoredTrade] {
        try await pool.read { db in
            if let station {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM trade WHERE station = ? AND seq > ? ORDER BY seq LIMIT ?",
                    arguments: [station, after, limit]
                ).map(Self.stored)
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM trade WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit]
            ).map(Self.stored)
        }
    }

    /// Trades held, in total and per station.
    func counts() async throws -> (total: Int, perStation: [String: Int], events: Int) {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trade") ?? 0
            var perStation: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT station, COUNT(*) AS n FROM trade GROUP BY station") {
                let station: String = row["station"]
                let count: Int = row["n"]
                perStation[station] = count
            }
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM epcis_event") ?? 0
            return (total, perStation, events)
        }
    }

    /// A row of `trade` as a value.
    static func stored(_ row: Row) throws -> StoredTrade {
        let parentsText: String = row["parents"]
        let parents = try JSONDecoder().decode([String].self, from: Data(parentsText.utf8))
        let trade = PlatformTrade(
            traceCode: row["trace_code"], station: row["station"], stationKind: row["station_kind"],
            nodeCode: row["node_code"], nodeName: row["node_name"], operatorCode: row["operator_code"],
            productCode: row["product_code"], productName: row["product_name"], grams: row["grams"],
            unitPriceFen: row["unit_price_fen"], amountFen: row["amount_fen"], parents: parents, buyer: row["buyer"],
            committedAt: row["committed_at"], utcOffset: row["utc_offset"], ledgerID: row["ledger_id"],
            prevHash: row["prev_hash"], hash: row["hash"])
        return StoredTrade(
            sequence: row["seq"], trade: trade, format: row["format"], batch: row["batch"],
            receivedAt: row["received_at"])
    }
}
