import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// Keeps one evdev keyboard-wedge device (scanner, card reader) read for as long as its task runs: opens
/// and grabs it (retrying with backoff while it is missing or grabbed elsewhere), feeds the input events
/// to a fresh decoder per connection (seeded with the Caps Lock LED), delivers events in order, notices
/// unplug (ENODEV, hangup) and reopens when the node is back.
///
/// Shaped like `SerialDeviceSupervisor` and reporting the same `SerialDeviceUpdate`s and status, so the
/// gateway and `tracegate devices` treat both alike. There is no silence timeout: an idle scanner is
/// normal. `rescan()` cuts a backoff wait short, for a hotplug monitor that saw input devices change.
public final class InputDeviceSupervisor: SupervisedDevice {
    /// The device's configuration.
    public let configuration: InputDeviceConfiguration
    /// Opens the device.
    private let open: @Sendable (InputDeviceConfiguration) throws(SerialPortError) -> any InputDeviceTransport
    /// Makes a decoder for each connection from the Caps Lock state at open.
    private let makeDecoder: @Sendable (_ capsLock: Bool) -> any FrameDecoder
    /// Waits for the descriptor.
    private let reactor: PollReactor
    /// Logs state changes.
    private let logger: Logger
    /// Status counters, state changes and event delivery, shared in form with the other supervisors.
    private let reporter: DeviceStatusReporter
    /// The device name of the current or last connection (EVIOCGNAME).
    private let nameStore = Mutex<String?>(nil)
    /// `rescan()` signals for the backoff wait.
    private let rescanSignal = RescanSignal()

    /// Creates a supervisor; nothing happens until `run()`. `open` defaults to `EvdevTransport`.
    public init(
        configuration: InputDeviceConfiguration,
        reactor: PollReactor = .shared,
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"),
        open: @escaping @Sendable (InputDeviceConfiguration) throws(SerialPortError) -> any InputDeviceTransport = {
            configuration throws(SerialPortError) in
            try EvdevTransport(path: configuration.path, grab: configuration.grab)
        },
        makeDecoder: @escaping @Sendable (_ capsLock: Bool) -> any FrameDecoder,
        sink: @escaping @Sendable (SerialDeviceUpdate) async -> Void
    ) {
        self.configuration = configuration
        self.open = open
        self.makeDecoder = makeDecoder
        self.reactor = reactor
        var logger = logger
        logger[metadataKey: "device"] = "\(configuration.id)"
        self.logger = logger
        self.reporter = DeviceStatusReporter(
            status: SerialDeviceStatus(id: configuration.id), sink: sink, logger: logger, wallClock: wallClock)
    }

    /// The current status; safe from any thread. `driver` is "evdev".
    public var status: SerialDeviceStatus { reporter.store.withLock { $0 } }

    /// The name the device reported at the last open (EVIOCGNAME), e.g. "Honeywell 1900 Scanner".
    public var deviceName: String? { nameStore.withLock { $0 } }

    /// Input devices changed (a hotplug monitor saw one arrive): try to open now instead of waiting out
    /// the backoff. Safe from any thread; harmless while connected.
    public func rescan() { rescanSignal.signal() }

    /// Supervises the device until the task is cancelled (then returns normally, state `stopped`).
    ///
    /// Throws `SerialPortError` only when retrying cannot help (state `failed`): an invalid configuration
    /// or a path that is not an input device.
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
            let transport: any InputDeviceTransport
            do {
                transport = try open(configuration)
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
            rescanSignal.clear()  // the device is here: an older signal is stale
            nameStore.withLock { $0 = transport.deviceName }
            reporter.store.withLock { status in
                status.driver = transport.driverName
                if isReconnect { status.reconnects += 1 }
            }
            logger.info(
                "opened", metadata: ["name": "\(transport.deviceName ?? "?")", "grabbed": "\(transport.grabbed)"])
            await reporter.setState(.connected)
            let end = await serve(transport)
            transport.close()
            guard let (reason, receivedData) = end else { break }
            if receivedData { attempt = 0 }
            await reporter.enterWaiting(reason)
            guard await pause(attempt: attempt) else { break }
            attempt += 1
        }
        await reporter.setState(.stopped)
    }

    /// Reads one connection until it is lost (the reason, and whether data arrived) or cancelled (nil).
    private func serve(_ transport: any InputDeviceTransport) async -> (String, Bool)? {
        var decoder = makeDecoder(transport.capsLock)
        var receivedData = false
        while true {
            if Task.isCancelled { return nil }
            let readiness: PollReactor.Readiness
            do {
                readiness = try await reactor.wait(transport.fileDescriptor, for: .readable)
            } catch {
                return nil
            }
            reading: while true {
                let result: SerialReadResult
                do {
                    result = try transport.readAvailable(maximum: 64 * 24)
                } catch {
                    return (error.message, receivedData)
                }
                switch result {
                case .bytes(let bytes):
                    receivedData = true
                    await reporter.deliver(bytes, to: &decoder)
                case .wouldBlock:
                    break reading
                case .hangup(let reason):
                    return (reason, receivedData)
                }
            }
            if readiness == .hangup {
                return ("\(transport.path) hung up (device unplugged?)", receivedData)
            }
        }
    }

    /// Sleeps the backoff delay for `attempt`, or until `rescan()`; false when cancelled.
    private func pause(attempt: Int) async -> Bool {
        await rescanSignal.sleep(for: configuration.backoff.delay(attempt: attempt))
    }
}
