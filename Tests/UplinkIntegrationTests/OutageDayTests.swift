import Delivery
import Foundation
import Gateway
import Ledger
import ReferencePlatform
import Testing
import TraceModel
import Uplink

/// A platform that is down for a whole (simulated) market day while the stalls keep trading.
@Suite("Platform down for a day", .timeLimit(.minutes(1)))
struct OutageDayTests {
    /// One trade a minute for 24 hours from four stalls while every request is reset: the service backs off
    /// (a bounded number of attempts, each wait the seeded full-jitter delay), `sync status` shows the right pending count
    /// and oldest pending age all along; then the platform comes back and every trade arrives, each stall's in
    /// commit order.
    @Test func dayLongOutageThenEverythingInCommitOrder() async throws {
        let sandbox = try IntegrationSandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.openLedger()
        let start = sandbox.clock.now()
        let minutes = 24 * 60
        try await RunningPlatform.with(in: sandbox) { running in
            try running.platform.setFaults(FaultSettings(downForSeconds: 3_600))
            let sleeps = SimulatedTimeSleeps(clock: sandbox.clock)
            let policy = DeliveryPolicy(backoffInitial: .milliseconds(500), backoffMax: .seconds(1_800))
            let service = DeliveryService(
                transport: try running.transport(format: .tracegateV1, timeoutSeconds: 5, maxBatchTrades: 200),
                ledger: ledger, policy: policy, environment: sleeps.environment(seed: 24))
            var trades: [Trade] = []
            let drained = try await runService(service, maxChecks: 20_000) {
                guard running.platform.faultSettings.downForSeconds == 0 else { return false }
                // The platform is back: simulated time keeps going, so a backoff that began just before (a send
                // that raced the recovery) ends too.
                sandbox.clock.advance(seconds: 10)
                return try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
            } during: {
                for minute in 0..<minutes {
                    if minute > 0 { try await sleeps.waitUntilSleeping() }
                    sandbox.clock.set(start.addingTimeInterval(Double(minute * 60)))
                    trades.append(try await ledger.commit(integrationDraft(stall: minute % 4, index: minute)))
                    if minute % 180 == 179 {
                        // What `tracegate sync status` shows now: everything pending since the first commit.
                        let now = sandbox.clock.now()
                        let status = SyncStatusJSON(
                            try ledger.reader.deliveryStatus(platform: "city"), live: service.snapshot, now: now)
                        #expect(status.pending == minute + 1)
                        #expect(status.oldest_pending_age_seconds == minute * 60)
                        #expect(status.oldest_pending_committed_at == TradeJSON.rfc3339(start))
                        #expect(status.last_success_at == nil && status.last_error != nil)
                    }
                }
                let stats = try await running.platform.stats()
                #expect(stats.tradesStored == 0)
                // Bounded attempts: with full jitter capped at 30 minutes a day holds about a hundred sends, not
                // a tight loop (each attempt is one reset request at the platform).
                let attempts = stats.counters.downRefusals
                #expect(attempts >= 30 && attempts <= 300, "\(attempts) attempts in a simulated day")
                // Each wait is exactly the seeded full-jitter delay of its attempt (ceilings 0.5 s, 1 s, … 30 min).
                var random = SplitMix64(seed: 24)
                let waits = sleeps.all
                let expected = waits.indices.map {
                    Backoff.fullJitter(attempt: $0, initial: .milliseconds(500), cap: .seconds(1_800), using: &random)
                }
                #expect(waits == expected)
                #expect(waits.count >= attempts - 1 && waits.count <= attempts)
                // The platform comes back; the pending backoff ends with simulated time.
                try running.platform.setFaults(.none)
                sandbox.clock.advance(seconds: 1_801)
            }
            #expect(drained)
            let stats = try await running.platform.stats()
            #expect(stats.tradesStored == minutes)
            for (station, codes) in commitOrderByStation(trades) {
                let difference = firstDifference(try await running.arrivals(station: station), codes)
                #expect(difference == nil, "\(station): \(difference ?? "")")
            }
            let status = try ledger.reader.deliveryStatus(platform: "city")
            #expect(status.pendingCount == 0 && status.oldestPendingCommittedAt == nil && status.rejectedCount == 0)
        }
        try await ledger.close()
    }
}
