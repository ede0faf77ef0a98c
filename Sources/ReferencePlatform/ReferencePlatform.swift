import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// A reference city traceability platform for tests and the demo (issue 3 item 6; docs/reference-platform.md).
///
/// Speaks the three uplink formats (`tracegate-v1` batches, EPCIS 2.0 capture with jobs, city-form-json),
/// publishes master data with ETags, stores every trade once by trace code in its own SQLite file, and injects
/// faults on demand. Start it on port 0 inside a task and read the port:
///
/// ```swift
/// let platform = try ReferencePlatform(configuration: PlatformConfiguration(databasePath: path))
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { try await platform.run() }
///     let port = try await platform.listeningPort()
///     …
///     group.cancelAll()
/// }
/// ```
public final class ReferencePlatform: Service, Sendable {
    /// The configuration it was started with (faults and master data change at run time; see below).
    public let configuration: PlatformConfiguration
    let store: PlatformStore
    let faults: FaultInjector
    let master: MasterDataPublisher
    let counters = Mutex(PlatformCounters())
    /// Upload requests received and not yet answered.
    let uploadsInFlight = Atomic<Int>(0)
    let port = ListeningPort()
    let group = Mutex<ServiceGroup?>(nil)
    let logger: Logger

    /// Opens the database and prepares the platform; `run()` serves.
    public init(configuration: PlatformConfiguration, logger: Logger = Logger(label: "tracegate.platform"))
        throws(PlatformError)
    {
        let problems = configuration.problems
        guard problems.isEmpty else {
            throw PlatformError("platform configuration: " + problems.joined(separator: "; "))
        }
        self.configuration = configuration
        self.logger = logger
        store = try PlatformStore(path: configuration.databasePath)
        faults = FaultInjector(configuration.faults)
        master = MasterDataPublisher(configuration.masterData)
    }

    /// Serves until `stop()`, a graceful shutdown of the service group it runs in, or cancellation.
    public func run() async throws { try await serve(signals: []) }

    /// Serves until SIGINT or SIGTERM (the `tracegate-tools platform` command) or `stop()`, then stops gracefully.
    public func runUntilSignalled() async throws { try await serve(signals: [.sigterm, .sigint]) }

    /// Stops serving gracefully: `run()` returns once open requests are answered.
    public func stop() async { await group.withLock { $0 }?.triggerGracefulShutdown() }

    /// Runs the HTTP server in its own service group so `stop()` can shut it down without cancelling anything.
    private func serve(signals: [UnixSignal]) async throws {
        let server: HTTPServerBuilder
        if let tls = configuration.tls {
            server = try .tls(.http1(), tlsConfiguration: try PlatformTLS.serverConfiguration(tls))
        } else {
            server = .http1()
        }
        let listening = port
        let app = Application(
            router: makeRouter(), server: server,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "tracegate-platform"),
            onServerRunning: { channel in listening.listening(on: channel.localAddress?.port ?? 0) },
            logger: logger)
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: store.checkpointer)], gracefulShutdownSignals: signals,
                logger: logger))
        group.withLock { $0 = serviceGroup }
        do {
            try await serviceGroup.run()
        } catch {
            port.stopped(PlatformError("the platform stopped: \(error)"))
            throw error
        }
        port.stopped(PlatformError("the platform has stopped"))
    }

    /// The port it listens on; waits until it does. Throws if the server could not start.
    public func listeningPort() async throws -> Int { try await port.wait() }

    /// The port it listens on, or nil before it does.
    public var boundPort: Int? { port.port }

    /// `http://127.0.0.1:8480` (or `https://…`), once listening.
    public var url: String? {
        guard let bound = port.port else { return nil }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "\(configuration.tls == nil ? "http" : "https")://\(host):\(bound)"
    }

    /// The faults in force.
    public var faultSettings: FaultSettings { faults.settings }

    /// Replaces the faults (restarting the seeded sequence; a `downForSeconds` counts from now).
    public func setFaults(_ settings: FaultSettings) throws(PlatformError) {
        guard settings.problems.isEmpty else {
            throw PlatformError("faults: " + settings.problems.joined(separator: "; "))
        }
        faults.apply(settings)
    }

    /// The master data published now.
    public var masterData: MasterData { master.current }

    /// Replaces the published master data (ETags change with the content).
    public func setMasterData(_ data: MasterData) { master.replace(data) }

    /// Counters and what the database holds.
    public func stats() async throws -> PlatformStats {
        let counts = try await store.counts()
        return PlatformStats(
            counters: counters.withLock { $0 }, tradesStored: counts.total, perStation: counts.perStation,
            epcisEvents: counts.events, downRemainingSeconds: faults.downRemaining(),
            uploadsInFlight: uploadsInFlight.load(ordering: .relaxed))
    }

    /// The trade held under `code`.
    public func trade(code: String) async throws -> StoredTrade? { try await store.trade(code: code) }

    /// Trades in arrival order after sequence `after` (0: from the start), optionally of one station.
    public func trades(station: String? = nil, after: Int64 = 0, limit: Int = 1000) async throws -> [StoredTrade] {
        try await store.trades(station: station, after: after, limit: limit)
    }
}
