import TraceModel

/// Encodes readings as `xk3190-tf0` frames: `STX ±dddddd <decimals> XOR-hi XOR-lo ETX` (devices.md §1a).
///
/// The frame has no status, so `stable`, `net`, `overload` and `underload` are not sent; the value is
/// clamped to ±999999 display steps.
public struct XK3190ContinuousEncoder: WeightFrameEncoder {
    /// The unit and decimal places shown.
    public let display: IndicatorDisplay

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.display = IndicatorDisplay(unit: unit, decimals: decimals)
    }

    /// The 12-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = display.mantissa(grams: reading.grams)
        let magnitude = display.magnitude(mantissa, digits: 6)
        var body: [UInt8] = [mantissa < 0 ? 0x2D : 0x2B]
        body += Array(WeightUnit.leftPadded(String(magnitude), to: 6).utf8)
        body.append(0x30 + UInt8(display.decimals))
        return [0x02] + body + ByteText.asciiHexPair(ByteText.xor(body)) + [0x03]
    }
}
