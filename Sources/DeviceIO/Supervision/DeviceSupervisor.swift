import Logging
import TraceModel

/// Keeps one device read for as long as its task runs, whatever its transport: validates the settings, opens
/// the device (retrying with backoff while it is missing, cut short by `rescan()` or an arrival), serves the
/// connection until it is lost, closes it and reopens. Status, counters, state changes and event delivery go
/// through one `DeviceSession`; the transport's own work is its `DeviceLink`.
///
/// Shaped like a swift-service-lifecycle `Service`: `run()` returns when its task is cancelled, so the gateway
/// runs one supervisor per device as child tasks of its service group. The sink is an async closure awaited
/// for every update: a slow sink pauses reading (the kernel buffers meanwhile), so no event is dropped.
public final class DeviceSupervisor<Link: DeviceLink>: SupervisedDevice {
    /// The transport.
    public let link: Link
    /// Status counters, state changes and event delivery.
    let session: DeviceSession
    /// Wakes the backoff wait.
    private let rescanSignal = RescanSignal()
    /// Arrivals that wake the backoff wait too (nil: only `rescan()` does).
    private let arrivals: DeviceEventMonitor?

    /// Creates a supervisor of `link`; nothing happens until `run()`.
    ///
    /// - Parameters:
    ///   - arrivals: a hotplug monitor whose arrivals (tty, usb, input "add", "bind", "move") cut a backoff wait
    ///     short; the gateway calls `rescan()` itself instead.
    ///   - sink: receives every update, in order, and is awaited.
    public init(
        link: Link, wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"), arrivals: DeviceEventMonitor? = nil,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) {
        self.link = link
        self.arrivals = arrivals
        var logger = logger
        logger[metadataKey: "device"] = "\(link.id)"
        self.session = DeviceSession(
            status: DeviceStatus(id: link.id), sink: sink, logger: logger, wallClock: wallClock)
    }

    /// The current status; safe to read from any thread at any time.
    public var status: DeviceStatus { session.status }

    /// Try to open the device now instead of after the current backoff delay (devices changed). Safe from any
    /// thread; a signal while connected is forgotten at the next connection.
    public func rescan() { rescanSignal.signal() }

    /// Calls `rescan()` for every element of `changes` until it ends or the task is cancelled; run it next to
    /// `run()` to plug in a hotplug source.
    public func follow(_ changes: some AsyncSequence<Void, Never> & Sendable) async {
        for await _ in changes { rescan() }
    }

    /// Supervises the device until the task is cancelled (then returns normally, state `stopped`).
    ///
    /// Throws the link's `Failure` only when retrying cannot help (state `failed`): invalid settings, or a
    /// setting the device or driver refuses. Everything else (missing device, permissions, busy, unplug,
    /// silence) is retried with backoff.
    public func run() async throws {
        guard let arrivals else { return try await supervise() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                for await event in arrivals.subscribe() where Self.isArrival(event) { rescan() }
            }
            defer { group.cancelAll() }
            try await supervise()
        }
    }

    /// Whether `event` is a device arriving that may be the one waited for.
    static func isArrival(_ event: HotplugEvent) -> Bool {
        guard ["tty", "usb", "usb-serial", "input"].contains(event.subsystem) else { return false }
        switch event.action {
        case .add, .bind, .move: return true
        default: return false
        }
    }

    /// The loop: open → serve → close → wait, until cancelled.
    private func supervise() async throws {
        do {
            try link.validate()
        } catch {
            await session.fail(error.message)
            throw error
        }
        var attempt = 0
        var hasConnected = false
        while !Task.isCancelled {
            let connection: Link.Connection
            do {
                connection = try await link.open(session)
            } catch {
                guard error.isRetryable else {
                    await session.fail(error.message)
                    throw error
                }
                await session.enterWaiting(error.message)
                guard await pause(attempt: attempt) else { break }
                attempt += 1
                continue
            }
            rescanSignal.clear()  // the device is here: an older signal is stale
            if hasConnected { session.update { $0.reconnects += 1 } }
            hasConnected = true
            await session.setState(.connected)
            let end = await link.serve(connection, session: session)
            await link.close(connection)
            guard case .lost(let reason, let receivedData) = end else { break }
            if receivedData { attempt = 0 }
            await session.enterWaiting(reason)
            guard await pause(attempt: attempt) else { break }
            attempt += 1
        }
        await session.setState(.stopped)
    }

    /// Sleeps the backoff delay for `attempt`, or until `rescan()`; false when cancelled.
    private func pause(attempt: Int) async -> Bool {
        await rescanSignal.sleep(for: link.backoff.delay(attempt: attempt))
    }
}
