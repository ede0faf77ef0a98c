/// Builds the reports a HID POS scale exchanges (devices.md §2): the Scale Data Report it sends, for the
/// `tracegate-tools simulate hid-scale` report printer and tests, and the zero command it accepts.
public enum HIDScaleReportEncoder {
    /// Output report 2 with bit 1 (Zero Scale) set: `02 02`. Written to the scale to zero it.
    public static let zeroCommand: [UInt8] = [0x02, 0x02]

    /// A Scale Data Report (report 3) for `grams` with `status`: weight in `unit` × 10^`exponent`, rounded
    /// to the nearest step and clamped to the 16-bit field (the magnitude is sent; under-zero readings
    /// carry their sign in the status).
    public static func report(
        grams: Int64, status: HIDScaleStatus, unit: HIDScaleUnit = .kilogram, exponent: Int8 = -2
    ) -> [UInt8] {
        let fraction = unit.gramsFraction ?? (1, 1)
        var value = Double(grams.magnitude) * Double(fraction.denominator) / Double(fraction.numerator)
        var scale = Double(1)
        for _ in 0..<Int(exponent.magnitude) { scale *= 10 }
        value = exponent < 0 ? value * scale : value / scale
        let magnitude = UInt16(min(max(value.rounded(), 0), Double(UInt16.max)))
        return [
            0x03, status.rawValue, unit.rawValue, UInt8(bitPattern: exponent), UInt8(magnitude & 0xFF),
            UInt8(magnitude >> 8),
        ]
    }
}
