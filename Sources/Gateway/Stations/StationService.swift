import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TraceModel
import TradeLogic

/// Runs one retail station: feeds its devices' readings and commands into the pure `RetailStation`,
/// performs the actions it returns (commit to the ledger, acknowledge, report), and wakes it at its
/// deadlines. A trade is acknowledged only after the ledger's commit has returned.
public final class StationService: Service, Sendable {
    /// A message to the station: an input, optionally with a reply for the caller (API confirm).
    ///
    /// Boxed (`indirect`): the mailbox's buffer keeps the capacity of its longest queue for as long as the station
    /// runs, so an inline message (232 bytes: a `StationInput` is as large as the `Trade` it may carry) left up to
    /// 1,024 × 232 bytes per station resident after one burst of queued frames, and the soak's resident size rose in
    /// steps at each new burst (BENCHMARKS.md, soak). Boxed, a queued message costs 8 bytes of that buffer, and its
    /// box goes back to the allocator once the message is handled.
    indirect enum Message: Sendable {
        case input(StationInput, arrivedAt: ContinuousClock.Instant)
        case command(StationCommand, reply: @Sendable ([StationAction]) -> Void)
        case masterData(StationMasterData)
    }

    /// Station id.
    public let id: String
    private let settings: RetailStationSettings
    private let interpreter: ScanInterpreter
    private let ledger: any TradeCommitting
    private let events: GatewayEventSink
    private let logger: Logger
    private let stream: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation
    private let snapshotState: Mutex<StationSnapshot>
    /// Nanoseconds from each stable weight frame's arrival to the commit's return, for benchmarks.
    let commitLatencies = Mutex<[UInt64]>([])
    /// Record latencies (benchmarks only; off by default to keep memory flat).
    let recordLatencies: Bool
    /// Weight readings submitted and not yet handled. The mailbox is unbounded (commands carry replies that must
    /// not be dropped), so weights are counted: nothing slows a device reader when its station falls behind, and a
    /// starved CPU let 50 fast scales queue hundreds of MiB of frames (`bench soak`).
    private let queuedWeights = Atomic<Int>(0)
    /// Whether weights are being dropped now (to warn once per overload, not per frame).
    private let droppingWeights = Atomic<Bool>(false)
    /// The most weight readings queued per station — 25 s of a scale that sends 10 frames a second; more are
    /// dropped, as an overflowing serial line drops frames. A dropped frame can delay a trade but never make a wrong
    /// one: the station still needs a return to zero and a stable weight, both read from the scale. (It was 1,000:
    /// 50 full mailboxes were a burst of ~12 MiB whose freed memory stayed resident; see `Message`.)
    public static let maxQueuedWeights = 250

    /// Creates the station; it starts when `run()` is called.
    public init(
        settings: RetailStationSettings, interpreter: ScanInterpreter, ledger: any TradeCommitting,
        events: @escaping GatewayEventSink, logger: Logger, recordLatencies: Bool = false
    ) {
        self.id = settings.station
        self.settings = settings
        self.interpreter = interpreter
        self.ledger = ledger
        self.events = events
        self.logger = logger
        self.recordLatencies = recordLatencies
        (stream, continuation) = AsyncStream.makeStream(of: Message.self, bufferingPolicy: .unbounded)
        snapshotState = Mutex(
            StationSnapshot(
                station: settings.station, productCode: settings.defaultProduct?.code,
                productName: settings.defaultProduct?.name, sources: [], grams: nil, stable: false, ready: false,
                trades: 0, lastRejection: nil, lastTraceCode: nil))
    }

    /// Delivers a device reading or an unreplied command. Safe from any task. A weight reading is dropped while
    /// `maxQueuedWeights` wait already.
    public func submit(_ input: StationInput) {
        if case .weight = input {
            guard queuedWeights.add(1, ordering: .relaxed).newValue <= Self.maxQueuedWeights else {
                queuedWeights.subtract(1, ordering: .relaxed)
                if !droppingWeights.exchange(true, ordering: .relaxed) {
                    logger.warning(
                        "station falls behind its scale: weight frames dropped",
                        metadata: ["station": "\(id)", "queued": "\(Self.maxQueuedWeights)"])
                }
                return
            }
        }
        continuation.yield(.input(input, arrivedAt: .now))
    }

    /// Runs a command and returns what it led to (for confirm: the acknowledged trade or the refusal).
    public func perform(_ command: StationCommand) async -> [StationAction] {
        await withCheckedContinuation { reply in
            let result = continuation.yield(.command(command, reply: { reply.resume(returning: $0) }))
            if case .terminated = result {
                reply.resume(returning: [.rejected(StationRejection(.notReady, "station \(id) is stopping"))])
            }
        }
    }

