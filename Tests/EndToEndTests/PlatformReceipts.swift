import Foundation
import Ledger
import ReferencePlatform
import TraceModel

/// What the reference platform process saw, read through its admin API for `ReceiptAudit`.
extension PlatformProcess {
    /// `GET /admin/stats`, whole.
    func stats() async throws -> PlatformStats {
        try await LocalAPIProbe(port: port).get("/admin/stats", as: PlatformStats.self)
    }

    /// The receipts log — every upload request the gateway sent, faulted or not — in arrival order
    /// (`GET /admin/receipts`, paged).
    func receiptLog() async throws -> [ReceiptRequest] {
        struct Page: Decodable { var requests: [ReceiptRequest] }
        return try await paged("/admin/receipts", Page.self, \.requests, \.request)
    }

    /// Every trade it holds with every field, in arrival order (`GET /admin/trades`, paged).
    func storedTrades() async throws -> [StoredTrade] {
        struct Page: Decodable { var trades: [StoredTrade] }
        return try await paged("/admin/trades", Page.self, \.trades, \.sequence)
    }

    /// All pages of an admin listing that pages with `after` (the last item's `key`).
    private func paged<Page: Decodable, Item>(
        _ path: String, _ type: Page.Type, _ items: KeyPath<Page, [Item]>, _ key: KeyPath<Item, Int64>
    ) async throws -> [Item] {
        var all: [Item] = []
        while true {
            let after = all.last.map { $0[keyPath: key] } ?? 0
            let page = try await LocalAPIProbe(port: port).get("\(path)?after=\(after)&limit=2000", as: Page.self)
            if page[keyPath: items].isEmpty { return all }
            all += page[keyPath: items]
        }
    }
}

/// The ledger file's trades, oldest first, as the ledger module reads them (its own millisecond times: `trades list
/// --json` prints `committed_at` through `TradeJSON`, which can show a millisecond less).
func ledgerTrades(_ path: String) throws -> [Trade] {
    let reader = try TradeLedger.openReadOnly(path: path)
    defer { try? reader.close() }
    return try reader.trades()
}
