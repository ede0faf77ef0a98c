import TraceModel

/// Encodes readings as `xk3190-a12` frames (devices.md §1a): `WG004.139kg3D\r\n`, and the
/// overload/underload frames (9 spaces + `OL23` / `LO23`). `stable` is not sent (no status byte).
public struct XK3190A12Encoder: WeightFrameEncoder {
    /// Unit of the displayed value (斤 is sent as kg: the frame has two ASCII unit characters).
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.unit = unit == .jin ? .kg : unit
        self.decimals = min(max(decimals, 0), 4)
    }

    /// The 15-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        var body: [UInt8]
        if reading.overload || reading.underload {
            body = Array(repeating: 0x20, count: 9) + Array((reading.overload ? "OL" : "LO").utf8)
        } else {
            let mantissa = unit.displayMantissa(grams: reading.grams, decimals: decimals)
            let width = mantissa < 0 ? 6 : 7
            var limit: UInt64 = 1
            // One of the characters is the decimal point, or a space on integer displays (devices.md §1a).
            for _ in 0..<(width - 1) { limit *= 10 }
            var text = WeightUnit.fixedPointText(magnitude: min(mantissa.magnitude, limit - 1), decimals: decimals)
            if decimals == 0 { text += " " }
            text = WeightUnit.leftPadded(text, to: width)
            body = Array(("W" + (reading.net == true ? "N" : "G") + (mantissa < 0 ? "-" : "") + text).utf8)
            body += Array(WeightUnit.leftPadded(unit.wireSymbol, to: 2, with: " ").utf8)
        }
        return body + ByteText.asciiHexPair(ByteText.xor(body)) + [0x0D, 0x0A]
    }
}
