/// A trade and, recursively, the upstream trades it came from, as far as the platform holds them.
struct TraceChain: Sendable, Hashable {
    /// The code looked up.
    var code: String
    /// The trade, when the platform holds it.
    var trade: StoredTrade?
    /// Its parents' chains, in the trade's order.
    var parents: [TraceChain]
    /// True when the code already appeared higher up in the chain (a loop in the data); not expanded again.
    var repeated: Bool

    /// Deepest chain followed; deeper parents are listed without their own parents.
    static let maximumDepth = 16

    /// Builds the chain of `code` with `lookup`, guarding against loops and runaway depth.
    static func build(
        code: String, lookup: (String) async throws -> StoredTrade?, seen: Set<String> = [], depth: Int = 0
    ) async throws -> TraceChain {
        if seen.contains(code) { return TraceChain(code: code, trade: nil, parents: [], repeated: true) }
        let trade = try await lookup(code)
        var parents: [TraceChain] = []
        if let trade, depth < maximumDepth {
            for parent in trade.trade.parents {
                parents.append(
                    try await build(code: parent, lookup: lookup, seen: seen.union([code]), depth: depth + 1))
            }
        }
        return TraceChain(code: code, trade: trade, parents: parents, repeated: false)
    }
}
