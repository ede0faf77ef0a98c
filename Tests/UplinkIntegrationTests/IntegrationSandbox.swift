import Foundation
import Ledger
import TraceModel

/// A temporary directory for one test: the gateway's ledger and the platform's database.
struct IntegrationSandbox {
    /// The directory.
    let directory: URL
    /// The ledger's clock: commit times are whatever the test sets here.
    let clock: ManualWallClock

    /// Creates an empty sandbox whose ledger clock starts at 2026-11-22 00:00 UTC.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tracegate-uplink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = ManualWallClock(start: Date(timeIntervalSince1970: 1_795_312_800))
    }

    /// A path inside the sandbox.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Opens the gateway ledger.
    func openLedger() throws -> TradeLedger {
        try TradeLedger(configuration: LedgerConfiguration(path: path("ledger.db")), clock: clock)
    }

    /// Removes everything.
    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}
