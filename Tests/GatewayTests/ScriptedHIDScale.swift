import DeviceProtocols
import Synchronization

@testable import DeviceIO

/// A USB HID scale stand-in for the gateway (`GatewayOptions.deviceOpeners`): each open gets a fresh
/// connection whose input reports the test sends; output reports are recorded; `unplug()` ends the
/// connection as LIBUSB_ERROR_NO_DEVICE would.
final class ScriptedHIDScale: Sendable {
    /// The current connection's report feed.
    private let feed = Mutex<AsyncStream<[UInt8]>.Continuation?>(nil)
    /// Opens so far.
    private let openCount = Mutex(0)
    /// Output reports written by the gateway.
    private let writtenReports = Mutex<[[UInt8]]>([])
    /// The device id this scale stands for; other USB devices are "not plugged in".
    private let deviceID: String

    /// A scale for the configured device `only`.
    init(only deviceID: String) { self.deviceID = deviceID }

    /// The opener to give the runtime.
    var opener: @Sendable (USBHIDDeviceConfiguration) throws(DeviceError) -> any HIDReportTransport {
        { [self] configuration throws(DeviceError) in
            guard configuration.id == deviceID else {
                throw DeviceError.unavailable(
                    path: configuration.match.description, "\(configuration.match) is not connected")
            }
            let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
            feed.withLock { $0 = continuation }
            openCount.withLock { $0 += 1 }
            return StreamHIDTransport(
                device: configuration.match.description, reports: stream,
                written: { report in self.writtenReports.withLock { $0.append(report) } })
        }
    }

    /// How often the gateway opened the scale.
    var opens: Int { openCount.withLock { $0 } }
    /// Output reports received.
    var written: [[UInt8]] { writtenReports.withLock { $0 } }

    /// The scale reports `grams` (stable, or stable at zero for 0).
    func weigh(_ grams: Int64) {
        let status: HIDScaleStatus = grams == 0 ? .stableAtZero : .stable
        _ = feed.withLock { $0?.yield(HIDScaleReportEncoder.report(grams: grams, status: status)) }
    }

    /// Pulls the cable: the pending read fails with NO_DEVICE.
    func unplug() {
        feed.withLock { continuation in
            continuation?.finish()
            continuation = nil
        }
    }
}

/// One connection of `ScriptedHIDScale`.
final class StreamHIDTransport: HIDReportTransport {
    /// For messages.
    let device: String
    /// Reports to deliver; one reader (the supervisor's task) at a time.
    private let reports: AsyncStream<[UInt8]>
    /// Records output reports.
    private let written: @Sendable ([UInt8]) -> Void

    /// Wraps a report feed.
    init(device: String, reports: AsyncStream<[UInt8]>, written: @escaping @Sendable ([UInt8]) -> Void) {
        self.device = device
        self.reports = reports
        self.written = written
    }

    /// The next fed report; NO_DEVICE when the feed ended (unplug).
    func readReport(timeout: Duration?) async throws -> [UInt8] {
        var iterator = reports.makeAsyncIterator()
        if let report = await iterator.next() { return report }
        try Task.checkCancellation()
        throw DeviceError.libusb(-4, "reading from", device: device, kind: .io)  // LIBUSB_ERROR_NO_DEVICE
    }

    /// Records the report.
    func writeOutputReport(_ report: [UInt8]) async throws { written(report) }

    /// Nothing to release.
    func close() async {}
}
