import TraceModel

/// Plays a Toledo 8217 scale (devices.md §1d): `W` → `STX 01.234 [N] CR` when settled, otherwise
/// `STX ? <status> CR` with bit 0 motion, 1 over capacity, 2 under zero, 5 net (bit 6 always set).
/// `Z`, `T`, `C` are accepted silently; other bytes are ignored.
public struct Toledo8217Responder: PolledScaleResponder {
    /// The unit and decimal places shown.
    public let display: IndicatorDisplay
    /// Sets bit 7 as the even-parity bit, as the wire carries it on a 7E1 line read as 8N1.
    public let evenParityBit: Bool

    /// Creates a responder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3, evenParityBit: Bool = false) {
        self.display = IndicatorDisplay(unit: unit, decimals: decimals)
        self.evenParityBit = evenParityBit
    }

    /// One reply per `W` in `request`.
    public func reply(to request: [UInt8], reading: WeightReading) -> [UInt8] {
        let replies = request.filter { $0 & 0x7F == 0x57 }.flatMap { _ in frame(for: reading) }
        return evenParityBit ? replies.map(Self.withEvenParity) : replies
    }

    /// The reply to one `W`.
    private func frame(for reading: WeightReading) -> [UInt8] {
        let netBit: UInt8 = reading.net == true ? 0x20 : 0
        if reading.overload { return [0x02, 0x3F, 0x40 | 0x02 | netBit, 0x0D] }
        if reading.underload || reading.grams < 0 { return [0x02, 0x3F, 0x40 | 0x04 | netBit, 0x0D] }
        if !reading.stable { return [0x02, 0x3F, 0x40 | 0x01 | netBit, 0x0D] }
        let mantissa = display.mantissa(grams: reading.grams)
        let text = WeightUnit.leftPadded(
            display.text(mantissa),
            to: display.decimals + (display.decimals > 0 ? 3 : 2))
        return [0x02] + Array(text.utf8) + (reading.net == true ? [0x4E] : []) + [0x0D]
    }

    /// `byte` with bit 7 set when its low 7 bits have an odd number of ones.
    static func withEvenParity(_ byte: UInt8) -> UInt8 {
        (byte & 0x7F).nonzeroBitCount % 2 == 1 ? byte | 0x80 : byte & 0x7F
    }
}
