import TraceModel

/// Encodes readings as A&D lines (devices.md §1e): `ST,GS,+0001.234kg\r\n` like the AD-4404 example;
/// overload is `OL,GS,+    .   kg` (digits as spaces), underload the same with '-'.
public struct AndIndicatorEncoder: WeightFrameEncoder {
    /// The unit and decimal places shown.
    public let display: IndicatorDisplay

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3) {
        self.display = IndicatorDisplay(unit: unit, decimals: decimals)
    }

    /// The line for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = display.mantissa(grams: reading.grams)
        var text = WeightUnit.leftPadded(
            display.text(mantissa, digits: 7), to: 7)
        var header = reading.stable ? "ST" : "US"
        var sign = mantissa < 0 ? "-" : "+"
        if reading.overload || reading.underload {
            header = "OL"
            sign = reading.underload ? "-" : "+"
            text = String(text.map { $0 == "." ? "." : " " })
        }
        let symbol = display.unit.wireSymbol.count == 1 ? " " + display.unit.wireSymbol : display.unit.wireSymbol
        let line = "\(header),\(reading.net == true ? "NT" : "GS"),\(sign)\(text)\(symbol)\r\n"
        return Array(line.utf8)
    }
}
