import DeviceProtocols
import Logging
import Synchronization
import TraceModel

/// Keeps one USB HID device (a HID POS scale or scanner) read for as long as its task runs: finds and
/// opens it through libusb (retrying with backoff while it is missing, busy or not yet accessible right
/// after arrival), drops the first, possibly stale report, feeds every report to a fresh decoder per
/// connection, delivers events in order, and reopens after an unplug (LIBUSB_ERROR_NO_DEVICE) or I/O error.
///
/// The same shape as `SerialDeviceSupervisor`: `run()` returns when its task is cancelled, updates go to
/// an awaited sink as `SerialDeviceUpdate`s, and `status` is a `SerialDeviceStatus` (driver "libusb").
/// `rescan()` cuts a backoff wait short; a hotplug monitor calls it when devices change.
public final class USBHIDDeviceSupervisor: SupervisedDevice {
    /// The device's configuration.
    public let configuration: USBHIDDeviceConfiguration
    /// Makes a decoder for each new connection.
    private let makeDecoder: @Sendable () -> any FrameDecoder
    /// Opens the device (libusb by default, through a context created lazily, so a gateway without USB
    /// devices never initialises libusb or starts its event thread).
    private let open: @Sendable (USBHIDDeviceConfiguration) throws(USBDeviceError) -> any HIDReportTransport
    /// Logs state changes.
    private let logger: Logger
    /// Status counters, state changes and event delivery, shared in form with the other supervisors.
    private let reporter: DeviceStatusReporter
    /// The open connection, for `writeOutputReport`.
    private let connection = Mutex<(any HIDReportTransport)?>(nil)
    /// Wakes the backoff wait.
    private let rescanSignal = RescanSignal()

    /// Creates a supervisor reading through libusb; nothing happens until `run()`.
    public convenience init(
        configuration: USBHIDDeviceConfiguration,
        context: @escaping @Sendable () throws(USBDeviceError) -> USBContext = { () throws(USBDeviceError) in
            try USBContext.shared()
        },
        wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"),
        makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (SerialDeviceUpdate) async -> Void
    ) {
        self.init(
            configuration: configuration, wallClock: wallClock, logger: logger,
            open: { configuration throws(USBDeviceError) in
                try USBHIDTransport.open(
                    configuration.match, interfaceNumber: configuration.interfaceNumber, context: try context())
            }, makeDecoder: makeDecoder, sink: sink)
    }

    /// Creates a supervisor that opens its device through `open` (tests hand in a stand-in transport).
    public init(
        configuration: USBHIDDeviceConfiguration, wallClock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "tracegate.deviceio"),
        open: @escaping @Sendable (USBHIDDeviceConfiguration) throws(USBDeviceError) -> any HIDReportTransport,
        makeDecoder: @escaping @Sendable () -> any FrameDecoder,
        sink: @escaping @Sendable (SerialDeviceUpdate) async -> Void
    ) {
        self.configuration = configuration
        self.open = open
        self.makeDecoder = makeDecoder
        var logger = logger
        logger[metadataKey: "device"] = "\(configuration.id)"
        self.logger = logger
        var status = SerialDeviceStatus(id: configuration.id)
        status.driver = "libusb"
        self.reporter = DeviceStatusReporter(status: status, sink: sink, logger: logger, wallClock: wallClock)
    }

    /// The current status; safe to read from any thread.
    public var status: SerialDeviceStatus { reporter.store.withLock { $0 } }

    /// Try to open the device now instead of after the current backoff delay (devices changed).
    public func rescan() { rescanSignal.signal() }

    /// Calls `rescan()` for every element of `changes` until it ends or the task is cancelled; run it
    /// next to `run()` to plug in a hotplug monitor.
    public func follow(_ changes: some AsyncSequence<Void, Never> & Sendable) async {
        for await _ in changes { rescan() }
    }

    /// Sends an output report to the connected device, e.g. `HIDScaleReportEncoder.zeroCommand`.
    ///
    /// - Throws: `USBDeviceError` when the device is not connected or the transfer fails.
    public func writeOutputReport(_ report: [UInt8]) async throws {
        guard let transport = connection.withLock({ $0 }) else {
            throw USBDeviceError.unavailable(
                configuration.match.description,
                "device '\(configuration.id)' (\(configuration.match)) is not connected; nothing was sent")
        }
        try await transport.writeOutputReport(report)
        reporter.store.withLock { $0.pollsWritten += 1 }
    }

    /// Supervises the device until the task is cancelled (then returns normally, state `stopped`).
    ///
    /// Throws `USBDeviceError` only for errors retrying cannot fix (state `failed`): a bad configuration,
    /// or a device without an interrupt IN endpoint on the configured interface.
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
            let transport: any HIDReportTransport
            do {
                transport = try open(configuration)
            } catch {
                guard error.isRetryable else {
                    await reporter.fail(error.message)
                    throw error
                }
                await reporter.enterWaiting(error.message)
                guard await rescanSignal.sleep(for: configuration.backoff.delay(attempt: attempt)) else { break }
                attempt += 1
                continue
            }
            if hasConnected { reporter.store.withLock { $0.reconnects += 1 } }
            hasConnected = true
            connection.withLock { $0 = transport }
            await reporter.setState(.connected)
            let (reason, receivedData) = await serve(transport)
            connection.withLock { $0 = nil }
            await transport.close()
            guard let reason else { break }
            if receivedData { attempt = 0 }
            await reporter.enterWaiting(reason)
            guard await rescanSignal.sleep(for: configuration.backoff.delay(attempt: attempt)) else { break }
            attempt += 1
        }
        await reporter.setState(.stopped)
    }

    /// Reads one connection until it is lost (returns the reason) or the task is cancelled (nil).
    private func serve(_ transport: any HIDReportTransport) async -> (reason: String?, receivedData: Bool) {
        var decoder = makeDecoder()
        var toDiscard = configuration.discardedReports
        var receivedData = false
        while !Task.isCancelled {
            let report: [UInt8]
            do {
                report = try await transport.readReport(timeout: configuration.silenceTimeout)
            } catch let error as USBDeviceError {
                if error.kind == .timedOut {
                    reporter.store.withLock { $0.silenceTimeouts += 1 }
                    return (
                        "no report from \(transport.device) for \(configuration.silenceTimeout ?? .zero); reopening",
                        receivedData
                    )
                }
                return (error.message, receivedData)
            } catch {
                return (nil, receivedData)
            }
            receivedData = true
            // The first report after open may describe the pan before it was opened (usbscale, devices.md §2):
            // counted as read, never decoded.
            if toDiscard > 0 {
                toDiscard -= 1
                reporter.store.withLock { $0.bytesRead += Int64(report.count) }
                continue
            }
            await reporter.deliver(report, to: &decoder)
        }
        return (nil, receivedData)
    }
}
