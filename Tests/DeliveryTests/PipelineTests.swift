import Delivery
import Foundation
import Ledger
import Synchronization
import Testing
import TraceModel
import Uplink

/// The pipeline around the batch in flight: the next batch is read and encoded during the send, and used only
/// when the platform settled the whole batch before it.
@Suite("Delivery pipeline", .timeLimit(.minutes(1)))
struct PipelineTests {
    /// Every send waits (up to 2 s) for the next batch's `prepare`: with the pipeline, it comes during the send.
    @Test func nextBatchIsPreparedWhileOneIsInFlight() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 500, stations: 4)
        let transport = PipelineTransport(maxTrades: 50)
        let service = DeliveryService(
            transport: transport, ledger: ledger, environment: RecordedSleeps().environment(seed: 1))
        let drained = try await runService(service) {
            try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
        }
        #expect(drained)
        let log = transport.log
        #expect(log.sent.flatMap { $0 } == trades.map(\.id))
        #expect(log.sent.count == 10)
        // Batch k+1 was prepared before batch k's answer came back, for every batch but the last.
        #expect(log.preparedDuringSend == 9)
        let status = try ledger.reader.deliveryStatus(platform: "city")
        #expect(status.settledThroughID == trades.last?.id)
        try await ledger.close()
    }

    /// A trade the platform asks to resend is the first of the next batch: the batch prepared during the send
    /// (which starts after it) is dropped, so no later trade overtakes it.
    @Test func retriedTradeDropsThePreparedBatch() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 300, stations: 3)
        let retryOnce = trades[30].traceCode
        let transport = PipelineTransport(maxTrades: 50, retryOnce: retryOnce)
        let service = DeliveryService(
            transport: transport, ledger: ledger, environment: RecordedSleeps().environment(seed: 1))
        let drained = try await runService(service) {
            try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
        }
        #expect(drained)
        let log = transport.log
        #expect(log.sent.count >= 2)
        #expect(log.sent[0] == trades[0..<50].map(\.id))
        // The second batch starts again at the retried trade, not at trade 50 (which was prepared meanwhile).
        #expect(log.sent[1].first == trades[30].id)
        // Each trade's first send happens in commit order, and every trade is stored exactly once.
        var firstSent: [Int64] = []
        var seen: Set<Int64> = []
        for batch in log.sent { for id in batch where seen.insert(id).inserted { firstSent.append(id) } }
        #expect(firstSent == trades.map(\.id))
        #expect(log.stored.sorted() == trades.map(\.id))
        try await ledger.close()
    }

    /// The ledger cannot write the answer to batch N (disk full) while N+1 is already in flight: N+1's answer is
    /// not recorded either, nothing is lost, and once the disk has room everything goes again and settles.
    @Test func failedRecordKeepsFollowingBatchPending() async throws {
        let sandbox = try DeliverySandbox()
        defer { sandbox.cleanUp() }
        let ledger = try sandbox.open()
        let trades = try await commitTrades(ledger, count: 200, stations: 2)
        // Long rejection reasons make the outcome rows grow the file, which the quota refuses.
        let transport = PipelineTransport(maxTrades: 50, waitForPrepare: false)
        transport.setRejecting(String(repeating: "产品编码未备案 ", count: 100))
        try await ledger.setQuota(maxBytes: 1)
        let policy = DeliveryPolicy(backoffInitial: .milliseconds(1), backoffMax: .milliseconds(2))
        let service = DeliveryService(
            transport: transport, ledger: ledger, policy: policy, environment: RecordedSleeps().environment(seed: 1))
        let stuck = try await runService(service) {
            transport.log.sent.count >= 6 && service.snapshot.storageFull != nil
        }
        #expect(stuck)
        #expect(try ledger.reader.deliveryStatus(platform: "city").pendingCount == trades.count)
        // Space again, and the platform now accepts: every trade settles, in order, none rejected.
        try await ledger.setQuota(maxBytes: nil)
        transport.setRejecting(nil)
        let drained = try await runService(service) {
            try ledger.reader.deliveryStatus(platform: "city").pendingCount == 0
        }
        #expect(drained)
        #expect(Set(transport.log.stored) == Set(trades.map(\.id)))
        let status = try ledger.reader.deliveryStatus(platform: "city")
        #expect(status.settledThroughID == trades.last?.id)
        #expect(status.rejectedCount == 0)
        try await ledger.close()
    }
}

