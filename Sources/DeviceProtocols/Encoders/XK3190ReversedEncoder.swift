import TraceModel

/// Encodes readings as `xk3190-reversed` "=" frames (devices.md §1a): `=000.3000` for 3.000 reversed,
/// `=0003.000` when not reversed. No status is sent; the value is clamped to what 7 characters hold.
public struct XK3190ReversedEncoder: WeightFrameEncoder {
    /// Unit of the displayed value.
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int
    /// Lowest digit first.
    public let reversed: Bool

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3, reversed: Bool = true) {
        self.unit = unit
        self.decimals = min(max(decimals, 0), 4)
        self.reversed = reversed
    }

    /// The 9-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = unit.displayMantissa(grams: reading.grams, decimals: decimals)
        let digitCount = decimals > 0 ? 6 : 7
        var limit: UInt64 = 1
        for _ in 0..<digitCount { limit *= 10 }
        let text = WeightUnit.fixedPointText(magnitude: min(mantissa.magnitude, limit - 1), decimals: decimals)
        let body = Array(((mantissa < 0 ? "-" : "0") + WeightUnit.leftPadded(text, to: 7)).utf8)
        return [0x3D] + (reversed ? body.reversed() : body)
    }
}
