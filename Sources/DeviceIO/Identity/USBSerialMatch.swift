/// A USB-serial adapter described by what the USB bus reports about it, not by its ttyUSB number.
///
/// Why: `ttyUSBn` numbers follow plug order and change at every boot. Vendor and product ids plus the
/// adapter's serial number name one adapter wherever it is plugged in. CH340 and PL2303 chips have no
/// serial number (devices.md §5), so identical adapters can only be told apart by the USB port they are
/// plugged into: `port` is the kernel's port path (`1-1.3` = bus 1, root port 1, hub port 3), as shown
/// by `tracegate devices` and `udevadm info -a`.
public struct USBSerialMatch: Sendable, Hashable, CustomStringConvertible {
    /// Vendor id, 4 lowercase hex digits (e.g. "1a86").
    public var vendorID: String
    /// Product id, 4 lowercase hex digits (e.g. "7523").
    public var productID: String
    /// The adapter's serial number (sysfs `serial`); nil matches any.
    public var serial: String?
    /// The USB port path (e.g. "1-1.3"); nil matches any port.
    public var port: String?
    /// The interface number for multi-port adapters (e.g. FT4232: 0–3); nil matches any.
    public var interface: Int?

    /// Creates a match; ids are normalised to lowercase.
    public init(vendorID: String, productID: String, serial: String? = nil, port: String? = nil, interface: Int? = nil)
    {
        self.vendorID = vendorID.lowercased()
        self.productID = productID.lowercased()
        self.serial = serial
        self.port = port
        self.interface = interface
    }

    /// Whether `id` is 4 hex digits, as USB vendor and product ids are written.
    public static func isValidID(_ id: String) -> Bool {
        id.count == 4 && id.allSatisfy { $0.isHexDigit && $0.isASCII }
    }

    /// Whether this describes `port`.
    public func matches(_ candidate: DetectedSerialPort) -> Bool {
        guard let usb = candidate.usb else { return false }
        guard usb.vendorID == vendorID, usb.productID == productID else { return false }
        if let serial, usb.serial != serial { return false }
        if let port, usb.port != port { return false }
        if let interface, candidate.interfaceNumber != interface { return false }
        return true
    }

    /// "usb 1a86:7523 serial A10K1234 port 1-1.3".
    public var description: String {
        var text = "usb \(vendorID):\(productID)"
        if let serial { text += " serial \(serial)" }
        if let port { text += " port \(port)" }
        if let interface { text += " interface \(interface)" }
        return text
    }
}
