import Foundation
import Ledger
import Logging
import Synchronization
import TraceModel
import Uplink

/// Delivers one platform's pending trades: the oldest first, in batches, recording every answer in the ledger.
///
/// One loop per platform (docs/outbox.md): read the oldest pending trades (commit order), cut a batch to the
/// limits, send it, record the outcomes in one transaction, and go on at once while trades remain. After a
/// failure it backs off with full jitter (honouring Retry-After); when idle it waits for a commit or a
/// `sync now`, never polling. Per-station order holds because every batch is the oldest pending trades in id
/// order, and a batch is only ever followed by the next one after its outcomes are durable.
public final class DeliveryService: Sendable {
    /// The platform's name (the transport's).
    public let platform: String
    /// Sends batches.
    private let transport: any UplinkTransport
    /// Where trades come from and outcomes go.
    private let ledger: TradeLedger
    /// Limits and backoff.
    private let policy: DeliveryPolicy
    /// Clock, sleep and randomness.
    private let environment: DeliveryEnvironment
    /// Wakes the loop.
    private let wakeup = DeliveryWakeup()
    /// The live state for `/sync`.
    private let state: Mutex<DeliverySnapshot>
    /// Diagnostics.
    private let logger: Logger

    /// Releases the transport's connections; call once after `run()` returned.
    public func closeTransport() async { await transport.close() }

    /// Creates the service for `transport`'s platform over `ledger`.
    public init(
        transport: any UplinkTransport, ledger: TradeLedger, policy: DeliveryPolicy = DeliveryPolicy(),
        environment: DeliveryEnvironment = .live, logger: Logger = Logger(label: "tracegate.delivery")
    ) {
        self.platform = transport.platformName
        self.transport = transport
        self.ledger = ledger
        self.policy = policy
        self.environment = environment
        self.state = Mutex(DeliverySnapshot(platform: transport.platformName))
        var logger = logger
        logger[metadataKey: "platform"] = "\(transport.platformName)"
        self.logger = logger
    }

    /// The live state.
    public var snapshot: DeliverySnapshot { state.withLock { $0 } }

    /// Sends at once: wakes the loop when idle and cuts a backoff short (`tracegate sync now`).
    public func syncNow() { wakeup.requestSync() }

