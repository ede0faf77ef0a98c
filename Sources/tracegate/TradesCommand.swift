import ArgumentParser
import CommandSupport
import Foundation
import Gateway
import Ledger
import TraceModel

/// `tracegate trades …`: read the ledger (safe while the daemon runs).
struct TradesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades", abstract: "List and show recorded trades.", subcommands: [List.self, Show.self])

    /// `tracegate trades list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trades, oldest first.")

        @OptionGroup var location: LedgerLocation

        @Flag(help: "One JSON object per line.")
        var json = false

        @Option(
            help:
                "Only trades committed at or after this time (RFC 3339, e.g. 2026-11-22T00:00:00Z or 2026-11-22T08:00:00+08:00)."
        )
        var since: String?

        @Option(help: "At most this many trades (the newest ones).")
        var limit: Int?

        func validate() throws {
            if let since, RFC3339.parse(since) == nil {
                throw ValidationError("--since '\(since)' is not an RFC 3339 time such as 2026-11-22T08:00:00+08:00.")
            }
            if let limit { try OptionCheck.atLeast(1, limit, "limit") }
        }

        func run() throws {
            let reader = try location.openReader()
            let trades = try reader.trades(since: since.flatMap(RFC3339.parse), limit: limit)
            for trade in trades { print(json ? TradeJSON(trade).jsonLine() : TradeText.line(trade)) }
            if !json { printError("\(trades.count) trade(s)") }
        }
    }

    /// `tracegate trades show CODE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one trade by trace code, as JSON.")

        @OptionGroup var location: LedgerLocation

        @Argument(help: "The trace code.")
        var code: String

        func run() throws {
            let reader = try location.openReader()
            guard let trade = try reader.trade(traceCode: code) else {
                printError("no trade with trace code \(code) in \(try location.ledgerPath())")
                throw ExitCode(1)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(TradeJSON(trade)), as: UTF8.self))
        }
    }
}

/// `tracegate verify`: recompute the hash chain.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the ledger's hash chain and name the first broken link.")

    @OptionGroup var location: LedgerLocation

    func run() throws {
        let reader = try location.openReader()
        let report = try reader.verify()
        print(report.description)
        if !report.isIntact { throw ExitCode(2) }
    }
}

/// RFC 3339 times as the CLI accepts them.
enum RFC3339 {
    /// Parses `2026-11-22T08:00:00Z`, with optional fractional seconds and numeric offsets.
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }
}
