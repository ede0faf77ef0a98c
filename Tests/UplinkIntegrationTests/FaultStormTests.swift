import Delivery
import Foundation
import Ledger
import ReferencePlatform
import Synchronization
import Testing
import TraceModel
import Uplink
import UplinkHTTP

/// The real delivery service and HTTP transport against the real reference platform over loopback HTTP, with
/// the platform injecting about 30 % faults of every kind.
@Suite("Fault storm over real HTTP", .timeLimit(.minutes(2)))
struct FaultStormTests {
    /// 10,000 trades from four stalls through timeouts, resets, 500s, 429/503 with Retry-After, answers lost after
    /// the trades were stored and partially accepted batches: every trade is held exactly once with its ledger
    /// contents, none rejected, the outbox ends empty; the trades whose answers were lost were really sent again and
    /// answered `duplicate`; and on the wire — the platform's receipts log of every request, faulted or not — no
    /// stall's trade was sent before its predecessor was in the same batch or answered, and no settled trade was
    /// sent again.
    @Test func tenThousandTradesAcceptedExactlyOnceInCommitOrder() async throws {
        let sandbox = try IntegrationSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.openLedger()
        let trades = try await commitTrades(ledger, count: 10_000, stations: 4)
        let storm = FaultSettings(
            errorRate: 0.08, resetRate: 0.07, dropAfterStoreRate: 0.08, partialRate: 0.004, rateLimitRate: 0.04,
            unavailableRate: 0.04, retryAfterSeconds: 1, seed: 30)
        try await RunningPlatform.with(in: sandbox) { running in
            // First a slow platform: answers later than the transport waits, so the first sends time out (and
            // are stored late, after the gateway gave up on them).
            try running.platform.setFaults(FaultSettings(latencyMilliseconds: 1_300))
            let transport = try running.transport(format: .tracegateV1, timeoutSeconds: 1, maxBatchTrades: 250)
            let sleeps = InstantSleeps()
            let service = DeliveryService(
                transport: transport, ledger: ledger,
                policy: DeliveryPolicy(backoffInitial: .milliseconds(100), backoffMax: .seconds(30)),
                environment: sleeps.environment(seed: 3))
            let timeoutErrors = Mutex<[String]>([])
            let drained = try await runService(service, maxChecks: 20_000) {
                let snapshot = service.snapshot
                let stormStarted = timeoutErrors.withLock { errors in
                    if errors.count < 2, snapshot.consecutiveFailures > errors.count, let error = snapshot.lastError {
                        errors.append(error)
                    }
                    return errors.count >= 2
                }
                if stormStarted, running.platform.faultSettings.latencyMilliseconds > 0 {
                    try running.platform.setFaults(storm)
                }
                return try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
            }
            #expect(drained)
            for error in timeoutErrors.withLock({ $0 }) { #expect(error.contains("within the timeout")) }

            // Every fault kind happened.
            let stats = try await running.platform.stats()
            let counters = stats.counters
            #expect(counters.resets > 0 && counters.injectedErrors > 0 && counters.droppedAnswers > 0)
            #expect(counters.rateLimited > 0 && counters.unavailable > 0 && counters.retried > 0)
            #expect(sleeps.all.contains { $0 >= .seconds(1) }, "Retry-After: 1 was honoured")

            // Exactly once, none rejected, nothing left in the outbox.
            #expect(stats.tradesStored == trades.count)
            #expect(counters.rejected == 0)
            let status = try ledger.reader.deliveryStatus(platform: "city")
            #expect(status.pendingCount == 0 && status.rejectedCount == 0)
            #expect(status.settledThroughID == trades.last?.id)
            #expect(try ledger.reader.outbox(platform: "city", state: .pending, limit: 10).isEmpty)
            #expect(try ledger.reader.outbox(platform: "city", state: .rejected, limit: 10).isEmpty)

            // Per stall, storage order at the platform is commit order (so each code was stored once).
            let expected = commitOrderByStation(trades)
            #expect(stats.perStation == expected.mapValues(\.count))
            for (station, codes) in expected {
                let arrived = try await running.arrivals(station: station)
                let difference = firstDifference(arrived, codes)
                #expect(difference == nil, "\(station): \(difference ?? "")")
            }

            // What the gateway sent: the platform's receipts log holds every upload request, faulted or not.
            let log = try await running.platform.receiptLog()
            #expect(log.count == counters.requests, "every API request of the storm is an upload in the log")
            let rows = try ledger.reader.trades()
            #expect(rows.count == trades.count)

            // Exactly once, and each stored trade equals its ledger row field by field.
            let storage = ReceiptAudit.storageProblems(stored: try await running.storedTrades(), ledger: rows)
            #expect(ReceiptAudit.summary(storage, "storage problem(s)") == nil)

            // Resends happened: the store-then-drop faults fired, and every trade they stored arrived again and was
            // absorbed (answered duplicate, or the stored answer replayed).
            let lost = ReceiptAudit.lostAnswers(log)
            let dropped = lost.filter(\.dropped)
            #expect(log.filter(\.answerDropped).count == counters.droppedAnswers)
            #expect(!dropped.isEmpty, "no store-then-drop fault stored a trade: resends were not exercised")
            let receipts = ReceiptAudit.receiptCounts(log)
            let notResent = dropped.filter { receipts[$0.traceCode, default: 0] < 2 }.map(\.traceCode)
            #expect(ReceiptAudit.summary(notResent, "trade(s) of dropped answers arrived only once") == nil)
            let resends = ReceiptAudit.resendProblems(log, lost: lost)
            #expect(ReceiptAudit.summary(resends, "lost answer(s) not followed by an absorbed resend") == nil)

            // Per-stall order on the wire, and no trade sent again once its answer had come back.
            let order = ReceiptAudit.sendOrderViolations(log, ledger: rows)
            #expect(ReceiptAudit.summary(order, "order violation(s) on the wire") == nil)
            let needless = ReceiptAudit.needlessResends(log).map(\.description)
            #expect(ReceiptAudit.summary(needless, "needless resend(s)") == nil)
        }
        try await ledger.close()
    }
}
