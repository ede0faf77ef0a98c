import Delivery
import Foundation
import Ledger
import Testing
import TraceModel
import Uplink

/// The delivery loop against a fault-injecting in-memory platform.
@Suite("Delivery service", .timeLimit(.minutes(1)))
struct DeliveryServiceTests {
    /// 3,000 trades, 30 % faults of every kind: each trade ends accepted exactly once at the platform, nothing
    /// acknowledged is sent again, nothing stays pending, and every batch is in commit order.
    @Test func everyTradeAcceptedExactlyOnceThroughFaults() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 3_000)
        let platform = FaultyPlatform(
            faults: .init(unreachable: 0.06, lostReply: 0.06, retryLater: 0.06, tooLarge: 0.06, partial: 0.06),
            seed: 42, limits: UplinkBatchLimits(maxTrades: 64, maxBytes: 1 << 30))
        let sleeps = RecordedSleeps()
        let service = DeliveryService(
            transport: platform, ledger: ledger, policy: DeliveryPolicy(maxBatchTrades: 100),
            environment: sleeps.environment(seed: 7))
        let drained = try await runService(service) {
            try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
        }
        #expect(drained)
        let record = platform.record
        #expect(record.stored.count == trades.count)
        #expect(Set(record.stored) == Set(trades.map(\.traceCode)))
        #expect(record.resentAfterAcknowledgement == 0)
        for batch in record.batches { #expect(batch == batch.sorted()) }
        // First sends happen in commit order: a trade is never sent before an older pending one.
        var firstSent: [Int64] = []
        var seen: Set<Int64> = []
        for batch in record.batches { for id in batch where seen.insert(id).inserted { firstSent.append(id) } }
        #expect(firstSent == firstSent.sorted())
        let status = try ledger.reader.deliveryStatus(platform: "city")
        #expect(status.rejectedCount == 0)
        #expect(status.settledThroughID == trades.last?.id)
        #expect(status.lastSuccessAt != nil)
        #expect(!sleeps.all.isEmpty)
        try await ledger.close()
    }

    /// Platform down for a simulated day, then up: everything arrives, in commit order per station.
    @Test func downForADayThenEverythingInCommitOrder() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 400, stations: 4)
        let platform = FaultyPlatform(limits: UplinkBatchLimits(maxTrades: 37, maxBytes: 1 << 30))
        platform.setDown(true)
        let sleeps = RecordedSleeps()
        let service = DeliveryService(
            transport: platform, ledger: ledger,
            policy: DeliveryPolicy(backoffInitial: .milliseconds(500), backoffMax: .seconds(3600)),
            environment: sleeps.environment(seed: 3))
        let drained = try await runService(service) {
            // A "day" of backoff (sleeps are instant; their sum is the simulated time), then the platform is back.
            let slept = sleeps.all.reduce(Duration.zero, +)
            if slept >= .seconds(86_400) { platform.setDown(false) }
            return try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
        }
        #expect(drained)
        #expect(sleeps.all.reduce(Duration.zero, +) >= .seconds(86_400))
        let stored = platform.record.stored
        #expect(stored.count == 400)
        let order = Dictionary(uniqueKeysWithValues: trades.map { ($0.traceCode, $0.id) })
        let byStation = Dictionary(grouping: stored) { code in trades.first { $0.traceCode == code }!.draft.station }
        for (_, codes) in byStation { #expect(codes.map { order[$0]! } == codes.map { order[$0]! }.sorted()) }
        try await ledger.close()
    }

    /// Rejected trades stay rejected (listed, counted, never resent) until an operator retries them.
    @Test func rejectedTradesAreKeptListedAndRetriedOnRequest() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 30)
        let refused = [trades[4].traceCode, trades[17].traceCode]
        let platform = FaultyPlatform(rejecting: Set(refused))
        let service = DeliveryService(
            transport: platform, ledger: ledger, environment: RecordedSleeps().environment(seed: 1))
        #expect(try await runService(service) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        let rejected = try ledger.reader.outbox(platform: "city", state: .rejected, limit: 10)
        #expect(rejected.map(\.trade.traceCode) == refused)
        #expect(rejected.allSatisfy { $0.reason == "unknown product code" && $0.attempts == 1 })
        #expect(try ledger.reader.deliveryStatus(platform: "city").rejectedCount == 2)
        #expect(platform.record.sends == 1)

        try await ledger.retry(traceCode: refused[0], platform: "city")
        #expect(try ledger.reader.pendingTrades(platform: "city", limit: 10).map(\.traceCode) == [refused[0]])
        let again = FaultyPlatform()  // now the platform accepts it
        let second = DeliveryService(
            transport: again, ledger: ledger, environment: RecordedSleeps().environment(seed: 1))
        #expect(try await runService(second) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        #expect(again.record.stored == [refused[0]])
        #expect(
            try ledger.reader.outbox(platform: "city", state: .rejected, limit: 10).map(\.trade.traceCode) == [
                refused[1]
            ])
        await #expect(throws: LedgerError.self) {
            try await ledger.retry(traceCode: trades[0].traceCode, platform: "city")
        }
        try await ledger.close()
    }

    /// Closing the ledger mid-run and reopening it (as after kill -9 or a restart): nothing lost, nothing the
    /// ledger had recorded as accepted comes back as pending, and the platform stores each trade once.
    @Test func restartMidRunLosesNothingAndResendsNothingAccepted() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        var ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 600)
        let platform = FaultyPlatform(
            faults: .init(unreachable: 0.1, lostReply: 0.1, retryLater: 0.05, tooLarge: 0.05, partial: 0.1), seed: 9,
            limits: UplinkBatchLimits(maxTrades: 40, maxBytes: 1 << 30))
        for round in 0..<4 {
            let service = DeliveryService(
                transport: platform, ledger: ledger, environment: RecordedSleeps().environment(seed: UInt64(round)))
            let sendsBefore = platform.record.sends
            _ = try await runService(service) { platform.record.sends >= sendsBefore + 6 }
            let pending = Set(try ledger.reader.pendingTrades(platform: "city", limit: 10_000).map(\.id))
            let accepted = Set(trades.map(\.id)).subtracting(pending)
            try await ledger.close()
            ledger = try sandbox.open()
            let reopened = Set(try ledger.reader.pendingTrades(platform: "city", limit: 10_000).map(\.id))
            #expect(reopened == pending)
            #expect(reopened.isDisjoint(with: accepted))
        }
        let final = ledger
        let service = DeliveryService(
            transport: platform, ledger: final, environment: RecordedSleeps().environment(seed: 99))
        #expect(try await runService(service) { try final.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        #expect(platform.record.stored.count == trades.count)
        #expect(Set(platform.record.stored) == Set(trades.map(\.traceCode)))
        #expect(try ledger.verify().isIntact)
        try await ledger.close()
    }

    /// A commit wakes an idle service at once: no polling period.
    @Test func commitWakesIdleService() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let platform = FaultyPlatform()
        let service = DeliveryService(
            transport: platform, ledger: ledger, environment: RecordedSleeps().environment(seed: 1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await service.run() }
            for round in 1...3 {
                while service.snapshot.activity != .idle { try await Task.sleep(for: .milliseconds(1)) }
                try await commitTrades(ledger, count: 5)
                while platform.record.stored.count < round * 5 { try await Task.sleep(for: .milliseconds(1)) }
            }
            group.cancelAll()
        }
        #expect(platform.record.stored.count == 15)
        try await ledger.close()
    }
}
