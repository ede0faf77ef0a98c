import Delivery
import Foundation
import Ledger
import Synchronization
import Testing
import TraceModel
import Uplink

/// A transport that answers from a script, one entry per send, then accepts everything.
final class ScriptedPlatform: UplinkTransport {
    /// One scripted answer.
    enum Step: Sendable {
        /// Throw this.
        case fail(UplinkSendError)
        /// Answer this.
        case reply(BatchReply)
    }

    /// The platform's name.
    let platformName = "city"
    /// Remaining script and the sizes of batches seen.
    private let state: Mutex<(script: [Step], sizes: [Int])>

    /// Creates the platform.
    init(_ script: [Step]) { state = Mutex((script, [])) }

    /// Sizes of the batches sent, in order.
    var batchSizes: [Int] { state.withLock { $0.sizes } }

    /// Generous limits.
    func batchLimits() async -> UplinkBatchLimits { UplinkBatchLimits(maxTrades: 1000, maxBytes: 1 << 30) }

    /// The next scripted answer, or acceptance of everything.
    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        let step: Step? = state.withLock { state in
            state.sizes.append(batch.trades.count)
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        switch step {
        case .fail(let error): throw error
        case .reply(let reply): return reply
        case nil: return .perItem(batch.trades.map { ItemResult(traceCode: $0.traceCode, outcome: .accepted) })
        }
    }
}

/// Backoff delays (asserted on the injected sleeps), Retry-After, 413 halving.
@Suite("Backoff and batch size", .timeLimit(.minutes(1)))
struct BackoffTests {
    /// Full jitter stays within [0, min(cap, base·2^n)] and is exactly what the seeded generator gives.
    @Test func fullJitterBounds() {
        var random = SeededRandom(seed: 5)
        for attempt in 0..<30 {
            let delay = Backoff.fullJitter(
                attempt: attempt, initial: .milliseconds(500), cap: .seconds(60), using: &random)
            let ceiling = min(Duration.seconds(60), .milliseconds(500 * (1 << min(attempt, 20))))
            #expect(delay >= .zero && delay <= ceiling)
        }
        var zero = SeededRandom(seed: 1)
        #expect(
            Backoff.delay(
                attempt: 3, retryAfterSeconds: 1000, initial: .milliseconds(10), cap: .seconds(60), using: &zero)
                == .seconds(60))
        #expect(
            Backoff.delay(attempt: 0, retryAfterSeconds: 7, initial: .milliseconds(10), cap: .seconds(60), using: &zero)
                == .seconds(7))
    }

    /// Consecutive send errors sleep exactly the full-jitter delays of the seeded generator, growing ceilings.
    @Test func sendErrorsBackOffWithFullJitter() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        try await commitTrades(ledger, count: 3)
        let failures = 8
        let platform = ScriptedPlatform(
            Array(repeating: .fail(UplinkSendError(.unreachable, "connection refused")), count: failures))
        let sleeps = RecordedSleeps()
        let service = DeliveryService(
            transport: platform, ledger: ledger,
            policy: DeliveryPolicy(backoffInitial: .milliseconds(100), backoffMax: .seconds(5)),
            environment: sleeps.environment(seed: 11))
        #expect(try await runService(service) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        var random = SeededRandom(seed: 11)
        let expected = (0..<failures).map {
            Backoff.fullJitter(attempt: $0, initial: .milliseconds(100), cap: .seconds(5), using: &random)
        }
        #expect(sleeps.all == expected)
        for (attempt, delay) in sleeps.all.enumerated() {
            #expect(delay <= min(.seconds(5), .milliseconds(100 * (1 << attempt))))
        }
        let pendingRows = try ledger.reader.outbox(platform: "city", state: .pending, limit: 10)
        #expect(pendingRows.isEmpty)
        try await ledger.close()
    }

    /// Retry-After is honoured (at least that long) and capped at the configured maximum.
    @Test func retryAfterIsHonouredAndCapped() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        try await commitTrades(ledger, count: 2)
        let platform = ScriptedPlatform([
            .reply(.retryLater(afterSeconds: 7, reason: "503")),
            .reply(.retryLater(afterSeconds: 100_000, reason: "429")),
            .fail(UplinkSendError(.httpStatus, "HTTP 503", status: 503, retryAfterSeconds: 3)),
        ])
        let sleeps = RecordedSleeps()
        let service = DeliveryService(
            transport: platform, ledger: ledger,
            policy: DeliveryPolicy(backoffInitial: .milliseconds(1), backoffMax: .seconds(60)),
            environment: sleeps.environment(seed: 2))
        #expect(try await runService(service) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        #expect(sleeps.all.count == 3)
        #expect(sleeps.all.first == .seconds(7))
        #expect(sleeps.all.dropFirst().first == .seconds(60))
        #expect(sleeps.all.last == .seconds(3))
        try await ledger.close()
    }

    /// 413 halves the batch and resends at once; a single trade still too large stays pending with a clear
    /// error (never dropped), and goes once the platform takes it.
    @Test func tooLargeHalvesDownToOneAndNeverDrops() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        try await commitTrades(ledger, count: 40)
        let tooLarge = ScriptedPlatform.Step.reply(.tooLarge(reason: "413"))
        let platform = ScriptedPlatform(Array(repeating: tooLarge, count: 1_000))
        let sleeps = RecordedSleeps()
        let service = DeliveryService(
            transport: platform, ledger: ledger, environment: sleeps.environment(seed: 4))
        // Stop once the single oversized trade has failed three times on its own.
        #expect(
            try await runService(service) {
                try ledger.reader.outbox(platform: "city", state: .pending, limit: 1).first?.attempts ?? 0 >= 3
            })
        // 40 → 20 → 10 → 5 → 2 → 1, then the single trade is too large again and again (backing off).
        #expect(Array(platform.batchSizes.prefix(8)) == [40, 20, 10, 5, 2, 1, 1, 1])
        #expect(sleeps.all.count >= 2)
        let stuck = try #require(try ledger.reader.outbox(platform: "city", state: .pending, limit: 1).first)
        #expect(stuck.reason.contains("alone is larger than platform city accepts"))
        #expect(try ledger.reader.deliveryStatus(platform: "city").pendingCount == 40)
        // The platform takes it now: everything goes, nothing was dropped.
        let again = DeliveryService(
            transport: ScriptedPlatform([]), ledger: ledger, environment: sleeps.environment(seed: 4))
        #expect(try await runService(again) { try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0 })
        try await ledger.close()
    }
}
