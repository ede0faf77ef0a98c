/// A USB device model the gateway recognises as a candidate, by vendor and product id.
///
/// Source: devices.md §5 (USB-serial bridges, from the kernel's driver id tables) and §2 (HID POS
/// scales, from erjiang/usbscale's scales.h). Used by `tracegate devices` to point out candidates.
public struct KnownUSBDevice: Sendable, Hashable {
    /// What kind of candidate it is.
    public enum Kind: String, Sendable, Hashable {
        /// A USB-serial bridge; a scale, scanner or reader hangs off its tty.
        case serialBridge = "usb-serial"
        /// A USB HID point-of-sale scale (usage page 0x8D).
        case hidScale = "hid-scale"
    }

    /// Vendor id, lowercase hex.
    public var vendorID: String
    /// Product id, lowercase hex.
    public var productID: String
    /// Chip or model name.
    public var name: String
    /// Kind.
    public var kind: Kind
    /// Whether the chip has a serial number (false: match by USB port, devices.md §5).
    public var hasSerialNumber: Bool

    /// Every known model.
    public static let all: [KnownUSBDevice] =
        [
            KnownUSBDevice(
                vendorID: "0403", productID: "6001", name: "FTDI FT232", kind: .serialBridge, hasSerialNumber: true),
            KnownUSBDevice(
                vendorID: "067b", productID: "2303", name: "PL2303", kind: .serialBridge, hasSerialNumber: false),
            KnownUSBDevice(
                vendorID: "10c4", productID: "ea60", name: "CP210x", kind: .serialBridge, hasSerialNumber: true),
        ]
        + ["7523", "7522", "5523", "e523"].map {
            KnownUSBDevice(vendorID: "1a86", productID: $0, name: "CH340", kind: .serialBridge, hasSerialNumber: false)
        }
        + [
            ("0922", "8003", "Dymo M10"), ("0922", "8004", "Dymo M25"), ("0922", "8009", "Dymo S180"),
            ("0eb8", "f000", "Mettler Toledo"), ("1446", "6a73", "Stamps.com"), ("2474", "0550", "Stamps.com"),
            ("2474", "3550", "Stamps.com"), ("7b7c", "0100", "Elane"), ("6096", "0158", "Sanford/Dymo"),
            ("0b67", "555e", "Fairbanks"), ("0d8f", "0200", "Pitney Bowes"),
        ].map { KnownUSBDevice(vendorID: $0.0, productID: $0.1, name: $0.2, kind: .hidScale, hasSerialNumber: true) }

    /// The known model with these ids.
    public static func model(vendorID: String, productID: String) -> KnownUSBDevice? {
        let vendor = vendorID.lowercased()
        let product = productID.lowercased()
        return all.first { $0.vendorID == vendor && $0.productID == product }
    }
}
