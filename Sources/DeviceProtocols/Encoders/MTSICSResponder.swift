import TraceModel

/// Plays an MT-SICS balance (devices.md §1c): answers `S`, `SI`, `Z`, `ZI`, `T`, `@`; anything else `ES`.
///
/// `S` answers `S S …` when stable and `S I` otherwise (a real balance waits for stability, then times
/// out with `S I`); `SI` answers `S S …` or `S D …`; overload/underload answer `S +` / `S -`.
public struct MTSICSResponder: PolledScaleResponder {
    /// The unit and decimal places shown (斤 is answered in g: MT-SICS has no such unit).
    public let display: IndicatorDisplay

    /// Creates a responder.
    public init(unit: WeightUnit = .g, decimals: Int = 2) {
        self.display = IndicatorDisplay(unit: unit == .jin ? .g : unit, decimals: decimals)
    }

    /// The replies to every CR LF-terminated command in `request`.
    public func reply(to request: [UInt8], reading: WeightReading) -> [UInt8] {
        // Split the bytes, not a String: Swift treats "\r\n" as one Character.
        let commands = request.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A })
        return commands.flatMap { Array((answer(ByteText.ascii($0).trimmingSpaces(), reading: reading) + "\r\n").utf8) }
    }

    /// The answer to one command.
    private func answer(_ command: Substring, reading: WeightReading) -> String {
        switch command {
        case "S", "SI":
            if reading.overload { return "S +" }
            if reading.underload { return "S -" }
            if command == "S", !reading.stable { return "S I" }
            return "S \(reading.stable ? "S" : "D") \(valueField(reading.grams))"
        case "Z", "ZI": return "Z A"
        case "T": return "T S \(valueField(reading.grams))"
        case "@": return "I4 A \"0123456789\""
        default: return "ES"
        }
    }

    /// The right-aligned value and unit, `     100.00 g`.
    private func valueField(_ grams: Int64) -> String {
        let mantissa = display.mantissa(grams: grams)
        let text =
            (mantissa < 0 ? "-" : "") + display.text(mantissa)
        return WeightUnit.leftPadded(text, to: 11, with: " ") + " " + display.unit.wireSymbol
    }
}
