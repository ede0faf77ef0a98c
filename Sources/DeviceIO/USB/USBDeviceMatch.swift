/// Which USB device a configured device is: vendor and product id, and optionally the serial number
/// (from sysfs, as udev reads it) and the port path (`1-1.3`: bus 1, hub port 1, port 3), which stays the
/// same across reboots for cheap devices without a serial number (devices.md §5).
public struct USBDeviceMatch: Sendable, Hashable, CustomStringConvertible {
    /// idVendor.
    public var vendorID: UInt16
    /// idProduct.
    public var productID: UInt16
    /// iSerialNumber text; nil matches any.
    public var serialNumber: String?
    /// `<bus>-<port>[.<port>…]` as in /sys/bus/usb/devices; nil matches any.
    public var portPath: String?

    /// Creates a match.
    public init(vendorID: UInt16, productID: UInt16, serialNumber: String? = nil, portPath: String? = nil) {
        self.vendorID = vendorID
        self.productID = productID
        self.serialNumber = serialNumber
        self.portPath = portPath
    }

    /// Parses `vvvv:pppp` (hex, as lsusb prints it); nil when malformed.
    public init?(vidPid text: String, serialNumber: String? = nil, portPath: String? = nil) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let vendor = Self.hexID(parts[0]), let product = Self.hexID(parts[1]) else {
            return nil
        }
        self.init(vendorID: vendor, productID: product, serialNumber: serialNumber, portPath: portPath)
    }

    /// A 16-bit id written as 1–4 hex digits (an optional 0x prefix allowed); nil otherwise.
    public static func hexID(_ text: some StringProtocol) -> UInt16? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard (1...4).contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt16(digits, radix: 16)
    }

    /// Whether a port path is well formed: `<bus>-<port>` then `.<port>` per hub level, e.g. `1-1.3`.
    public static func isValidPortPath(_ path: String) -> Bool {
        path.range(of: #"^[0-9]{1,3}-[0-9]{1,3}(\.[0-9]{1,3}){0,6}$"#, options: .regularExpression) != nil
    }

    /// Whether a device with these properties is the one meant.
    func matches(vendorID: UInt16, productID: UInt16, portPath: String, serialNumber: () -> String?) -> Bool {
        guard vendorID == self.vendorID, productID == self.productID else { return false }
        if let wanted = self.portPath, wanted != portPath { return false }
        if let wanted = self.serialNumber, wanted != serialNumber() { return false }
        return true
    }

    /// "USB 0922:8003", with the serial number and port path when given.
    public var description: String {
        var text = "USB \(Self.hex(vendorID)):\(Self.hex(productID))"
        if let serialNumber { text += " serial \(serialNumber)" }
        if let portPath { text += " at \(portPath)" }
        return text
    }

    /// Four lowercase hex digits.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
