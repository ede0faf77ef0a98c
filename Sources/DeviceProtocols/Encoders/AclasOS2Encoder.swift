import TraceModel

/// Encodes readings as `aclas-os2` frames (devices.md §1g; ⚠ unconfirmed on hardware), in either framing:
/// `\x01GS+0.500kg\r` (SOH, 'G' gross or 'N' net, 'S' stable or 'U' unstable, signed weight, unit, CR)
/// or `\x02S 0.500kg\x03` (STX, 'S'/'U', a space or '-', weight, unit, ETX).
///
/// No overload form is known, so overload and underload readings are sent as their weight.
public struct AclasOS2Encoder: WeightFrameEncoder {
    /// The two framings devices.md reports.
    public enum Framing: String, Sendable, CaseIterable {
        /// `SOH mode weight unit CR`, the byte dump from a POS app.
        case soh
        /// `STX status weight unit ETX`, inferred from `DjSerialScale.java`.
        case stx
    }

    /// The unit and decimal places shown.
    public let display: IndicatorDisplay
    /// The framing sent.
    public let framing: Framing

    /// Creates an encoder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3, framing: Framing = .soh) {
        self.display = IndicatorDisplay(unit: unit, decimals: decimals)
        self.framing = framing
    }

    /// The frame for `reading`.
    public func encode(_ reading: WeightReading) -> [UInt8] {
        let mantissa = display.mantissa(grams: reading.grams)
        let value = display.text(mantissa, digits: 7)
        let stability = reading.stable ? "S" : "U"
        let symbol = display.unit == .jin ? "jin" : display.unit.wireSymbol
        switch framing {
        case .soh:
            let mode = reading.net == true ? "N" : "G"
            return [0x01] + Array("\(mode)\(stability)\(mantissa < 0 ? "-" : "+")\(value)\(symbol)".utf8) + [0x0D]
        case .stx:
            return [0x02] + Array("\(stability)\(mantissa < 0 ? "-" : " ")\(value)\(symbol)".utf8) + [0x03]
        }
    }
}
