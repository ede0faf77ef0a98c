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
    /// the trades were stored and partially accepted batches: every trade is held exactly once, none rejected,
    /// the outbox ends empty, and each stall's trades arrive in commit order.
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

            // Per stall, arrival order at the platform is commit order (so each code arrived once).
            let expected = commitOrderByStation(trades)
            #expect(stats.perStation == expected.mapValues(\.count))
            for (station, codes) in expected {
                let arrived = try await running.arrivals(station: station)
                let difference = firstDifference(arrived, codes)
                #expect(difference == nil, "\(station): \(difference ?? "")")
            }
        }
        try await ledger.close()
    }
}
