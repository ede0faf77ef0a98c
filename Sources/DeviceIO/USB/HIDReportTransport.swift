/// An open HID interface as `USBHIDDeviceSupervisor` uses it: input reports in, output reports out.
///
/// `USBHIDTransport` (libusb) is the production one; gateway tests supply another through the
/// supervisor's `open` parameter (`GatewayOptions.deviceOpeners`), since libusb itself can only be
/// replayed under umockdev in a separate process.
public protocol HIDReportTransport: Sendable {
    /// The device as configured, for messages, e.g. "USB 0922:8003 serial ABC".
    var device: String { get }
    /// Waits for the next input report; nil timeout waits forever.
    ///
    /// - Throws: `CancellationError` when the task is cancelled; `DeviceError` when the device is lost
    ///   or (kind `timedOut`) when no report came within `timeout`.
    func readReport(timeout: Duration?) async throws -> [UInt8]
    /// Sends an output report, report id first (e.g. `02 02` zeroes a scale).
    func writeOutputReport(_ report: [UInt8]) async throws
    /// Releases the device; called once when the connection ends.
    func close() async
}

/// The production libusb transport.
extension USBHIDTransport: HIDReportTransport {}
