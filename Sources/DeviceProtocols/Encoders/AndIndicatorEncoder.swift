import TraceModel

/// Encodes readings as A&D lines (devices.md §1e): `ST,GS,+0001.234kg\r\n` like the AD-4404 example;
/// overload is `OL,GS,+    .   kg` (digits as spaces), underload the same with '-'.
public struct AndIndicatorEncoder: WeightFrameEncoder {
    /// Unit of the displayed value.
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.unit = unit
        self.decimals = min(max(decimals, 0), 4)
    }

    /// The line for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = unit.displayMantissa(grams: reading.grams, decimals: decimals)
        var text = WeightUnit.leftPadded(
            WeightUnit.fixedPointText(magnitude: min(mantissa.magnitude, 9_999_999), decimals: decimals), to: 7)
        var header = reading.stable ? "ST" : "US"
        var sign = mantissa < 0 ? "-" : "+"
        if reading.overload || reading.underload {
            header = "OL"
            sign = reading.underload ? "-" : "+"
            text = String(text.map { $0 == "." ? "." : " " })
        }
        let symbol = unit.wireSymbol.count == 1 ? " " + unit.wireSymbol : unit.wireSymbol
        let line = "\(header),\(reading.net == true ? "NT" : "GS"),\(sign)\(text)\(symbol)\r\n"
        return Array(line.utf8)
    }
}
