import TraceModel

/// Plays a Toledo 8217 scale (devices.md §1d): `W` → `STX 01.234 [N] CR` when settled, otherwise
/// `STX ? <status> CR` with bit 0 motion, 1 over capacity, 2 under zero, 5 net (bit 6 always set).
/// `Z`, `T`, `C` are accepted silently; other bytes are ignored.
public struct Toledo8217Responder: PolledScaleResponder {
    /// Unit of the replies.
    public let unit: WeightUnit
    /// Decimal places displayed (0–4).
    public let decimals: Int
    /// Sets bit 7 as the even-parity bit, as the wire carries it on a 7E1 line read as 8N1.
    public let evenParityBit: Bool

    /// Creates a responder.
    public init(unit: WeightUnit = .kg, decimals: Int = 3, evenParityBit: Bool = false) {
        self.unit = unit
        self.decimals = min(max(decimals, 0), 4)
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
        let mantissa = unit.displayMantissa(grams: reading.grams, decimals: decimals)
        let text = WeightUnit.leftPadded(
            WeightUnit.fixedPointText(magnitude: mantissa.magnitude, decimals: decimals),
            to: decimals + (decimals > 0 ? 3 : 2))
        return [0x02] + Array(text.utf8) + (reading.net == true ? [0x4E] : []) + [0x0D]
    }

    /// `byte` with bit 7 set when its low 7 bits have an odd number of ones.
    static func withEvenParity(_ byte: UInt8) -> UInt8 {
        (byte & 0x7F).nonzeroBitCount % 2 == 1 ? byte | 0x80 : byte & 0x7F
    }
}
