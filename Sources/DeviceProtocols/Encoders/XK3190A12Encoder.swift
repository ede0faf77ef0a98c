import TraceModel

/// Encodes readings as `xk3190-a12` frames (devices.md §1a): `WG004.139kg3D\r\n`, and the
/// overload/underload frames (9 spaces + `OL23` / `LO23`). `stable` is not sent (no status byte).
public struct XK3190A12Encoder: WeightFrameEncoder {
    /// The unit and decimal places shown (斤 is sent as kg: the frame has two ASCII unit characters).
    public let display: IndicatorDisplay

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.display = IndicatorDisplay(unit: unit == .jin ? .kg : unit, decimals: decimals)
    }

    /// The 15-byte frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        var body: [UInt8]
        if reading.overload || reading.underload {
            body = Array(repeating: 0x20, count: 9) + Array((reading.overload ? "OL" : "LO").utf8)
        } else {
            let mantissa = display.mantissa(grams: reading.grams)
            let width = mantissa < 0 ? 6 : 7
            // One of the characters is the decimal point, or a space on integer displays (devices.md §1a).
            var text = display.text(mantissa, digits: width - 1)
            if display.decimals == 0 { text += " " }
            text = WeightUnit.leftPadded(text, to: width)
            body = Array(("W" + (reading.net == true ? "N" : "G") + (mantissa < 0 ? "-" : "") + text).utf8)
            body += Array(WeightUnit.leftPadded(display.unit.wireSymbol, to: 2, with: " ").utf8)
        }
        return body + ByteText.asciiHexPair(ByteText.xor(body)) + [0x0D, 0x0A]
    }
}
