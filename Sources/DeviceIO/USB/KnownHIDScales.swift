/// USB HID point-of-sale scales known to speak report 3 (devices.md §2, from usbscale's scales.h), for
/// `tracegate devices` listings and documentation. Any other VID:PID can be configured directly.
public enum KnownHIDScales {
    /// Vendor and product ids with the maker's name.
    public static let all: [(vendorID: UInt16, productID: UInt16, name: String)] = [
        (0x0922, 0x8003, "Dymo"), (0x0922, 0x8004, "Dymo M25"), (0x0922, 0x8009, "Dymo S180"),
        (0x0EB8, 0xF000, "Mettler Toledo"), (0x1446, 0x6A73, "Stamps.com"), (0x2474, 0x0550, "Stamps.com"),
        (0x2474, 0x3550, "Stamps.com"), (0x7B7C, 0x0100, "Elane"), (0x6096, 0x0158, "Sanford/Dymo"),
        (0x0B67, 0x555E, "Fairbanks"), (0x0D8F, 0x0200, "Pitney Bowes"),
    ]

    /// The maker's name when `vendorID:productID` is a known scale.
    public static func name(vendorID: UInt16, productID: UInt16) -> String? {
        all.first { $0.vendorID == vendorID && $0.productID == productID }?.name
    }
}