    /// Applies the platform's master data (catalogue, operator cards, stop-trade orders) in order with the inputs
    /// already submitted. Safe from any task; before `run()` it is applied first thing.
    public func apply(_ master: StationMasterData) {
        continuation.yield(.masterData(master))
    }

    /// What the station shows now.
    public var snapshot: StationSnapshot { snapshotState.withLock { $0 } }

    /// Nanoseconds from each stable weight frame's arrival at the station to its commit's return, in
    /// commit order; empty unless built with `recordLatencies` (`tracegate-tools bench latency`).
    public var recordedCommitLatencies: [UInt64] { commitLatencies.withLock { $0 } }

    /// Processes messages until graceful shutdown; a commit under way always completes first.
    public func run() async {
        var station = RetailStation(settings: settings, interpreter: interpreter)
        let origin = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            var scheduled: Duration?
            for await message in stream.cancelOnGracefulShutdown() {
                let actions: [StationAction]
                var reply: (@Sendable ([StationAction]) -> Void)?
                var arrivedAt = ContinuousClock.now
                switch message {
                case .input(let input, let arrival):
                    arrivedAt = arrival
                    if case .weight = input, queuedWeights.subtract(1, ordering: .relaxed).newValue == 0 {
                        droppingWeights.store(false, ordering: .relaxed)
                    }
                    actions = await process(input, station: &station, origin: origin, arrivedAt: arrival)
                case .command(let command, let replyTo):
                    reply = replyTo
                    actions = await process(.command(command), station: &station, origin: origin, arrivedAt: arrivedAt)
                case .masterData(let master):
                    actions = await perform(
                        station.apply(master), station: &station, origin: origin, arrivedAt: arrivedAt)
                }
                reply?(actions)
                publishSnapshot(station)
                if let deadline = station.nextDeadline, deadline != scheduled {
                    scheduled = deadline
                    let continuation = self.continuation
                    group.addTask {
                        try? await Task.sleep(until: origin + deadline, clock: .continuous)
                        continuation.yield(.input(.tick, arrivedAt: .now))
                    }
                }
            }
            continuation.finish()
            group.cancelAll()
        }
    }

    /// Handles one input and every action it leads to, including the ledger commit and its outcome.
    private func process(
        _ input: StationInput, station: inout RetailStation, origin: ContinuousClock.Instant,
        arrivedAt: ContinuousClock.Instant
    ) async -> [StationAction] {
        await perform(
            station.handle(input, at: ContinuousClock.now - origin), station: &station, origin: origin,
            arrivedAt: arrivedAt)
    }

    /// Performs actions the station returned, and every action they lead to (commit outcome, acknowledgement).
    private func perform(
        _ first: [StationAction], station: inout RetailStation, origin: ContinuousClock.Instant,
        arrivedAt: ContinuousClock.Instant
    ) async -> [StationAction] {
        var all: [StationAction] = []
        var queue = first
        while !queue.isEmpty {
            let action = queue.removeFirst()
            all.append(action)
            switch action {
            case .commit(let draft):
                let outcome: StationInput
                do {
                    let trade = try await ledger.commit(draft)
                    if recordLatencies {
                        let elapsed = ContinuousClock.now - arrivedAt
                        let nanos =
                            UInt64(elapsed.components.seconds) * 1_000_000_000
                            + UInt64(elapsed.components.attoseconds / 1_000_000_000)
                        commitLatencies.withLock { $0.append(nanos) }
                    }
                    outcome = .committed(trade)
                } catch {
                    logger.error("trade NOT recorded", metadata: ["station": "\(id)", "error": "\(error)"])
                    outcome = .commitFailed(reason: "\(error)")
                }
                queue += station.handle(outcome, at: ContinuousClock.now - origin)
            case .acknowledged(let trade):
                snapshotState.withLock {
                    $0.trades += 1
                    $0.lastTraceCode = trade.traceCode
                }
                events(.tradeAcknowledged(trade))
            case .rejected(let rejection):
                snapshotState.withLock { $0.lastRejection = rejection.message }
                logger.warning(
                    "\(rejection.message)", metadata: ["station": "\(id)", "kind": "\(rejection.kind.rawValue)"])
                events(.rejected(station: id, rejection))
            case .notice(let text):
                logger.info("\(text)", metadata: ["station": "\(id)"])
                events(.notice(station: id, text))
            }
        }
        return all
    }

    private func publishSnapshot(_ station: RetailStation) {
        snapshotState.withLock {
            $0.productCode = station.currentProduct?.code
            $0.productName = station.currentProduct?.name
            $0.sources = station.sources
            $0.grams = station.lastWeight?.grams
            $0.stable = station.lastWeight?.stable ?? false
            $0.ready = station.armed
        }
    }
}
