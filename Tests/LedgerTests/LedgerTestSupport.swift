import Foundation
import Ledger
import TraceModel
import TradeLogic

/// A temporary directory holding real ledger files for one test, removed by `cleanUp()`.
struct LedgerSandbox {
    /// The directory.
    let directory: URL

    /// Creates an empty sandbox.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tracegate-ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The path of a ledger file inside the sandbox (in a subdirectory the ledger must create).
    var ledgerPath: String { directory.appendingPathComponent("var/ledger.db").path }

    /// Removes everything.
    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// File names in the ledger's directory.
    func ledgerDirectoryListing() -> [String] {
        let dir = URL(fileURLWithPath: ledgerPath).deletingLastPathComponent().path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}

/// 2026-11-22T02:00:00Z = 10:00 China Standard Time.
let marketMorning = Date(timeIntervalSince1970: 1_795_312_800)

/// A retail pork sale at stall 12 of node 330102001.
func sampleDraft(
    grams: Int64 = 1234, operatorCode: String = "3301020010001", station: String = "stall-12",
    parents: [String] = ["37060000400010000003"]
) -> TradeDraft {
    TradeDraft(
        station: station, nodeCode: "330102001", operatorCode: operatorCode, productCode: "10010001",
        productName: "猪后腿肉 \"pork\" leg", grams: grams, unitPriceFen: 3600, amountFen: grams * 3600 / 1000,
        parents: parents, buyer: "card-0042")
}

/// Opens a ledger in the sandbox.
func openLedger(
    _ sandbox: LedgerSandbox, template: TraceCodeTemplate = .standard, maxBytes: Int64? = nil,
    clock: any WallClock = ManualWallClock(start: marketMorning)
) throws -> TradeLedger {
    try TradeLedger(
        configuration: LedgerConfiguration(path: sandbox.ledgerPath, traceCodeTemplate: template, maxBytes: maxBytes),
        clock: clock)
}

/// Commits `count` drafts one after another.
@discardableResult
func commitSequentially(_ ledger: TradeLedger, count: Int, draft: TradeDraft = sampleDraft()) async throws -> [Trade] {
    var trades: [Trade] = []
    for _ in 0..<count { trades.append(try await ledger.commit(draft)) }
    return trades
}

/// The error a throwing call produced, if it is a `LedgerError`.
func ledgerError(_ body: () async throws -> Void) async -> LedgerError? {
    do {
        try await body()
        return nil
    } catch let error as LedgerError {
        return error
    } catch {
        return nil
    }
}