    /// Delivers until the task is cancelled; returns then (a batch in flight is abandoned and stays pending).
    public func run() async {
        let commits = ledger.commits()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeup] in
                for await _ in commits { wakeup.commitArrived() }
            }
            await deliverUntilCancelled()
            group.cancelAll()
        }
        update { $0.activity = .stopped }
    }

    /// What to do after one send.
    private enum Next {
        /// Settled something: go on at once.
        case proceed
        /// The batch was too large: go on at once with a smaller one.
        case resendSmaller
        /// Nothing settled: wait, with the platform's Retry-After when it gave one.
        case backOff(retryAfterSeconds: Int?)
    }

    /// The loop: one batch in flight at a time, pipelined around it.
    ///
    /// While batch N is in flight, the next pending trades above N's last one are read and encoded (`ahead`).
    /// When the platform settles every trade of N (accepted or rejected), that batch goes out at once while N's
    /// outcomes are written (`recording`), and the next one is prepared during its flight. Order per station is
    /// the same as without the pipeline: N+1 is sent only after the platform answered for all of N, and outcomes
    /// are written in batch order (N+1's only after N's are durable). Any other answer — a retry item, a failure,
    /// 413 — drops the prepared batch and the next read starts again from the oldest pending trade. A crash
    /// between sending N+1 and writing N's outcomes resends N: the platform answers `duplicate`.
    private func deliverUntilCancelled() async {
        var random = AnyRandom(environment.makeRandom())
        var failures = 0
        var cap: Int?
        var ahead: Task<PreparedUplinkBatch?, Never>?
        var recording: Task<Next, Never>?
        defer { ahead?.cancel() }
        while !Task.isCancelled {
            wakeup.clearCommits()
            let limits = await currentLimits(cap: cap)
            var next = await ahead?.value
            ahead = nil
            if next == nil {
                // A fresh read must see the previous batch's outcomes.
                if let previous = recording {
                    recording = nil
                    if case .backOff = await previous.value {
                        await backOff(after: &failures, retryAfter: nil, using: &random)
                        continue
                    }
                }
                let pending: [Trade]
                do {
                    pending = try ledger.reader.pendingTrades(
                        platform: platform, limit: BatchCutter.readLimit(limits))
                } catch {
                    logger.error("cannot read pending trades: \(error)")
                    update { $0.lastError = "\(error)" }
                    await backOff(after: &failures, retryAfter: nil, using: &random)
                    continue
                }
                if pending.isEmpty {
                    update { $0.activity = .idle }
                    await wakeup.wait(commitsWake: true)
                    continue
                }
                next = transport.prepare(UplinkBatch(trades: BatchCutter.cut(pending, limits: limits)))
            }
            guard let prepared = next, let lastID = prepared.batch.trades.last?.id else { continue }
            update {
                $0.activity = .sending
                $0.backoffMilliseconds = nil
            }
            ahead = prepareAhead(after: lastID, limits: limits)
            let sent = await send(prepared)
            // Outcomes are written in batch order: the previous batch's first.
            if let previous = recording {
                recording = nil
                if case .backOff = await previous.value {
                    // This batch's answer is not recorded: its trades stay pending and go again (the platform
                    // answers `duplicate` for what it stored).
                    ahead?.cancel()
                    ahead = nil
                    await backOff(after: &failures, retryAfter: nil, using: &random)
                    continue
                }
            }
            if case .reply(.perItem(let items)) = sent, Self.settlesWhole(items, prepared.batch) {
                failures = 0
                recording = Task { await self.record(items, of: prepared.batch) }
                continue
            }
            ahead?.cancel()
            ahead = nil
            switch await handle(sent, of: prepared.batch, cap: &cap) {
            case .proceed:
                failures = 0
            case .resendSmaller:
                continue
            case .backOff(let retryAfter):
                await backOff(after: &failures, retryAfter: retryAfter, using: &random)
            }
        }
        _ = await recording?.value
    }

    /// The limits for the next cut: the platform's, the policy's, and the cap learned from 413 answers.
    private func currentLimits(cap: Int?) async -> UplinkBatchLimits {
        let offered = await transport.batchLimits()
        return UplinkBatchLimits(
            maxTrades: min(offered.maxTrades, policy.maxBatchTrades, cap ?? .max),
            maxBytes: min(offered.maxBytes, policy.maxBatchBytes))
    }

    /// Reads and encodes the pending trades after `lastID` in the background; nil when there are none (or the
    /// read failed: the next fresh read reports it).
    private func prepareAhead(after lastID: Int64, limits: UplinkBatchLimits) -> Task<PreparedUplinkBatch?, Never> {
        let ledger = self.ledger
        let transport = self.transport
        let platform = self.platform
        return Task {
            guard !Task.isCancelled,
                let pending = try? ledger.reader.pendingTrades(
                    platform: platform, after: lastID, limit: BatchCutter.readLimit(limits)),
                !pending.isEmpty, !Task.isCancelled
            else { return nil }
            return transport.prepare(UplinkBatch(trades: BatchCutter.cut(pending, limits: limits)))
        }
    }

    /// Whether the answer accepts or rejects every trade of the batch (nothing left to resend first).
    private static func settlesWhole(_ items: [ItemResult], _ batch: UplinkBatch) -> Bool {
        if inBatchOrder(items, batch) {
            return items.allSatisfy { if case .retry = $0.outcome { false } else { true } }
        }
        var settled = Set<String>()
        settled.reserveCapacity(items.count)
        for item in items {
            switch item.outcome {
            case .accepted, .rejected: settled.insert(item.traceCode)
            case .retry: return false
            }
        }
        return batch.trades.allSatisfy { settled.contains($0.traceCode) }
    }

    /// Whether the answer names exactly the batch's trades in batch order (what our decoders return): then the
    /// i-th result belongs to the i-th trade without a lookup.
    private static func inBatchOrder(_ items: [ItemResult], _ batch: UplinkBatch) -> Bool {
        items.count == batch.trades.count
            && zip(items, batch.trades).allSatisfy { $0.traceCode == $1.traceCode }
    }

    /// Waits the next backoff delay (full jitter, Retry-After honoured) and counts the failure.
    private func backOff(after failures: inout Int, retryAfter: Int?, using random: inout AnyRandom) async {
        let delay = Backoff.delay(
            attempt: failures, retryAfterSeconds: retryAfter, initial: policy.backoffInitial,
            cap: policy.backoffMax, using: &random)
        failures += 1
        update { $0.consecutiveFailures = failures }
        await pause(delay)
    }

    /// What one send produced.
    private enum Sent {
        /// The platform's answer.
        case reply(BatchReply)
        /// No usable answer.
        case failed(UplinkSendError)
    }

    /// Sends one prepared batch.
    private func send(_ prepared: PreparedUplinkBatch) async -> Sent {
        do {
            let reply = try await transport.send(prepared)
            update { $0.batchesSent += 1 }
            return .reply(reply)
        } catch {
            return .failed(error)
        }
    }

    /// Records what happened to a batch that was not settled whole.
    private func handle(_ sent: Sent, of batch: UplinkBatch, cap: inout Int?) async -> Next {
        let reply: BatchReply
        switch sent {
        case .failed(let error):
            // Stopping: the send was cut short by us, not by the platform; nothing to record.
            if Task.isCancelled { return .backOff(retryAfterSeconds: nil) }
            await recordFailure(batch, reason: error.description)
            return .backOff(retryAfterSeconds: error.retryAfterSeconds)
        case .reply(let answer):
            reply = answer
        }
        switch reply {
        case .perItem(let items):
            return await record(items, of: batch)
        case .retryLater(let afterSeconds, let reason):
            await recordFailure(batch, reason: "platform \(platform) asked to retry later: \(reason)")
            return .backOff(retryAfterSeconds: afterSeconds)
        case .tooLarge(let reason):
            if batch.trades.count > 1 {
                cap = max(1, batch.trades.count / 2)
                logger.notice("batch too large; halving", metadata: ["trades": "\(batch.trades.count)"])
                update { $0.batchTradeCap = cap }
                return .resendSmaller
            }
            let code = batch.trades.first?.traceCode ?? "?"
            await recordFailure(
                batch,
                reason: "trade \(code) alone is larger than platform \(platform) accepts (\(reason)); it stays "
                    + "pending and blocks later trades: raise the platform's size limit")
            return .backOff(retryAfterSeconds: nil)
        }
    }

    /// Records per-trade results; trades the answer did not name stay pending.
    private func record(_ items: [ItemResult], of batch: UplinkBatch) async -> Next {
        let inOrder = Self.inBatchOrder(items, batch)
        let ids =
            inOrder
            ? [:] : Dictionary(batch.trades.map { ($0.traceCode, $0.id) }, uniquingKeysWith: { first, _ in first })
        var results: [DeliveryResult] = []
        results.reserveCapacity(items.count)
        var accepted = 0
        var rejected = 0
        for (index, item) in items.enumerated() {
            guard let id = inOrder ? batch.trades[index].id : ids[item.traceCode] else { continue }
            switch item.outcome {
            case .accepted:
                accepted += 1
                results.append(DeliveryResult(tradeID: id, outcome: .accepted))
            case .rejected(let reason):
                rejected += 1
                logger.warning(
                    "trade rejected by the platform",
                    metadata: ["trace_code": "\(item.traceCode)", "reason": "\(reason)"])
                results.append(DeliveryResult(tradeID: id, outcome: .rejected(reason: reason)))
            case .retry(let reason):
                results.append(DeliveryResult(tradeID: id, outcome: .retry(reason: reason)))
            }
        }
        do {
            try await ledger.recordOutcomes(
                platform: platform, batchID: batch.id, results: results, at: environment.now())
        } catch {
            // Nothing was recorded: every trade of the batch is still pending and goes again (same batch id;
            // the platform answers from its idempotency store).
            logger.error("cannot record the platform's answer: \(error)")
            update {
                $0.lastError = "\(error)"
                if let ledgerError = error as? LedgerError, ledgerError.kind == .full { $0.storageFull = "\(error)" }
            }
            return .backOff(retryAfterSeconds: nil)
        }
        let settled = accepted + rejected
        update {
            $0.acceptedSinceStart += accepted
            $0.rejectedSinceStart += rejected
            $0.storageFull = nil
            if settled > 0 {
                $0.lastError = nil
                $0.consecutiveFailures = 0
                $0.backoffMilliseconds = nil
            } else {
                $0.lastError = "platform \(platform) settled none of \(batch.trades.count) trade(s)"
            }
        }
        return settled > 0 ? .proceed : .backOff(retryAfterSeconds: nil)
    }

    /// Keeps the batch pending with `reason` as its last error (best effort: a full disk only loses the count).
    private func recordFailure(_ batch: UplinkBatch, reason: String) async {
        logger.warning("send failed: \(reason)", metadata: ["batch": "\(batch.id.prefix(12))"])
        update { $0.lastError = reason }
        do {
            try await ledger.recordFailedAttempt(
                platform: platform, batchID: batch.id, tradeIDs: batch.trades.map(\.id), reason: reason,
                at: environment.now())
        } catch let error as LedgerError where error.kind == .full {
            update { $0.storageFull = error.message }
        } catch {
            logger.error("cannot record the failed attempt: \(error)")
        }
    }

    /// Waits `delay` (injected sleep), or less when `sync now` is requested.
    private func pause(_ delay: Duration) async {
        update {
            $0.activity = .backingOff
            $0.backoffMilliseconds = Backoff.milliseconds(delay)
        }
        let sleep = environment.sleep
        let wakeup = self.wakeup
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await sleep(delay) }
            group.addTask { await wakeup.wait(commitsWake: false) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Changes the live state.
    private func update(_ body: (inout DeliverySnapshot) -> Void) {
        state.withLock { body(&$0) }
    }
}
