import ReferencePlatform

extension RunningPlatform {
    /// Every trade the platform holds, in arrival order (paged like `GET /admin/trades`).
    func storedTrades() async throws -> [StoredTrade] {
        var all: [StoredTrade] = []
        while true {
            let page = try await platform.trades(after: all.last?.sequence ?? 0, limit: 5000)
            if page.isEmpty { return all }
            all += page
        }
    }
}
