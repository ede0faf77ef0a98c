import Foundation
import Testing
import TraceModel

@testable import Ledger

/// The `master_data` table: documents survive a reopen, a 304 confirms, a failure keeps the last good body.
@Suite("Ledger master data")
struct MasterDataLedgerTests {
    /// Store, confirm, fail, reopen: the body and ETag are kept verbatim, times and the error as recorded.
    @Test func roundTripKeepsLastGoodDocument() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let body = Array(#"{"version":"v1","items":[{"code":"P1","name":"猪肉","unit_price_fen_per_kg":3000}]}"#.utf8)
        var ledger = try openLedger(sandbox)
        #expect(try ledger.reader.masterData().isEmpty)
        try await ledger.recordMasterDataError(kind: "operators", error: "unreachable", at: marketMorning)
        try await ledger.storeMasterData(kind: "catalogue", etag: "\"v1\"", body: body, at: marketMorning)
        try await ledger.confirmMasterData(kind: "catalogue", at: marketMorning.addingTimeInterval(300))
        try await ledger.recordMasterDataError(
            kind: "catalogue", error: "timeout", at: marketMorning.addingTimeInterval(600))
        try await ledger.close()

        ledger = try openLedger(sandbox)
        let records = try ledger.reader.masterData()
        #expect(records.map(\.kind) == ["catalogue", "operators"])
        let catalogue = records[0]
        #expect(catalogue.body == body && catalogue.etag == "\"v1\"")
        #expect(catalogue.fetchedAt == marketMorning)
        #expect(catalogue.checkedAt == marketMorning.addingTimeInterval(300))
        #expect(catalogue.lastError == "timeout" && catalogue.lastErrorAt == marketMorning.addingTimeInterval(600))
        let operators = records[1]
        #expect(operators.body.isEmpty && operators.fetchedAt == nil && operators.lastError == "unreachable")

        // A new body clears the error.
        try await ledger.storeMasterData(kind: "catalogue", etag: "\"v2\"", body: [0x7B, 0x7D], at: marketMorning)
        let updated = try #require(try ledger.reader.masterData().first)
        #expect(updated.etag == "\"v2\"" && updated.body == [0x7B, 0x7D] && updated.lastError == nil)
        try await ledger.close()
    }
}