/// Accepts everything (or rejects everything with a reason, when set), except one trade, asked once to be resent
/// together with the rest of its batch; each send waits up to 1 s for the following batch's `prepare` and counts
/// whether it came.
final class PipelineTransport: UplinkTransport {
    /// What happened.
    struct Log {
        /// Trade ids of each batch sent, in order.
        var sent: [[Int64]] = []
        /// Ids the platform stored (once each).
        var stored: [Int64] = []
        /// Batches prepared so far.
        var prepared = 0
        /// Sends during which the following batch was prepared.
        var preparedDuringSend = 0
        /// Whether the retry was given.
        var retried = false
        /// Rejects every trade with this reason when set.
        var rejecting: String?
    }

    let platformName = "city"
    private let maxTrades: Int
    private let retryOnce: String?
    private let waitForPrepare: Bool
    private let state = Mutex(Log())

    init(maxTrades: Int, retryOnce: String? = nil, waitForPrepare: Bool = true) {
        self.maxTrades = maxTrades
        self.retryOnce = retryOnce
        self.waitForPrepare = waitForPrepare
    }

    var log: Log { state.withLock { $0 } }

    func setRejecting(_ reason: String?) { state.withLock { $0.rejecting = reason } }

    func batchLimits() async -> UplinkBatchLimits { UplinkBatchLimits(maxTrades: maxTrades, maxBytes: 1 << 30) }

    func prepare(_ batch: UplinkBatch) -> PreparedUplinkBatch {
        state.withLock { $0.prepared += 1 }
        return PreparedUplinkBatch(batch: batch)
    }

    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        let preparedBefore = state.withLock { log in
            log.sent.append(batch.trades.map(\.id))
            return log.prepared
        }
        var preparedNext = false
        for _ in 0..<(waitForPrepare ? 200 : 0) {
            if state.withLock({ $0.prepared > preparedBefore }) {
                preparedNext = true
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return state.withLock { log in
            if preparedNext { log.preparedDuringSend += 1 }
            var busy = false
            let items = batch.trades.map { trade in
                if let reason = log.rejecting {
                    return ItemResult(traceCode: trade.traceCode, outcome: .rejected(reason: reason))
                }
                if trade.traceCode == retryOnce, !log.retried {
                    log.retried = true
                    busy = true
                }
                // Like a real platform keeping arrival order: from the retried trade on, the batch is resent.
                if busy { return ItemResult(traceCode: trade.traceCode, outcome: .retry(reason: "busy")) }
                if !log.stored.contains(trade.id) { log.stored.append(trade.id) }
                return ItemResult(traceCode: trade.traceCode, outcome: .accepted)
            }
            return .perItem(items)
        }
    }
}

/// The cut with a format's own fixed size fills the byte limit without passing it.
@Suite("Batch cut by the format's size")
struct BatchCutSizeTests {
    /// tracegate-v1 (512 fixed bytes per item): ordinary trades, text full of escapes and many parents all encode
    /// within `maxBytes`, and ordinary trades fill more than half of it.
    @Test func tracegateV1BatchesFitTheByteLimit() {
        let node = UplinkNode(code: "330102001", name: "杭州某农贸市场", kind: .retail_market)
        func trade(_ index: Int, name: String, parents: Int) -> Trade {
            Trade(
                id: Int64(index), traceCode: "33010200100010" + String(100_000 + index),
                draft: TradeDraft(
                    station: "stall-\(index % 7)", nodeCode: "330102001", operatorCode: "3301020010001",
                    productCode: "10010001", productName: name, grams: 1234, unitPriceFen: 3600, amountFen: 4442,
                    parents: (0..<parents).map { "3706000040001000\(1000 + $0)" }, buyer: ""),
                committedAt: Date(timeIntervalSince1970: 1_795_312_800), utcOffsetSeconds: 8 * 3600,
                prevHash: String(repeating: "0", count: 64), hash: String(repeating: "a", count: 64))
        }
        let kinds: [(String, Int)] = [("猪后腿肉", 1), ("\"q\"\\\n\t", 0), ("牛腩", 12)]
        for (name, parents) in kinds {
            let pending = (0..<5_000).map { trade($0, name: name, parents: parents) }
            for maxBytes in [4_096, 65_536, 1 << 20] {
                let limits = UplinkBatchLimits(
                    maxTrades: 10_000, maxBytes: maxBytes, fixedBytesPerTrade: TraceGateV1Encoder.fixedBytesPerItem)
                let batch = UplinkBatch(trades: BatchCutter.cut(pending, limits: limits))
                let size = TraceGateV1Encoder(node: node).encode(batch).bytes.count
                #expect(size <= maxBytes, "\(name): \(size) bytes > \(maxBytes)")
                if parents == 1 { #expect(size > maxBytes / 2, "\(name): only \(size) of \(maxBytes) bytes used") }
                #expect(BatchCutter.readLimit(limits) >= batch.trades.count)
            }
        }
    }
}
