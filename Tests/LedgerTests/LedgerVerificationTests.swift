import Foundation
import GRDB
import Testing
import TraceModel

@testable import Ledger

/// The hash chain catches edits made behind the ledger's back.
@Suite struct LedgerVerificationTests {
    /// Runs raw SQL on the ledger file, as an attacker with file access would.
    private func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// Changing a stored field is a hash mismatch at that trade.
    @Test func editedRowIsHashMismatch() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 10)
        #expect(try ledger.verify().isIntact)

        try tamper(sandbox.ledgerPath, "UPDATE trades SET grams = 9999 WHERE id = 4")
        let report = try ledger.verify()
        #expect(!report.isIntact)
        #expect(report.tradeCount == 10)
        #expect(report.intactCount == 3)
        #expect(report.brokenLinkCount == 1)
        let link = try #require(report.firstBrokenLink)
        #expect(link.tradeID == 4)
        #expect(link.traceCode == trades[3].traceCode)
        #expect(link.problem == .hashMismatch)
        #expect(link.message.contains("trade 4 (\(trades[3].traceCode))"))
        #expect(report.description.contains("BROKEN"))
        try await ledger.close()
    }

    /// Deleting a trade breaks the next link; rewriting a hash is caught too.
    @Test func deletedRowIsPrevHashMismatch() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 10)
        try tamper(sandbox.ledgerPath, "DELETE FROM trades WHERE id = 6")
        var report = try ledger.verify()
        #expect(report.tradeCount == 9)
        #expect(report.firstBrokenLink?.tradeID == 7)
        #expect(report.firstBrokenLink?.traceCode == trades[6].traceCode)
        #expect(report.firstBrokenLink?.problem == .prevHashMismatch)
        #expect(report.firstBrokenLink?.message.contains("trade 5's hash") == true)

        // An edit that also recomputes nothing but swaps in another hash: the row itself mismatches first.
        try tamper(sandbox.ledgerPath, "UPDATE trades SET hash = '\(String(repeating: "ab", count: 32))' WHERE id = 2")
        report = try ledger.verify()
        #expect(report.firstBrokenLink?.tradeID == 2)
        #expect(report.firstBrokenLink?.problem == .hashMismatch)
        #expect(report.brokenLinkCount == 3)  // trade 2 itself, trade 3's link to it, trade 7's link to 5
        try await ledger.close()
    }

    /// Timestamps are RFC 3339 UTC with milliseconds and parse back exactly.
    @Test func commitTimestampFormat() {
        #expect(CommitTimestamp.format(milliseconds: 1_795_400_130_123) == "2026-11-23T02:15:30.123Z")
        #expect(CommitTimestamp.format(milliseconds: 5) == "1970-01-01T00:00:00.005Z")
        #expect(CommitTimestamp.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        for millis: Int64 in [0, 1, 999, 1_795_400_130_123, -1, -86_400_001] {
            #expect(CommitTimestamp.parse(CommitTimestamp.format(milliseconds: millis)) == millis)
        }
        #expect(CommitTimestamp.parse("2026-11-23 02:15:30.123Z") == nil)
        #expect(CommitTimestamp.compact(Date(timeIntervalSince1970: 1_795_312_800)) == "20261122T020000Z")
    }
}
