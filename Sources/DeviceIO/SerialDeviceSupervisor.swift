import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// Keeps one serial device read for as long as its task runs: opens the port (retrying with backoff
/// while it is missing), feeds the bytes to a fresh decoder per connection, delivers events in order,
/// writes the poll command on schedule (and never writes otherwise), notices unplug (hangup, EIO, end
/// of file) and silence, and reopens.
///
/// Shaped like a swift-service-lifecycle `Service`: `run()` returns when its task is cancelled, so the
/// gateway can run one supervisor per device as child tasks of its service group. Every wait goes
/// through a `PollReactor`, so fifty supervisors cost no pool thread while idle.
///
/// The sink is an async closure that `run()` awaits for every update: a slow sink pauses reading (the
/// kernel buffers the device's bytes meanwhile), so no event is dropped. Wrap an
/// `AsyncStream.Continuation` if a stream is preferred.
public final class SerialDeviceSupervisor: Sendable {
    /// The device's configuration.
    public let configuration: SerialDeviceConfiguration
    /// Makes a decoder for each new connection, so partial frames never span a reconnect.
    private let makeDecoder: @Sendable () -> any FrameDecoder
    /// Waits for the descriptor.
    private let reactor: PollReactor
    /// Logs state changes.
    private let logger: Logger
    /// Status counters, state changes and event delivery, shared in form with the other supervisors.
    private let reporter: DeviceStatusReporter
    /// Wakes the backoff wait when a device arrives; nil waits out the backoff.
    private let arrivals: DeviceEventMonitor?

    /// How one connection ended.
    private enum ConnectionEnd {
        /// The task was cancelled.
        case cancelled
        /// The device went away or fell silent; `receivedData` resets the backoff.
        case lost(reason: String, receivedData: Bool)
    }

    /// Creates a supervisor; nothing happens until `run()`.
    public init(
        configuration: SerialDeviceConfiguration,
        reactor: PollReactor = .shared,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"),
        arrivals: DeviceEventMonitor? = nil,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (SerialDeviceUpdate) async -> Void
    ) {
        self.configuration = configuration
        self.makeDecoder = makeDecoder
        self.reactor = reactor
        self.arrivals = arrivals
        var logger = logger
        logger[metadataKey: "device"] = "\(configuration.id)"
        self.logger = logger
        self.reporter = DeviceStatusReporter(
            status: SerialDeviceStatus(id: configuration.id), sink: sink, logger: logger, wallClock: wallClock)
    }

    /// The current status; safe to read from any thread at any time.
    public var status: SerialDeviceStatus { reporter.store.withLock { $0 } }

    /// Supervises the device until the task is cancelled (then returns normally, state `stopped`).
    ///
    /// Throws `SerialPortError` only for configuration-level errors that retrying cannot fix (state
    /// `failed`): invalid settings, or a line setting the device or driver refuses. Everything else
    /// (missing device, permissions, busy, unplug, silence) is retried with backoff.
    public func run() async throws {
        do {
            try configuration.validate()
        } catch {
            await reporter.fail(error.message)
            throw error
        }
        var attempt = 0
        var hasConnected = false
        while !Task.isCancelled {
            let transport: any SerialTransport
            do {
                transport = try resolvedSettings().openTransport()
            } catch {
                guard error.isRetryable else {
                    await reporter.fail(error.message)
                    throw error
                }
                await reporter.enterWaiting(error.message)
                guard await pause(attempt: attempt) else { break }
                attempt += 1
                continue
            }
            let isReconnect = hasConnected
            hasConnected = true
            reporter.store.withLock { status in
                status.driver = transport.driverName
                if isReconnect { status.reconnects += 1 }
            }
            await reporter.setState(.connected)
            let end = await serve(transport)
            transport.close()
            guard case .lost(let reason, let receivedData) = end else { break }
            if receivedData { attempt = 0 }
            await reporter.enterWaiting(reason)
            guard await pause(attempt: attempt) else { break }
            attempt += 1
        }
        await reporter.setState(.stopped)
    }

