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

    /// The loop.
    private func deliverUntilCancelled() async {
        var random = AnyRandom(environment.makeRandom())
        var failures = 0
        var cap: Int?
        while !Task.isCancelled {
            wakeup.clearCommits()
            let offered = await transport.batchLimits()
            let limits = UplinkBatchLimits(
                maxTrades: min(offered.maxTrades, policy.maxBatchTrades, cap ?? .max),
                maxBytes: min(offered.maxBytes, policy.maxBatchBytes))
            let pending: [Trade]
            do {
                pending = try ledger.reader.pendingTrades(platform: platform, limit: BatchCutter.readLimit(limits))
            } catch {
                logger.error("cannot read pending trades: \(error)")
                update { $0.lastError = "\(error)" }
                failures += 1
                await pause(
                    Backoff.delay(
                        attempt: failures - 1, retryAfterSeconds: nil, initial: policy.backoffInitial,
                        cap: policy.backoffMax, using: &random))
                continue
            }
            if pending.isEmpty {
                update { $0.activity = .idle }
                await wakeup.wait(commitsWake: true)
                continue
            }
            let batch = UplinkBatch(trades: BatchCutter.cut(pending, limits: limits))
            update {
                $0.activity = .sending
                $0.backoffMilliseconds = nil
            }
            switch await deliver(batch, cap: &cap) {
            case .proceed:
                failures = 0
            case .resendSmaller:
                continue
            case .backOff(let retryAfter):
                let delay = Backoff.delay(
                    attempt: failures, retryAfterSeconds: retryAfter, initial: policy.backoffInitial,
                    cap: policy.backoffMax, using: &random)
                failures += 1
                update { $0.consecutiveFailures = failures }
                await pause(delay)
            }
        }
    }

    /// Sends one batch and records what happened.
    private func deliver(_ batch: UplinkBatch, cap: inout Int?) async -> Next {
        let reply: BatchReply
        do {
            reply = try await transport.send(batch)
        } catch {
            // Stopping: the send was cut short by us, not by the platform; nothing to record.
            if Task.isCancelled { return .backOff(retryAfterSeconds: nil) }
            await recordFailure(batch, reason: error.description)
            return .backOff(retryAfterSeconds: error.retryAfterSeconds)
        }
        update { $0.batchesSent += 1 }
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
        let ids = Dictionary(batch.trades.map { ($0.traceCode, $0.id) }, uniquingKeysWith: { first, _ in first })
        var results: [DeliveryResult] = []
        var accepted = 0
        var rejected = 0
        for item in items {
            guard let id = ids[item.traceCode] else { continue }
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
