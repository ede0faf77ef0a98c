import Delivery
import Foundation
import Ledger
import ReferencePlatform
import Testing
import TraceModel
import Uplink
import UplinkHTTP

/// EPCIS 2.0 from the ledger to the reference platform's capture interface over real HTTP.
@Suite("EPCIS capture end to end", .timeLimit(.minutes(1)))
struct EPCISEndToEndTests {
    /// Documents are captured and their jobs polled while running; a capture over the platform's small event
    /// limit is refused with 413, the transport re-reads `OPTIONS /capture` and the batches are split until
    /// delivered; 429 answers carry Retry-After and the service waits at least that long; a trace code the
    /// platform refuses ends `rejected` with the platform's own reason while the rest of its capture (rolled
    /// back) is sent again and stored.
    @Test func capturedSplitRateLimitedAndRejectedWithThePlatformsReason() async throws {
        let sandbox = try IntegrationSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.openLedger()
        let trades = try await commitTrades(ledger, count: 60, stations: 3)
        let refused = trades[23].traceCode
        try await RunningPlatform.with(
            in: sandbox,
            {
                $0.captureEventLimit = 8
                $0.captureDelayMilliseconds = 100
            }
        ) { running in
            // The first requests (OPTIONS /capture among them) fail with 500: the transport starts from its
            // configured 50 trades and learns the platform's limit of 8 only from a 413.
            try running.platform.setFaults(FaultSettings(errorRate: 1))
            let transport = try running.transport(format: .epcis20, maxBatchTrades: 50) {
                $0.epcisPollInitialSeconds = 0.01
                $0.epcisPollMaxSeconds = 0.05
                $0.epcisJobMaxWaitSeconds = 10
            }
            let sleeps = InstantSleeps()
            let service = DeliveryService(
                transport: transport, ledger: ledger,
                policy: DeliveryPolicy(backoffInitial: .milliseconds(50), backoffMax: .seconds(30)),
                environment: sleeps.environment(seed: 9))
            let drained = try await runService(service) {
                if running.platform.faultSettings.errorRate == 1,
                    try await running.platform.stats().counters.injectedErrors >= 2
                {
                    try running.platform.setFaults(
                        FaultSettings(rateLimitRate: 0.25, retryAfterSeconds: 2, rejectTraceCodes: [refused], seed: 4))
                }
                return try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
            }
            #expect(drained)
            let stats = try await running.platform.stats()
            let counters = stats.counters
            #expect(stats.tradesStored == trades.count - 1)
            #expect(stats.epcisEvents >= trades.count - 1)
            #expect(try await running.platform.trade(code: refused) == nil)
            // 413 then split: the service halved the batch, and no capture job held more than the limit.
            #expect(counters.refusedBodies >= 1)
            #expect(service.snapshot.batchTradeCap != nil)
            #expect(counters.captureJobs >= (trades.count - 1) / 8)
            // Jobs were polled while running (100 ms capture delay, polls from 10 ms): more than one request
            // per capture on average besides the POSTs.
            #expect(counters.requests > 2 * counters.captureJobs)
            // 429 with Retry-After: 2 — the service waited at least 2 s (injected sleep) after one.
            #expect(counters.rateLimited > 0)
            #expect(sleeps.all.contains { $0 >= .seconds(2) })

            // The refused trade is rejected with the platform's reason; the rest of its capture was resent.
            let rejected = try ledger.reader.outbox(platform: "city", state: .rejected, limit: 10)
            #expect(rejected.map(\.trade.traceCode) == [refused])
            let reason = rejected.first?.reason ?? ""
            #expect(reason.contains("EPCIS validation"))
            #expect(reason.contains("trace code \(refused) is on the platform's reject list"))
            #expect(reason.contains("ValidationException"))
            let status = try ledger.reader.deliveryStatus(platform: "city")
            #expect(status.pendingCount == 0 && status.rejectedCount == 1)
            for (station, codes) in commitOrderByStation(trades) {
                let expected = codes.filter { $0 != refused }
                let difference = firstDifference(try await running.arrivals(station: station), expected)
                #expect(difference == nil, "\(station): \(difference ?? "")")
            }
        }
        try await ledger.close()
    }
}
