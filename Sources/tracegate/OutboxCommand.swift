import ArgumentParser
import CommandSupport
import Foundation
import Gateway
import Ledger

/// `tracegate outbox …`: undelivered trades.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "List pending or rejected trades; send a rejected trade again.",
        subcommands: [List.self, Retry.self])

    /// `tracegate outbox list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List pending or rejected trades, oldest first (reads the ledger; works with the daemon stopped)."
        )

        @OptionGroup var location: UplinkLocation

        @Option(help: "pending or rejected.")
        var state: String = "rejected"

        @Option(help: "Only this platform (default: every configured platform).")
        var platform: String?

        @Option(help: "At most this many trades per platform.")
        var limit: Int = 100

        @Flag(help: "One JSON object per line.")
        var json = false

        func validate() throws {
            guard let parsed = DeliveryState(rawValue: state), parsed != .accepted else {
                throw ValidationError("--state must be pending or rejected (got '\(state)').")
            }
            try OptionCheck.atLeast(1, limit, "limit")
        }

        func run() throws {
            let reader = try location.openReader()
            defer { try? reader.close() }
            let known = try reader.deliveryPlatforms()
            let names = platform.map { [$0] } ?? location.platforms() ?? known
            var total = 0
            for name in names {
                let entries = try reader.outbox(
                    platform: name, state: DeliveryState(rawValue: state) ?? .rejected, limit: limit)
                total += entries.count
                for entry in entries {
                    if json {
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                        print(String(decoding: try encoder.encode(OutboxEntryJSON(entry)), as: UTF8.self))
                    } else {
                        let reason = entry.reason.isEmpty ? "" : "  \(entry.reason)"
                        print(
                            "\(entry.platform)  \(entry.state.rawValue)  \(entry.trade.traceCode)  "
                                + "\(TradeJSON.rfc3339(entry.trade.committedAt))  attempts \(entry.attempts)\(reason)")
                    }
                }
            }
            if !json { printError("\(total) \(state) trade(s)") }
        }
    }

    /// `tracegate outbox retry CODE`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a rejected trade again (after fixing what the platform objected to).",
            discussion: "Goes through the running gateway; with the daemon stopped, updates the ledger directly.")

        @OptionGroup var location: UplinkLocation

        @Option(help: "Only for this platform (default: every platform that rejected it).")
        var platform: String?

        @Argument(help: "The trace code.")
        var code: String

        func run() async throws {
            let query =
                platform.map { "?platform=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) }
                ?? ""
            if let response = try location.request("POST", "/outbox/\(LocalAPIAddress.pathSegment(code))/retry\(query)")
            {
                if response.status == 200, let reply = try? JSONDecoder().decode(RetryReply.self, from: response.body) {
                    print("\(code) is pending again for \(reply.platforms.joined(separator: ", "))")
                    return
                }
                let message = (try? JSONDecoder().decode([String: String].self, from: response.body))?["error"]
                printError("error: \(message ?? "HTTP \(response.status)")")
                throw ExitCode(1)
            }
            // Daemon stopped: the ledger has no other writer, so update it here; the daemon sends it on start.
            let names = platform.map { [$0] } ?? (location.platforms() ?? [])
            guard !names.isEmpty else {
                throw ValidationError("Give --platform NAME (no platforms found in --config).")
            }
            let ledger = try TradeLedger(configuration: LedgerConfiguration(path: try location.ledgerPath()))
            var reopened: [String] = []
            var failure: (any Error)?
            for name in names {
                do {
                    try await ledger.retry(traceCode: code, platform: name)
                    reopened.append(name)
                } catch {
                    failure = error
                }
            }
            try await ledger.close()
            if reopened.isEmpty {
                printError("error: \(failure.map { "\($0)" } ?? "not rejected")")
                throw ExitCode(1)
            }
            print(
                "\(code) is pending again for \(reopened.joined(separator: ", ")) (gateway not running: sent when it starts)"
            )
        }
    }
}
