import TraceModel

/// Encodes readings as `xk3190-tf0` frames: `STX ±dddddd <decimals> XOR-hi XOR-lo ETX` (devices.md §1a).
///
/// The frame has no status, so `stable`, `net`, `overload` and `underload` are not sent; the value is
/// clamped to ±999999 display steps.
public struct XK3190ContinuousEncoder: WeightFrameEncoder {
    /// Unit of the displayed value.
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.unit = unit
        self.decimals = min(max(decimals, 0), 4)
    }

    /// The 12-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = unit.displayMantissa(grams: reading.grams, decimals: decimals)
        let magnitude = min(mantissa.magnitude, 999_999)
        var body: [UInt8] = [mantissa < 0 ? 0x2D : 0x2B]
        body += Array(WeightUnit.leftPadded(String(magnitude), to: 6).utf8)
        body.append(0x30 + UInt8(decimals))
        return [0x02] + body + ByteText.asciiHexPair(ByteText.xor(body)) + [0x03]
    }
}
