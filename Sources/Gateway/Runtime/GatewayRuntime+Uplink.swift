import Delivery
import Foundation
import Ledger
import Logging
import ServiceLifecycle
import Uplink

extension GatewayRuntime {
    /// One delivery service per configured platform, with the transport from `options.makeUplinkTransport`.
    static func makeDeliveries(
        configuration: GatewayConfiguration, ledger: TradeLedger, options: GatewayOptions
    ) throws -> [DeliveryService] {
        guard let uplink = configuration.uplink else { return [] }
        return try uplink.platforms.map { platform in
            let transport = try setUp("transport", of: platform, in: configuration, with: options.makeUplinkTransport)
            let policy = DeliveryPolicy(
                backoffInitial: .milliseconds(platform.backoffInitialMilliseconds),
                backoffMax: .milliseconds(platform.backoffMaxMilliseconds), maxBatchTrades: platform.maxBatchTrades,
                maxBatchBytes: platform.maxBatchBytes)
            return DeliveryService(
                transport: transport, ledger: ledger, policy: policy, environment: options.deliveryEnvironment,
                logger: Logger(label: "tracegate.delivery"))
        }
    }

    /// `platform`'s `part` (its transport, its master data client) for this gateway's node, made by `make`; a
    /// failure becomes a start error naming the platform and the part.
    static func setUp<Part>(
        _ part: String, of platform: UplinkPlatformSettings, in configuration: GatewayConfiguration,
        with make: (UplinkPlatformSettings, UplinkNode) throws -> Part
    ) throws(GatewayStartError) -> Part {
        let node = UplinkNode(
            code: configuration.node.code, name: configuration.node.name, kind: configuration.node.kind)
        do {
            return try make(platform, node)
        } catch {
            throw GatewayStartError("uplink platform \(platform.name): cannot set up its \(part): \(error)")
        }
    }

    /// Every platform's status: the ledger's counts and times with the live service state.
    public func syncStatuses() throws -> [SyncStatusJSON] {
        let now = options.deliveryEnvironment.now()
        return try deliveries.map { service in
            SyncStatusJSON(
                try ledger.reader.deliveryStatus(platform: service.platform), live: service.snapshot, now: now)
        }
    }

    /// Wakes every delivery service at once (`POST /sync/now`).
    public func syncNow() {
        for service in deliveries { service.syncNow() }
        downlink?.refreshNow()
    }

    /// Pending or rejected trades, for one platform or all, oldest first.
    public func outbox(state: DeliveryState, platform: String?, limit: Int) throws -> [OutboxEntry] {
        let names = platform.map { [$0] } ?? deliveries.map(\.platform)
        return try names.flatMap { try ledger.reader.outbox(platform: $0, state: state, limit: limit) }
    }

    /// Sends a rejected trade back to pending (every platform that rejected it when `platform` is nil) and
    /// wakes delivery; returns the platforms it was reopened for.
    public func retry(traceCode: String, platform: String?) async throws -> [String] {
        let names = platform.map { [$0] } ?? deliveries.map(\.platform)
        var reopened: [String] = []
        var lastError: (any Error)?
        for name in names {
            do {
                try await ledger.retry(traceCode: traceCode, platform: name, at: options.deliveryEnvironment.now())
                reopened.append(name)
            } catch {
                lastError = error
            }
        }
        if reopened.isEmpty, let lastError { throw lastError }
        for service in deliveries where reopened.contains(service.platform) { service.syncNow() }
        return reopened
    }

    /// Alarms for `/health`: storage full, and rejected trades waiting for an operator.
    public func alarms() -> [String] {
        var alarms: [String] = []
        if let full = ledger.storageAlarm.current { alarms.append(full) }
        for service in deliveries {
            if let full = service.snapshot.storageFull, !alarms.contains(full) { alarms.append(full) }
            if let rejected = try? ledger.reader.rejectedCount(platform: service.platform), rejected > 0 {
                alarms.append(
                    "platform \(service.platform) rejected \(rejected) trade(s); see `tracegate outbox list "
                        + "--state rejected`, fix them, then `tracegate outbox retry CODE`")
            }
        }
        return alarms
    }

    /// The routes the local API serves for the uplink.
    func uplinkEndpoints() -> LocalAPI.UplinkEndpoints {
        LocalAPI.UplinkEndpoints(
            status: { [self] in try syncStatusesWithMasterData() }, syncNow: { [self] in syncNow() },
            outbox: { [self] state, platform, limit in try outbox(state: state, platform: platform, limit: limit) },
            retry: { [self] code, platform in try await retry(traceCode: code, platform: platform) },
            alarms: { [self] in alarms() })
    }
}

/// A delivery service in the gateway's service group: stops before the ledger closes.
struct DeliveryLifecycleService: Service {
    /// The service.
    let delivery: DeliveryService

    /// Delivers until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown { await delivery.run() }
    }
}

/// Retention pruning: at start and every `interval`, deletes trades every platform accepted that are older
/// than `uplink.retention_days` (never pending or rejected ones).
struct RetentionService: Service {
    /// The ledger.
    let ledger: TradeLedger
    /// Platforms that must all have accepted a trade.
    let platforms: [String]
    /// Days kept.
    let retentionDays: Int
    /// Between runs.
    let interval: Duration
    /// The clock.
    let now: @Sendable () -> Date
    /// Logs each run that pruned something.
    let logger: Logger

    /// Prunes until graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // The ledger guards the cutoff against a wrong wall clock (docs/outbox.md).
                    let result = try await ledger.prune(
                        olderThan: Double(retentionDays) * 86_400, acceptedBy: platforms, at: now())
                    if result.prunedCount > 0 { logger.info("\(result)") }
                } catch {
                    logger.error("retention pruning failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
