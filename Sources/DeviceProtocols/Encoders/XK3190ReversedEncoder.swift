import TraceModel

/// Encodes readings as `xk3190-reversed` "=" frames (devices.md §1a): `=000.3000` for 3.000 reversed,
/// `=0003.000` when not reversed. No status is sent; the value is clamped to what 7 characters hold.
public struct XK3190ReversedEncoder: WeightFrameEncoder {
    /// The unit and decimal places shown.
    public let display: IndicatorDisplay
    /// Lowest digit first.
    public let reversed: Bool

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3, reversed: Bool = true) {
        self.display = IndicatorDisplay(unit: unit, decimals: decimals)
        self.reversed = reversed
    }

    /// The 9-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = display.mantissa(grams: reading.grams)
        // Seven characters: six digits and the point, or seven digits on integer displays.
        let text = display.text(mantissa, digits: display.decimals > 0 ? 6 : 7)
        let body = Array(((mantissa < 0 ? "-" : "0") + WeightUnit.leftPadded(text, to: 7)).utf8)
        return [0x3D] + (reversed ? body.reversed() : body)
    }
}
