import Foundation
import Hummingbird
import HummingbirdTesting
import ReferencePlatform
import Testing
import Uplink

/// Every fault kind is observable, and none corrupts what is stored.
@Suite struct FaultInjectionTests {
    @Test func errorRateAnswers500AndStoresNothing() async throws {
        try await PlatformHarness.with({ $0.faults.errorRate = 1 }) { harness async throws in
            let reply = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(1...3)))
            #expect(reply == .retryLater(afterSeconds: nil, reason: "platform error 500"))
            let stats = try await harness.stats()
            #expect(stats.tradesStored == 0)
            #expect(stats.counters.injectedErrors == 1)
        }
    }

    @Test func rateLimitAndUnavailableCarryRetryAfter() async throws {
        try await PlatformHarness.with { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...2))
            try await harness.setFaults(#"{"rate_limit_rate":1,"retry_after_s":7}"#)
            #expect(
                try await harness.sendBatch(batch) == .retryLater(afterSeconds: 7, reason: "platform rate limit (429)"))
            try await harness.setFaults(#"{"unavailable_rate":1,"retry_after_s":3}"#)
            #expect(
                try await harness.sendBatch(batch) == .retryLater(afterSeconds: 3, reason: "platform unavailable (503)")
            )
            #expect(try await harness.stats().tradesStored == 0)
        }
    }

    @Test func resetClosesTheConnectionWithoutAnswerAndStoresNothing() async throws {
        try await PlatformHarness.with({ $0.faults.resetRate = 1 }) { harness async throws in
            await #expect(throws: (any Error).self) {
                _ = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(1...3)))
            }
            let stats = try await harness.stats()
            #expect(stats.counters.resets == 1)
            #expect(stats.tradesStored == 0)
        }
    }

    @Test func droppedAnswerAfterStoreThenResendIsDuplicate() async throws {
        try await PlatformHarness.with({ $0.faults.dropAfterStoreRate = 1 }) { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...4))
            await #expect(throws: (any Error).self) { _ = try await harness.sendBatch(batch) }
            #expect(try await harness.stats().tradesStored == 4)
            try await harness.setFaults("{}")
            // The gateway resends the same batch: answered from the idempotency store, nothing stored twice.
            #expect(try await harness.sendBatch(batch).allAccepted)
            // A resend cut differently (new batch id) gets `duplicate` for each trade.
            #expect(try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(2...4))).allAccepted)
            let stats = try await harness.stats()
            #expect(stats.tradesStored == 4)
            #expect(stats.counters.droppedAnswers == 1)
            #expect(stats.counters.duplicates == 3)
        }
    }

    @Test func partialAcceptanceAsksForRetryAndIsNotReplayed() async throws {
        try await PlatformHarness.with({ $0.faults.partialRate = 1 }) { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...3))
            guard case .perItem(let items) = try await harness.sendBatch(batch) else { throw Unexpected("no items") }
            #expect(items.allSatisfy { if case .retry = $0.outcome { true } else { false } })
            #expect(try await harness.stats().tradesStored == 0)
            try await harness.setFaults("{}")
            #expect(try await harness.sendBatch(batch).allAccepted)
            #expect(try await harness.stats().tradesStored == 3)
        }
    }

    @Test func downResetsEveryAPIRequestUntilFaultsChange() async throws {
        try await PlatformHarness.with { harness async throws in
            try await harness.setFaults(#"{"down_for_s":3600}"#)
            await #expect(throws: (any Error).self) {
                _ = try await harness.send(.get, "/v1/master/catalogue")
            }
            let faults = try await harness.send(.get, "/admin/faults")
            #expect(faults.text.contains("\"down_for_s\":3600"))
            #expect(try await harness.stats().downRemainingSeconds > 3000)
            try await harness.setFaults("{}")
            #expect(try await harness.send(.get, "/v1/master/catalogue").status == .ok)
            #expect(try await harness.stats().counters.downRefusals == 1)
        }
    }

    @Test func latencyDelaysAnswers() async throws {
        try await PlatformHarness.with({ $0.faults.latencyMilliseconds = 60 }) { harness async throws in
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try await harness.send(.get, "/v1/master/operators").status == .ok)
            #expect(clock.now - start >= .milliseconds(60))
        }
    }

    @Test func sameSeedSameFaults() async throws {
        func run() async throws -> [String] {
            try await PlatformHarness.with({
                $0.faults = FaultSettings(errorRate: 0.3, partialRate: 0.3, rateLimitRate: 0.2, seed: 42)
            }) { harness async throws in
                var collected: [String] = []
                for n in 1...12 {
                    let reply = try await harness.sendBatch(UplinkBatch(trades: Fixtures.trades(n * 10...n * 10 + 2)))
                    collected.append("\(reply)")
                }
                return collected
            }
        }
        let first = try await run()
        #expect(first == (try await run()))
        #expect(Set(first).count > 1)
    }

    @Test func bearerTokenIsRequiredWhenConfigured() async throws {
        try await PlatformHarness.with({ $0.bearerToken = "s3cret" }) { harness async throws in
            let batch = UplinkBatch(trades: Fixtures.trades(1...1))
            await #expect(throws: UplinkReplyError.self) { _ = try await harness.sendBatch(batch) }
            #expect(try await harness.send(.get, "/admin/stats").status == .unauthorized)
            #expect(try await harness.sendBatch(batch, extra: [.authorization: "Bearer s3cret"]).allAccepted)
            // The lookup pages stay open for the demo.
            #expect(try await harness.send(.get, "/").status == .ok)
        }
    }
}
