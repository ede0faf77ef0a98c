import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// A USB HID device (a HID POS scale or scanner) as a `DeviceLink`: found and opened through libusb (missing,
/// busy, or not yet accessible right after arrival is retried), the first, possibly stale report dropped, every
/// report decoded, an unplug (LIBUSB_ERROR_NO_DEVICE) or I/O error ends the connection. Output reports (the
/// scale's zero command) go to the open connection.
public final class USBHIDLink: ConfiguredLink {
    /// The device's configuration.
    public let configuration: USBHIDDeviceConfiguration
    /// Opens the device (libusb by default, through a context created lazily, so a gateway without USB devices
    /// never initialises libusb or starts its event thread; tests hand in a stand-in transport).
    let openTransport: @Sendable (USBHIDDeviceConfiguration) throws(DeviceError) -> any HIDReportTransport
    /// Makes a decoder for each new connection.
    let makeDecoder: @Sendable () -> any FrameDecoder
    /// The open connection, for `writeOutputReport`.
    private let connection = Mutex<(any HIDReportTransport)?>(nil)

    /// Creates the link.
    public init(
        configuration: USBHIDDeviceConfiguration,
        open: @escaping @Sendable (USBHIDDeviceConfiguration) throws(DeviceError) -> any HIDReportTransport,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder
    ) {
        self.configuration = configuration
        self.openTransport = open
        self.makeDecoder = makeDecoder
    }

    /// Finds, opens and claims the device.
    public func open(_ session: DeviceSession) async throws(DeviceError) -> any HIDReportTransport {
        session.update { $0.driver = "libusb" }
        let transport = try openTransport(configuration)
        connection.withLock { $0 = transport }
        return transport
    }

    /// Releases the interface (the kernel driver is reattached).
    public func close(_ transport: any HIDReportTransport) async {
        connection.withLock { $0 = nil }
        await transport.close()
    }

    /// Reads reports until the device is lost, falls silent, or the task is cancelled.
    public func serve(_ transport: any HIDReportTransport, session: DeviceSession) async -> ConnectionEnd {
        var decoder = makeDecoder()
        var toDiscard = configuration.discardedReports
        var receivedData = false
        while !Task.isCancelled {
            let report: [UInt8]
            do {
                report = try await transport.readReport(timeout: configuration.silenceTimeout)
            } catch let error as DeviceError {
                if error.kind == .timedOut {
                    session.update { $0.silenceTimeouts += 1 }
                    return .lost(
                        reason:
                            "no report from \(transport.device) for \(configuration.silenceTimeout ?? .zero); reopening",
                        receivedData: receivedData)
                }
                return .lost(reason: error.message, receivedData: receivedData)
            } catch {
                return .cancelled
            }
            receivedData = true
            // The first report after open may describe the pan before it was opened (usbscale, devices.md §2):
            // counted as read, never decoded.
            if toDiscard > 0 {
                toDiscard -= 1
                session.update { $0.bytesRead += Int64(report.count) }
                continue
            }
            await session.deliver(report, to: &decoder)
        }
        return .cancelled
    }

    /// Sends an output report to the open connection.
    ///
    /// - Throws: `DeviceError` when the device is not connected or the transfer fails.
    func writeOutputReport(_ report: [UInt8]) async throws {
        guard let transport = connection.withLock({ $0 }) else {
            throw DeviceError.unavailable(
                path: configuration.match.description,
                "device '\(configuration.id)' (\(configuration.match)) is not connected; nothing was sent")
        }
        try await transport.writeOutputReport(report)
    }
}

/// A USB HID supervisor: the one `DeviceSupervisor` over a `USBHIDLink`.
public typealias USBHIDDeviceSupervisor = DeviceSupervisor<USBHIDLink>

extension DeviceSupervisor where Link == USBHIDLink {
    /// Creates a supervisor reading through libusb; nothing happens until `run()`.
    public convenience init(
        configuration: USBHIDDeviceConfiguration,
        context: @escaping @Sendable () throws(DeviceError) -> USBContext = { () throws(DeviceError) in
            try USBContext.shared()
        },
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "tracegate.deviceio"),
        makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) {
        self.init(
            configuration: configuration, wallClock: wallClock, logger: logger,
            open: { configuration throws(DeviceError) in
                try USBHIDTransport.open(
                    configuration.match, interfaceNumber: configuration.interfaceNumber, context: try context())
            }, makeDecoder: makeDecoder, sink: sink)
    }

    /// Creates a supervisor that opens its device through `open` (tests hand in a stand-in transport).
    public convenience init(
        configuration: USBHIDDeviceConfiguration, wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"),
        open: @escaping @Sendable (USBHIDDeviceConfiguration) throws(DeviceError) -> any HIDReportTransport,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (DeviceUpdate) async -> Void
    ) {
        self.init(
            link: USBHIDLink(configuration: configuration, open: open, makeDecoder: makeDecoder),
            wallClock: wallClock, logger: logger, sink: sink)
    }

    /// The device's configuration.
    public var configuration: USBHIDDeviceConfiguration { link.configuration }

    /// Sends an output report to the connected device, e.g. `HIDScaleReportEncoder.zeroCommand`.
    ///
    /// - Throws: `DeviceError` when the device is not connected or the transfer fails.
    public func writeOutputReport(_ report: [UInt8]) async throws {
        try await link.writeOutputReport(report)
        session.update { $0.pollsWritten += 1 }
    }
}
