import DeviceIO
import Ledger
import Logging
import ServiceLifecycle

/// The ledger as a service: started first, stopped last, so every station's last commit lands.
struct LedgerService: Service {
    /// The ledger.
    let ledger: TradeLedger

    /// Runs until graceful shutdown, then commits what is queued and closes the file.
    func run() async throws {
        try await cancelWhenGracefulShutdown { try await ledger.run() }
    }
}

/// One device (serial or evdev) as a service. A device whose settings are wrong stays `failed` (visible in
/// `/devices`) without stopping the other stations.
struct DeviceService: Service {
    /// The supervisor.
    let supervisor: any SupervisedDevice
    /// Logs the failure.
    let logger: Logger

    /// Runs the supervisor until graceful shutdown.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await supervisor.run() }
        } catch is CancellationError {
            return
        } catch {
            logger.error("device stopped: \(error)", metadata: ["device": "\(supervisor.status.id)"])
            try? await gracefulShutdown()
        }
    }
}

/// A simulated device (stall, RFID reader) as a service.
struct SimulatorService: Service {
    /// The simulator.
    let simulator: any DeviceSimulator

    /// Sends traffic until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown { await simulator.run() }
    }
}

/// Announces readiness (log, event, systemd `READY=1`) once the API listens, then feeds the watchdog.
struct ReadinessService: Service {
    /// Resolves with the API port (or nil without API) when the gateway is up.
    let started: AsyncStream<Int?>
    /// Receives `.ready`.
    let events: GatewayEventSink
    /// systemd.
    let notifier: SystemdNotifier
    /// Start time, for the "ready in N ms" log line.
    let startedAt: ContinuousClock.Instant
    /// Logs readiness.
    let logger: Logger

    /// Waits for start, announces it, then pings the watchdog until shutdown.
    func run() async throws {
        var iterator = started.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        let elapsed = ContinuousClock.now - startedAt
        logger.info("ready", metadata: ["in": "\(elapsed)", "api_port": "\(port.map(String.init) ?? "off")"])
        notifier.ready(status: "recording trades")
        events(.ready(apiPort: port))
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            notifier.stopping()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while true {
                notifier.watchdog()
                try await Task.sleep(for: interval / 2)
            }
        }
        notifier.stopping()
    }
}
