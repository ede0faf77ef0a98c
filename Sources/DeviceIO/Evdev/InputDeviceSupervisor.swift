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
    /// Receives every update, awaited in order.
    private let sink: @Sendable (SerialDeviceUpdate) async -> Void
    /// Waits for the descriptor.
    private let reactor: PollReactor
    /// Stamps `lastEventAt`.
    private let wallClock: any WallClock
    /// Logs state changes.
    private let logger: Logger
    /// The status snapshot.
    private let statusStore: Mutex<SerialDeviceStatus>
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
        self.sink = sink
        self.reactor = reactor
        self.wallClock = wallClock
        var logger = logger
        logger[metadataKey: "device"] = "\(configuration.id)"
        self.logger = logger
        self.statusStore = Mutex(SerialDeviceStatus(id: configuration.id))
    }

    /// The current status; safe from any thread. `driver` is "evdev".
    public var status: SerialDeviceStatus { statusStore.withLock { $0 } }

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
            await fail(error)
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
                    await fail(error)
                    throw error
                }
                await enterWaiting(error.message)
                guard await pause(attempt: attempt) else { break }
                attempt += 1
                continue
            }
            let isReconnect = hasConnected
            hasConnected = true
            rescanSignal.clear()  // the device is here: an older signal is stale
            nameStore.withLock { $0 = transport.deviceName }
            statusStore.withLock { status in
                status.driver = transport.driverName
                if isReconnect { status.reconnects += 1 }
            }
            logger.info(
                "opened", metadata: ["name": "\(transport.deviceName ?? "?")", "grabbed": "\(transport.grabbed)"])
            await setState(.connected)
            let end = await serve(transport)
            transport.close()
            guard let (reason, receivedData) = end else { break }
            if receivedData { attempt = 0 }
            await enterWaiting(reason)
            guard await pause(attempt: attempt) else { break }
            attempt += 1
        }
        await setState(.stopped)
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
                    await deliver(bytes, to: &decoder)
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

    /// Counts `bytes`, decodes them and hands everything to the sink in order.
    private func deliver(_ bytes: [UInt8], to decoder: inout any FrameDecoder) async {
        statusStore.withLock { $0.bytesRead += Int64(bytes.count) }
        await sink(.bytes(bytes))
        for event in decoder.feed(bytes) {
            let at = wallClock.now()
            statusStore.withLock { status in
                if case .frameError = event { status.decodeErrors += 1 } else { status.frames += 1 }
                status.lastEventAt = at
            }
            await sink(.event(event))
        }
    }

    /// Records a loss or open failure and reports the waiting state.
    private func enterWaiting(_ reason: String) async {
        statusStore.withLock { $0.lastError = reason }
        await setState(.waitingForDevice(reason))
    }

    /// Records a configuration-level failure.
    private func fail(_ error: SerialPortError) async {
        statusStore.withLock { $0.lastError = error.message }
        await setState(.failed(error.message))
    }

    /// Sets the state and reports it, once per change.
    private func setState(_ state: SerialDeviceState) async {
        let changed = statusStore.withLock { status in
            defer { status.state = state }
            return status.state != state
        }
        guard changed else { return }
        switch state {
        case .failed, .waitingForDevice: logger.warning("\(state)")
        default: logger.info("\(state)")
        }
        await sink(.state(state))
    }

    /// Sleeps the backoff delay for `attempt`, or until `rescan()`; false when cancelled.
    private func pause(attempt: Int) async -> Bool {
        await rescanSignal.sleep(for: configuration.backoff.delay(attempt: attempt))
    }
}
