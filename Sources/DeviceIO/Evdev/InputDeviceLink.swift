import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// An evdev keyboard-wedge device (scanner, card reader) as a `DeviceLink`: opens and grabs it (missing, or
/// grabbed by another program, is retried), seeds each connection's decoder with the Caps Lock LED, and notices
/// unplug (ENODEV, hangup). There is no silence timeout: an idle scanner is normal.
public final class InputDeviceLink: ConfiguredLink {
    /// The device's configuration.
    public let configuration: InputDeviceConfiguration
    /// Opens the device (`EvdevTransport` by default; tests hand in a pipe carrying input events).
    let openTransport: @Sendable (InputDeviceConfiguration) throws(DeviceError) -> any InputDeviceTransport
    /// Makes a decoder for each connection from the Caps Lock state at open.
    let makeDecoder: @Sendable (_ capsLock: Bool) -> any FrameDecoder
    /// Waits for the descriptor.
    let reactor: PollReactor
    /// The device name of the current or last connection (EVIOCGNAME).
    private let nameStore = Mutex<String?>(nil)

    /// Creates the link.
    public init(
        configuration: InputDeviceConfiguration, reactor: PollReactor = .shared,
        open: @escaping @Sendable (InputDeviceConfiguration) throws(DeviceError) -> any InputDeviceTransport = {
            configuration throws(DeviceError) in
            try EvdevTransport(path: configuration.path, grab: configuration.grab)
        },
        makeDecoder: @escaping @Sendable (_ capsLock: Bool) -> any FrameDecoder
    ) {
        self.configuration = configuration
        self.openTransport = open
        self.makeDecoder = makeDecoder
        self.reactor = reactor
    }

    /// The name the device reported at the last open (EVIOCGNAME), e.g. "Honeywell 1900 Scanner".
    public var deviceName: String? { nameStore.withLock { $0 } }

    /// Opens (and grabs) the input device.
    public func open(_ session: DeviceSession) async throws(DeviceError) -> any InputDeviceTransport {
        let transport = try openTransport(configuration)
        nameStore.withLock { $0 = transport.deviceName }
        session.update { $0.driver = transport.driverName }
        session.logger.info(
            "opened", metadata: ["name": "\(transport.deviceName ?? "?")", "grabbed": "\(transport.grabbed)"])
        return transport
    }

    /// Releases the grab and closes the node.
    public func close(_ connection: any InputDeviceTransport) async { connection.close() }

    /// Reads input events until the device is lost or the task is cancelled.
    public func serve(_ transport: any InputDeviceTransport, session: DeviceSession) async -> ConnectionEnd {
        var decoder = makeDecoder(transport.capsLock)
        var receivedData = false
        while true {
            if Task.isCancelled { return .cancelled }
            let readiness: PollReactor.Readiness
            do {
                readiness = try await reactor.wait(transport.fileDescriptor, for: .readable)
            } catch {
                return .cancelled
            }
            let drained = await DescriptorReading.drain(
                { () throws(DeviceError) in try transport.readAvailable(maximum: 64 * 24) }, session: session,
                decoder: &decoder)
            receivedData = receivedData || drained.receivedData
            if let reason = drained.lostReason { return .lost(reason: reason, receivedData: receivedData) }
            if readiness == .hangup {
                return .lost(reason: "\(transport.path) hung up (device unplugged?)", receivedData: receivedData)
            }
        }
    }
}

/// An evdev supervisor: the one `DeviceSupervisor` over an `InputDeviceLink`.
public typealias InputDeviceSupervisor = DeviceSupervisor<InputDeviceLink>

extension DeviceSupervisor where Link == InputDeviceLink {
    /// Creates a supervisor of the keyboard-wedge device `configuration`; nothing happens until `run()`.
    /// `open` defaults to `EvdevTransport`.
    public convenience init(
        configuration: InputDeviceConfiguration, reactor: PollReactor = .shared,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "tracegate.deviceio"),
        open: @escaping @Sendable (InputDeviceConfiguration) throws(DeviceError) -> any InputDeviceTransport = {
            configuration throws(DeviceError) in
            try EvdevTransport(path: configuration.path, grab: configuration.grab)
        },
        makeDecoder: @escaping @Sendable (_ capsLock: Bool) -> any FrameDecoder,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) {
        self.init(
            link: InputDeviceLink(configuration: configuration, reactor: reactor, open: open, makeDecoder: makeDecoder),
            wallClock: wallClock, logger: logger, sink: sink)
    }

    /// The device's configuration.
    public var configuration: InputDeviceConfiguration { link.configuration }
    /// The name the device reported at the last open (EVIOCGNAME).
    public var deviceName: String? { link.deviceName }
}
