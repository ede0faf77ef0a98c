import Foundation
import Ledger
import ReferencePlatform

/// What the reference platform process saw, read through its admin API for `ReceiptAudit`.
extension PlatformProcess {
    /// `GET /admin/stats`, whole.
    func stats() async throws -> PlatformStats {
        try await LocalAPIProbe(port: port).get("/admin/stats", as: PlatformStats.self)
    }

    /// The receipts log — every upload request the gateway sent, faulted or not — in arrival order
    /// (`GET /admin/receipts`, paged).
    func receiptLog() async throws -> [ReceiptRequest] {
        struct Page: Decodable {
            var requests: [ReceiptRequest]
            var next_after: Int64
        }
        var all: [ReceiptRequest] = []
        while true {
            let page = try await LocalAPIProbe(port: port).get(
                "/admin/receipts?after=\(all.last?.request ?? 0)&limit=2000", as: Page.self)
            if page.requests.isEmpty { return all }
            all += page.requests
        }
    }

    /// Every trade it holds with every field, in arrival order (`GET /admin/trades`, paged).
    func storedTrades() async throws -> [StoredTrade] {
        struct Page: Decodable {
            var trades: [StoredTrade]
            var next_after: Int64
        }
        var all: [StoredTrade] = []
        while true {
            let page = try await LocalAPIProbe(port: port).get(
                "/admin/trades?after=\(all.last?.sequence ?? 0)&limit=5000", as: Page.self)
            if page.trades.isEmpty { return all }
            all += page.trades
        }
    }
}

/// The ledger file's trades, oldest first, read with the ledger module (its own millisecond times: `trades list
/// --json` prints `committed_at` through `TradeJSON`, which can show a millisecond less).
func ledgerAuditTrades(_ path: String) throws -> [ReceiptAudit.LedgerTrade] {
    let reader = try TradeLedger.openReadOnly(path: path)
    defer { try? reader.close() }
    return try reader.trades().map(ReceiptAudit.LedgerTrade.init)
}
