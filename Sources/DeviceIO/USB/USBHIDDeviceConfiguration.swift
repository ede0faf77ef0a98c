/// Everything a `USBHIDDeviceSupervisor` needs to know about one USB HID device, besides its decoder.
public struct USBHIDDeviceConfiguration: Sendable, Hashable, LinkConfiguration {
    /// The device id (e.g. "stall-12-scale"), used in status, logs and error messages.
    public var id: String
    /// Which USB device it is.
    public var match: USBDeviceMatch
    /// The HID interface to claim. Default 0 (devices.md §2).
    public var interfaceNumber: Int
    /// Reports dropped after each open: a scale's first report can be stale (usbscale reads twice). Default 1.
    public var discardedReports: Int
    /// A connection that delivers no report for this long is reopened; nil (default) never, since HID
    /// devices may only report on change and an unplug is reported by libusb anyway.
    public var silenceTimeout: Duration?
    /// Delays between open attempts.
    public var backoff: ReconnectBackoff

    /// Creates a configuration.
    public init(
        id: String, match: USBDeviceMatch, interfaceNumber: Int = 0, discardedReports: Int = 1,
        silenceTimeout: Duration? = nil, backoff: ReconnectBackoff = ReconnectBackoff()
    ) {
        self.id = id
        self.match = match
        self.interfaceNumber = interfaceNumber
        self.discardedReports = discardedReports
        self.silenceTimeout = silenceTimeout
        self.backoff = backoff
    }

    /// Checks the values; errors name the device and the key.
    public func validate() throws(DeviceError) {
        let name = match.description
        if let path = match.portPath, !USBDeviceMatch.isValidPortPath(path) {
            throw .invalidSetting(
                path: name, "device '\(id)': usb_path '\(path)' is not of the form 1-1.3 (bus-port.port…)")
        }
        guard (0...255).contains(interfaceNumber), discardedReports >= 0 else {
            throw .invalidSetting(path: name, "device '\(id)': interface must be 0–255 and discarded reports ≥ 0")
        }
        if let problem = reconnectionProblem(path: name, silenceTimeout: silenceTimeout) {
            throw .invalidSetting(path: name, problem)
        }
    }
}
