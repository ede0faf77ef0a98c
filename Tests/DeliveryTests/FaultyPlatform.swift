import Synchronization
import TraceModel
import Uplink

/// An in-memory platform behind the `UplinkTransport` seam that injects faults from a seeded generator: send
/// errors (with and without Retry-After), answers lost after storing, retry-later, 413, partial acceptance.
/// It stores each trace code once (the idempotency key) and records what it saw.
final class FaultyPlatform: UplinkTransport {
    /// How often each fault happens (each in 0…1; the rest of the sends succeed).
    struct Faults: Sendable {
        /// Send fails before storing anything.
        var unreachable = 0.0
        /// Everything stored, then the answer is lost (timeout).
        var lostReply = 0.0
        /// 503 with Retry-After.
        var retryLater = 0.0
        /// 413 for batches of more than one trade.
        var tooLarge = 0.0
        /// Each trade at random: accepted, retry, or not mentioned.
        var partial = 0.0
    }

    /// What the platform saw.
    struct Record: Sendable {
        /// Trace codes stored, in the order they were first stored.
        var stored: [String] = []
        /// Set form of `stored`.
        var storedSet: Set<String> = []
        /// Codes the gateway was told were accepted in an answer it received.
        var acknowledged: Set<String> = []
        /// Trades sent again after an answer that acknowledged them.
        var resentAfterAcknowledgement = 0
        /// Trade ids of every batch, in send order.
        var batches: [[Int64]] = []
        /// Sends so far.
        var sends = 0
    }

    /// The platform's name.
    let platformName: String
    /// Fault rates.
    private let faults: Faults
    /// Limits announced.
    private let limits: UplinkBatchLimits
    /// Codes always rejected.
    private let rejecting: Set<String>
    /// Codes whose single-trade batch is always too large.
    private let oversized: Set<String>
    /// Mutable state.
    private let state: Mutex<(random: SeededRandom, record: Record, down: Bool)>

    /// Creates a platform.
    init(
        name: String = "city", faults: Faults = Faults(), seed: UInt64 = 1,
        limits: UplinkBatchLimits = .init(maxTrades: 50, maxBytes: 1 << 30),
        rejecting: Set<String> = [], oversized: Set<String> = []
    ) {
        platformName = name
        self.faults = faults
        self.limits = limits
        self.rejecting = rejecting
        self.oversized = oversized
        state = Mutex((SeededRandom(seed: seed), Record(), false))
    }

    /// What it saw so far.
    var record: Record { state.withLock { $0.record } }

    /// Takes the platform down (every send unreachable) or brings it back.
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    /// The announced limits.
    func batchLimits() async -> UplinkBatchLimits { limits }

    /// Answers one batch, with faults.
    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        let result: Result<BatchReply, UplinkSendError> = state.withLock { state in
            state.record.sends += 1
            state.record.batches.append(batch.trades.map(\.id))
            for code in batch.traceCodes where state.record.acknowledged.contains(code) {
                state.record.resentAfterAcknowledgement += 1
            }
            if state.down { return .failure(UplinkSendError(.unreachable, "platform down")) }
            let roll = Double.random(in: 0..<1, using: &state.random)
            var threshold = faults.unreachable
            if roll < threshold { return .failure(UplinkSendError(.unreachable, "connection refused")) }
            threshold += faults.lostReply
            if roll < threshold {
                for trade in batch.trades { store(trade.traceCode, &state.record) }
                return .failure(UplinkSendError(.timeout, "no answer within 15 s"))
            }
            threshold += faults.retryLater
            if roll < threshold {
                return .success(.retryLater(afterSeconds: Int.random(in: 0...3, using: &state.random), reason: "503"))
            }
            threshold += faults.tooLarge
            if (roll < threshold && batch.trades.count > 1) || batch.traceCodes.contains(where: oversized.contains) {
                return .success(.tooLarge(reason: "413 Payload Too Large"))
            }
            threshold += faults.partial
            let partial = roll < threshold
            var items: [ItemResult] = []
            for trade in batch.trades {
                let code = trade.traceCode
                if rejecting.contains(code) {
                    items.append(ItemResult(traceCode: code, outcome: .rejected(reason: "unknown product code")))
                    continue
                }
                if partial {
                    switch Int.random(in: 0..<3, using: &state.random) {
                    case 0: items.append(ItemResult(traceCode: code, outcome: .retry(reason: "busy")))
                    case 1: continue  // not mentioned
                    default: break
                    }
                    if items.last?.traceCode == code { continue }
                }
                store(code, &state.record)
                state.record.acknowledged.insert(code)
                items.append(ItemResult(traceCode: code, outcome: .accepted))
            }
            return .success(.perItem(items))
        }
        return try result.get()
    }

    /// Stores a code once.
    private func store(_ code: String, _ record: inout Record) {
        if record.storedSet.insert(code).inserted { record.stored.append(code) }
    }
}