    /// The settings with the path the identity resolves to right now (sysfs is read for `.usb`).
    private func resolvedSettings() throws(SerialPortError) -> SerialSettings {
        var settings = configuration.settings
        if let identity = configuration.identity {
            settings.path = try identity.resolve(in: configuration.sysfs.serialPorts())
        }
        reporter.store.withLock { $0.resolvedPath = settings.path }
        return settings
    }

    /// Reads one open connection until it is lost or the task is cancelled.
    private func serve(_ transport: any SerialTransport) async -> ConnectionEnd {
        let clock = ContinuousClock()
        var decoder = makeDecoder()
        let pollCommand = configuration.pollCommand ?? decoder.pollCommand
        let pollInterval = configuration.pollInterval
        let silenceTimeout = configuration.silenceTimeout
        var nextPollAt: ContinuousClock.Instant? = pollCommand == nil ? nil : clock.now
        var unwritten: ArraySlice<UInt8> = []
        var lastByteAt = clock.now
        var receivedData = false
        while true {
            if Task.isCancelled { return .cancelled }
            let now = clock.now
            if let pollCommand, let due = nextPollAt, now >= due, unwritten.isEmpty {
                unwritten = pollCommand[...]
                // Skip polls missed while the sink was slow instead of sending a burst.
                nextPollAt = max(due + pollInterval, now)
            }
            if !unwritten.isEmpty {
                do {
                    let written = try transport.writeAvailable(unwritten)
                    unwritten = unwritten.dropFirst(written)
                    if unwritten.isEmpty { reporter.store.withLock { $0.pollsWritten += 1 } }
                } catch {
                    return .lost(reason: error.message, receivedData: receivedData)
                }
            }
            var deadline: ContinuousClock.Instant?
            if let silenceTimeout { deadline = lastByteAt + silenceTimeout }
            if let due = nextPollAt { deadline = deadline.map { min($0, due) } ?? due }
            if !unwritten.isEmpty {
                // The output buffer was full: retry the rest shortly (rare; a poll is a few bytes).
                let retryAt = clock.now + .milliseconds(20)
                deadline = deadline.map { min($0, retryAt) } ?? retryAt
            }
            let readiness: PollReactor.Readiness
            do {
                readiness = try await reactor.wait(transport.fileDescriptor, for: .readable, deadline: deadline)
            } catch {
                return .cancelled
            }
            if readiness == .timedOut {
                if let silenceTimeout, clock.now - lastByteAt >= silenceTimeout {
                    reporter.store.withLock { $0.silenceTimeouts += 1 }
                    return .lost(
                        reason:
                            "no data from \(transport.path) for \(silenceTimeout); reopening (check cable and device power)",
                        receivedData: receivedData)
                }
                continue
            }
            // Ready or hung up: read everything pending first, so bytes sent just before an unplug are kept.
            reading: while true {
                let result: SerialReadResult
                do {
                    result = try transport.readAvailable()
                } catch {
                    return .lost(reason: error.message, receivedData: receivedData)
                }
                switch result {
                case .bytes(let bytes):
                    lastByteAt = clock.now
                    receivedData = true
                    await reporter.deliver(bytes, to: &decoder)
                case .wouldBlock:
                    break reading
                case .hangup(let reason):
                    return .lost(reason: reason, receivedData: receivedData)
                }
            }
            if readiness == .hangup {
                return .lost(reason: "\(transport.path) hung up (device unplugged?)", receivedData: receivedData)
            }
        }
    }

    /// Sleeps the backoff delay for `attempt`, or less when a device arrives meanwhile (with a monitor);
    /// false when cancelled.
    private func pause(attempt: Int) async -> Bool {
        let delay = configuration.backoff.delay(attempt: attempt)
        guard let arrivals else {
            do {
                try await Task.sleep(for: delay)
                return true
            } catch {
                return false
            }
        }
        let woken = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await Task.sleep(for: delay)
                return false
            }
            group.addTask {
                await arrivals.waitForArrival()
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if woken { logger.debug("a device arrived; retrying before the backoff delay ends") }
        return !Task.isCancelled
    }
}
