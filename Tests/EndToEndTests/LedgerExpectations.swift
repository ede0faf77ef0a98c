import Testing

/// The invariants every ledger the daemon wrote must keep, checked on `trades list --json` output.
enum LedgerExpectations {
    /// Trace codes are unique, 20 digits, start with a known operator code, and each operator's
    /// sequence runs 1, 2, 3 … in ledger order without gaps or repeats; ids increase and each trade's
    /// `prev_hash` is the previous trade's `hash`.
    static func expectWellFormed(
        _ trades: [TradeLine], operators: Set<String>, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let codes = trades.map(\.trace_code)
        #expect(Set(codes).count == codes.count, "a trace code repeats: \(codes)", sourceLocation: sourceLocation)
        for trade in trades {
            #expect(
                trade.trace_code.count == 20 && trade.trace_code.allSatisfy { $0.isASCII && $0.isNumber },
                "\(trade.trace_code) is not 20 digits", sourceLocation: sourceLocation)
            #expect(
                trade.trace_code.hasPrefix(trade.operator_code) && operators.contains(trade.operator_code),
                "\(trade.trace_code) does not start with a configured operator code (\(trade.operator_code))",
                sourceLocation: sourceLocation)
            #expect(trade.grams > 0, "\(trade.trace_code) has \(trade.grams) g", sourceLocation: sourceLocation)
        }
        for operatorCode in operators {
            let sequences = trades.filter { $0.operator_code == operatorCode }.map(\.sequence)
            #expect(
                sequences == Array(0..<sequences.count).map { $0 + 1 },
                "operator \(operatorCode) sequences are not 1…\(sequences.count): \(sequences)",
                sourceLocation: sourceLocation)
        }
        for (previous, trade) in zip(trades, trades.dropFirst()) {
            #expect(
                previous.id < trade.id, "ids out of order: \(previous.id), \(trade.id)", sourceLocation: sourceLocation)
            #expect(
                trade.prev_hash == previous.hash, "hash chain broken at \(trade.trace_code)",
                sourceLocation: sourceLocation)
        }
    }
}
