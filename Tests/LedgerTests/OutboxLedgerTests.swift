import Foundation
import Testing
import TraceModel

@testable import Ledger

/// The outbox tables: pending order, outcomes, the settled mark, retry, status, retention, quota.
@Suite("Ledger outbox")
struct OutboxLedgerTests {
    /// Accepted results for `trades`.
    func accepted(_ trades: ArraySlice<Trade>) -> [DeliveryResult] {
        trades.map { DeliveryResult(tradeID: $0.id, outcome: .accepted) }
    }

    /// Pending is commit order; outcomes settle trades; the mark moves over settled trades and no accepted
    /// row remains below it; trades not named stay pending with nothing written.
    @Test func outcomesMoveTheMarkAndKeepOrder() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 10)
        #expect(try ledger.reader.pendingTrades(platform: "city", limit: 4) == Array(trades.prefix(4)))

        // 1…3 accepted, 4 left out, 5 rejected, 6 retry, 7 accepted.
        var results = accepted(trades[0..<3])
        results.append(DeliveryResult(tradeID: trades[4].id, outcome: .rejected(reason: "bad product")))
        results.append(DeliveryResult(tradeID: trades[5].id, outcome: .retry(reason: "busy")))
        results += accepted(trades[6..<7])
        try await ledger.recordOutcomes(platform: "city", batchID: "b1", results: results, at: marketMorning)
        var status = try ledger.reader.deliveryStatus(platform: "city")
        #expect(status.settledThroughID == trades[2].id)
        #expect(status.pendingCount == 5)
        let pending = try ledger.reader.outbox(platform: "city", state: .pending, limit: 100)
        #expect(pending.map(\.trade.id) == [trades[3], trades[5], trades[7], trades[8], trades[9]].map(\.id))
        #expect(pending[1].reason == "busy" && pending[1].attempts == 1)

        // Settle 4 and 6: the mark jumps over 5 (rejected) and 7 (accepted) to 7; the accepted row of 7 is gone.
        try await ledger.recordOutcomes(
            platform: "city", batchID: "b2", results: accepted(trades[3..<4]) + accepted(trades[5..<6]),
            at: marketMorning)
        status = try ledger.reader.deliveryStatus(platform: "city")
        #expect(status.settledThroughID == trades[6].id)
        #expect(status.pendingCount == 3)
        #expect(status.rejectedCount == 1)
        #expect(status.oldestPendingCommittedAt == trades[7].committedAt)
        let rows = try ledger.reader.access { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deliveries WHERE state = 'accepted'") ?? -1
        }
        #expect(rows == 0)
        let rejected = try ledger.reader.outbox(platform: "city", state: .rejected, limit: 10)
        #expect(rejected.map(\.trade) == [trades[4]])
        #expect(rejected.first?.reason == "bad product")
        // Another platform sees everything pending.
        #expect(try ledger.reader.deliveryStatus(platform: "epcis").pendingCount == 10)
        try await ledger.close()
    }

    /// The pending count in the status is exactly the pending listing, and status survives a read-only open.
    @Test func statusMatchesListingAndReadsWithDaemonStopped() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 20)
        try await ledger.recordFailedAttempt(
            platform: "city", batchID: "b0", tradeIDs: trades.prefix(5).map(\.id), reason: "unreachable: refused",
            at: marketMorning)
        try await ledger.recordFailedAttempt(
            platform: "city", batchID: "b0", tradeIDs: trades.prefix(5).map(\.id), reason: "timeout: no answer",
            at: marketMorning)
        let first = try #require(try ledger.reader.outbox(platform: "city", state: .pending, limit: 1).first)
        #expect(first.attempts == 2)
        #expect(first.reason == "timeout: no answer")
        try await ledger.recordOutcomes(
            platform: "city", batchID: "b1", results: accepted(trades[0..<8]), at: marketMorning.addingTimeInterval(60))
        try await ledger.close()

        let reader = try TradeLedger.openReadOnly(path: sandbox.ledgerPath)
        defer { try? reader.close() }
        let status = try reader.deliveryStatus(platform: "city")
        #expect(status.pendingCount == 12)
        #expect(try reader.outbox(platform: "city", state: .pending, limit: 100).count == 12)
        #expect(status.lastSuccessAt == marketMorning.addingTimeInterval(60))
        #expect(status.lastError == nil)
        #expect(try reader.deliveryPlatforms() == ["city"])
    }

    /// Retention prunes only the accepted prefix (stopping at a rejected trade and at young trades), keeps an
    /// anchor so `verify` passes, and new trades chain on, even after every trade was pruned.
    @Test func retentionPrunesOnlyTheAcceptedPrefixAndVerifyPasses() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let clock = ManualWallClock(start: marketMorning)
        let ledger = try openLedger(sandbox, clock: clock)
        let trades = try await commitSequentially(ledger, count: 20)
        let later = marketMorning.addingTimeInterval(40 * 86_400)
        let cutoff = later.addingTimeInterval(-30 * 86_400)

        // Nothing accepted yet, or no platform: nothing pruned, whatever the age.
        #expect(try await ledger.prune(committedBefore: later, acceptedBy: ["city"]).prunedCount == 0)
        #expect(try await ledger.prune(committedBefore: later, acceptedBy: []).prunedCount == 0)

        var results = accepted(trades[0..<10])
        results.append(DeliveryResult(tradeID: trades[10].id, outcome: .rejected(reason: "bad")))
        results += accepted(trades[11..<20])
        try await ledger.recordOutcomes(platform: "city", batchID: "b", results: results, at: later)
        // A second platform that has accepted only 5 holds the rest back.
        try await ledger.recordOutcomes(platform: "epcis", batchID: "e", results: accepted(trades[0..<5]), at: later)
        var pruned = try await ledger.prune(committedBefore: cutoff, acceptedBy: ["city", "epcis"], chunk: 3)
        #expect(pruned.prunedCount == 5)
        try await ledger.recordOutcomes(platform: "epcis", batchID: "e2", results: accepted(trades[5..<20]), at: later)
        pruned = try await ledger.prune(committedBefore: cutoff, acceptedBy: ["city", "epcis"])
        #expect(pruned.prunedCount == 5)
        #expect(pruned.prunedThroughID == trades[9].id)
        #expect(pruned.anchorHash == trades[9].hash)
        #expect(try ledger.count() == 10)
        var verification = try ledger.verify()
        #expect(verification.isIntact)
        #expect(verification.prunedThroughID == trades[9].id)
        #expect(try ledger.reader.outbox(platform: "city", state: .rejected, limit: 5).map(\.trade) == [trades[10]])

        // Retry the rejected trade, accept it: now everything goes, and a new trade chains onto the anchor.
        try await ledger.retry(traceCode: trades[10].traceCode, platform: "city")
        try await ledger.recordOutcomes(platform: "city", batchID: "r", results: accepted(trades[10..<11]), at: later)
        pruned = try await ledger.prune(committedBefore: cutoff, acceptedBy: ["city", "epcis"])
        #expect(pruned.prunedCount == 10)
        #expect(try ledger.count() == 0)
        let next = try await ledger.commit(sampleDraft())
        #expect(next.prevHash == trades[19].hash)
        verification = try ledger.verify()
        #expect(verification.isIntact && verification.tradeCount == 1)
        #expect(try ledger.reader.pruneAnchor().prunedCount == 20)
        // A young trade is never pruned.
        try await ledger.recordOutcomes(
            platform: "city", batchID: "n", results: [.init(tradeID: next.id, outcome: .accepted)], at: later)
        try await ledger.recordOutcomes(
            platform: "epcis", batchID: "n", results: [.init(tradeID: next.id, outcome: .accepted)], at: later)
        #expect(try await ledger.prune(committedBefore: marketMorning, acceptedBy: ["city", "epcis"]).prunedCount == 0)
        try await ledger.close()
    }

    /// Tampering after pruning is still found: the first remaining trade must chain onto the anchor.
    @Test func verifyFromAnchorFindsTampering() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        let trades = try await commitSequentially(ledger, count: 6)
        try await ledger.recordOutcomes(
            platform: "city", batchID: "b", results: accepted(trades[0..<3]), at: marketMorning)
        _ = try await ledger.prune(committedBefore: marketMorning.addingTimeInterval(1), acceptedBy: ["city"])
        try await ledger.outboxWrite("tamper") { db in
            try db.execute(
                sql: "UPDATE ledger_anchor SET pruned_hash = ?", arguments: [String(repeating: "a", count: 64)])
        }
        let verification = try ledger.verify()
        #expect(!verification.isIntact)
        #expect(verification.firstBrokenLink?.tradeID == trades[3].id)
        #expect(verification.firstBrokenLink?.message.contains("pruning anchor") == true)
        try await ledger.close()
    }

    /// Recording outcomes on a full ledger fails as `.full`, raises the alarm and leaves every trade pending;
    /// once space is back the same answer records.
    @Test func recordingOnAFullLedgerKeepsTradesPending() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox, maxBytes: 160 * 1024)
        var trades: [Trade] = []
        while true {
            do { trades.append(try await ledger.commit(sampleDraft())) } catch { break }
        }
        #expect(ledger.storageAlarm.current != nil)
        let reason = String(repeating: "产品编码未备案 ", count: 200)
        let results = trades.map { DeliveryResult(tradeID: $0.id, outcome: .rejected(reason: reason)) }
        let error = await ledgerError {
            try await ledger.recordOutcomes(platform: "city", batchID: "b", results: results, at: marketMorning)
        }
        #expect(error?.kind == .full)
        #expect(error?.message.contains("stay pending") == true)
        #expect(try ledger.reader.deliveryStatus(platform: "city").pendingCount == trades.count)
        #expect(ledger.storageAlarm.current?.contains("full") == true)
        try await ledger.setQuota(maxBytes: nil)
        try await ledger.recordOutcomes(platform: "city", batchID: "b", results: results, at: marketMorning)
        #expect(try ledger.reader.deliveryStatus(platform: "city").rejectedCount == trades.count)
        _ = try await ledger.commit(sampleDraft())
        #expect(ledger.storageAlarm.current == nil)
        try await ledger.close()
    }

    /// A commit wakes a subscriber with the newest id.
    @Test func commitsAreSignalled() async throws {
        let sandbox = try LedgerSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try openLedger(sandbox)
        var iterator = ledger.commits().makeAsyncIterator()
        let trade = try await ledger.commit(sampleDraft())
        #expect(await iterator.next() == trade.id)
        try await ledger.close()
        #expect(await iterator.next() == nil)
    }
}

/// The fast reader of the stored parents text agrees with JSONDecoder and refuses what it cannot read.
@Suite("Stored parents")
struct StoredParentsTests {
    @Test func plainParentsMatchJSON() throws {
        for parents in [[], ["37060000400010000003"], ["a", "b", "猪肉"], [""]] as [[String]] {
            #expect(TradeRecord.plainParents(TradeRecord.json(parents)) == parents)
        }
        #expect(TradeRecord.plainParents(TradeRecord.json(["a\"b"])) == nil)
        #expect(TradeRecord.plainParents("[\"a\" ,\"b\"]") == nil)
        #expect(TradeRecord.plainParents("not json") == nil)
        #expect(TradeRecord.plainParents("[\"a\"") == nil)
    }
}
