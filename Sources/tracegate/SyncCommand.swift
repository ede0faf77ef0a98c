import ArgumentParser
import CommandSupport
import Foundation
import Gateway
import Ledger

/// `tracegate sync …`: delivery to the platforms.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Show delivery status per platform, or send pending trades now.",
        subcommands: [Status.self, Now.self])

    /// `tracegate sync status`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pending count, oldest pending age, last success and last error per platform.",
            discussion: "Asks the running gateway; with the daemon stopped, reads the ledger (read-only).")

        @OptionGroup var location: UplinkLocation

        @Flag(help: "Print a JSON array.")
        var json = false

        func run() throws {
            var statuses: [SyncStatusJSON]?
            if let response = try location.request("GET", "/sync"), response.status == 200 {
                statuses = try? JSONDecoder().decode([SyncStatusJSON].self, from: response.body)
            }
            if statuses == nil {
                let reader = try location.openReader()
                defer { try? reader.close() }
                let known = try reader.deliveryPlatforms()
                let names = location.platforms() ?? known
                let now = Date()
                statuses = try names.map {
                    SyncStatusJSON(try reader.deliveryStatus(platform: $0), live: nil, now: now)
                }
                let stored = try reader.masterData()
                if !stored.isEmpty, statuses?.isEmpty == false {
                    statuses?[0].master_data = DownlinkService.storedStatus(stored)
                }
                if !json { printError("gateway not running (or its API is off): status read from the ledger") }
            }
            let list = statuses ?? []
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(list), as: UTF8.self))
                return
            }
            if list.isEmpty { print("no uplink platforms configured (the gateway records offline only)") }
            for status in list { print(Self.text(status)) }
        }

        /// A few lines per platform.
        static func text(_ status: SyncStatusJSON) -> String {
            var lines = ["\(status.platform): \(status.pending) pending, \(status.rejected) rejected"]
            if let age = status.oldest_pending_age_seconds, let at = status.oldest_pending_committed_at {
                lines.append("  oldest pending: \(at) (\(duration(age)) ago)")
            }
            lines.append("  last success:   \(status.last_success_at ?? "never")")
            if let error = status.last_error {
                lines.append("  last error:     \(status.last_error_at ?? "")  \(error)")
            }
            if let activity = status.activity {
                var line = "  now:            \(activity)"
                if let backoff = status.backoff_ms { line += " (\(backoff) ms)" }
                lines.append(line)
            }
            if let full = status.storage_full { lines.append("  ALARM: \(full)") }
            for document in status.master_data ?? [] { lines.append(masterDataLine(document)) }
            return lines.joined(separator: "\n")
        }

        /// `  master data catalogue: 12 entries (version 3f2a…), refreshed 2026-11-23T01:02:03Z`, then its error.
        static func masterDataLine(_ status: MasterDataStatusJSON) -> String {
            var line = "  master data \(status.document): "
            if let count = status.count {
                line +=
                    "\(count) entries, version \(status.version ?? "?"), refreshed \(status.refreshed_at ?? "never")"
            } else {
                line += "none received"
            }
            if let error = status.last_error { line += "\n    last error: \(status.last_error_at ?? "")  \(error)" }
            return line
        }

        /// `3d 4h`, `5m 10s`, `42s`.
        static func duration(_ seconds: Int) -> String {
            if seconds >= 86_400 { return "\(seconds / 86_400)d \(seconds % 86_400 / 3600)h" }
            if seconds >= 3600 { return "\(seconds / 3600)h \(seconds % 3600 / 60)m" }
            if seconds >= 60 { return "\(seconds / 60)m \(seconds % 60)s" }
            return "\(seconds)s"
        }
    }

    /// `tracegate sync now`.
    struct Now: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send pending trades now, cutting any backoff short (through the running gateway).")

        @OptionGroup var location: UplinkLocation

        func run() throws {
            guard let response = try location.request("POST", "/sync/now") else {
                printError(
                    "error: the gateway does not answer at \(location.apiBase() ?? "(no API configured)"); is "
                        + "`tracegate run` running? Pending trades are sent as soon as it starts.")
                throw ExitCode(1)
            }
            guard response.status == 200 else {
                printError("error: HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
                throw ExitCode(1)
            }
            print("delivery woken; see `tracegate sync status`")
        }
    }
}
